import * as path from 'path';
import type { DesignName } from '../../../lib/workload/contract';
import { loadScenario } from '../../../simulator/scenario/load';
import type { DesignUsage } from '../../../simulator/results/usage';

/** The baseline scenario, as results.json carries it (`scenario.spec`). */
export const BASELINE = loadScenario(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'));

/** Usage shaped like a collector's output for a 1M-event baseline run: 32 partitions, 1 per invocation. */
export const SAMPLE_USAGE: Readonly<Record<DesignName, DesignUsage>> = {
  distributed: {
    lambda: {
      architecture: 'arm64',
      invocations: [
        { durationMs: 1843.61, initMs: 287.4, memoryMb: 1769, count: 16 },
        { durationMs: 1790.02, memoryMb: 1769, count: 16 },
        { durationMs: 950.5, memoryMb: 1769 },
      ],
    },
    stepFunctions: { standardTransitions: 35 },
    s3: { putRequests: 192, listRequests: 1, getRequests: 65, storedBytes: 452_000_000 },
    logs: { ingestedBytes: 33 * 600 + 32 * 400 },
  },
  'single-node': {
    fargate: { vcpu: 2, memoryGb: 4, architecture: 'arm64', taskSeconds: [79.4] },
    stepFunctions: { standardTransitions: 2 },
    s3: { putRequests: 192, listRequests: 1, getRequests: 33, storedBytes: 452_000_000 },
    logs: { ingestedBytes: 600 + 32 * 400 },
  },
};

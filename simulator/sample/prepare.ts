import type { SchemaRegistry } from '../../lib/workload/registry';
import { loadReplayPool, type ReplayPool } from '../generate/replay';
import type { FieldMapping } from '../infer/mapping';
import type { Scenario } from '../scenario/schema';
import { type SampleFiles, sampleSha256, scenarioMapping, scenarioSampleFiles } from './files';

/**
 * A scenario's `workload.source`, ready for a run: its files found and checked, its bytes hashed (the
 * data cache key includes the hash), and the replay pool loaded on first use only (a cached run never
 * reads the sample twice).
 */
export interface PreparedSample {
  readonly files: SampleFiles;
  readonly mapping?: FieldMapping;
  readonly sha256: string;
  /** Bytes as stored. */
  readonly bytes: number;
  /** The replay pool, classified against the scenario's registry and SLA; loaded once. */
  pool(): Promise<ReplayPool>;
}

export async function prepareScenarioSample(
  scenarioFile: string,
  scenario: Scenario,
  registry: SchemaRegistry,
  o: { signal?: AbortSignal } = {},
): Promise<PreparedSample | undefined> {
  const files = scenarioSampleFiles(scenarioFile, scenario);
  if (!files) return undefined;
  const mapping = scenarioMapping(scenarioFile, scenario);
  const hash = await sampleSha256(files, o.signal);
  let loaded: Promise<ReplayPool> | undefined;
  return {
    files,
    ...(mapping ? { mapping } : {}),
    sha256: hash.sha256,
    bytes: hash.bytes,
    pool() {
      loaded ??= loadReplayPool(files, registry, { slaMinutes: scenario.workload.freshness.slaMinutes, seed: scenario.seed, sha256: hash.sha256, bytes: hash.bytes, mapping, signal: o.signal });
      return loaded;
    },
  };
}

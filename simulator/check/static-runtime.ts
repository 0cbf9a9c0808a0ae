import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { projectUsage } from '../cost/project';
import type { PriceTable } from '../cost/price-table';
import type { AwsAssumptions } from '../model/assumptions';
import { sampleDraws } from '../model/bands';
import { PLACEHOLDER_MEMORY } from '../model/fit';
import { projectDistributed, projectSingleNode, type WorkloadRates } from '../model/project-aws';
import type { Scenario } from '../scenario/schema';
import type { RuntimeFacts } from './report-schema';

/**
 * Projected AWS runtime for a scenario that has not run, so `check` needs no emulator. The model's AWS
 * projection (simulator/model/project-aws.ts, the same one a run uses) is fed workload rates taken from
 * the static cost projection's placeholder assumptions (simulator/cost/project.ts, what `scalesim cost
 * <scenario>` prints), so the two static numbers rest on the same guesses. The band is the same seeded
 * Monte Carlo a run's projection uses, over the AWS calibration profile's ranges only: placeholder
 * rates have no measured spread. A run replaces all of this with measured rates (check a results.json).
 */

export const STATIC_RUNTIME_SOURCE =
  'static projection: simulator/model/project-aws.ts fed the placeholder workload rates of `scalesim cost <scenario>` (cpuMsPerEvent, overhead per partition, Lambda init, bytes per event); run `scalesim run` for measured rates';

export function staticWorkloadRates(scenario: Scenario): WorkloadRates {
  const projection = projectUsage(scenario);
  const a = projection.assumptions;
  const events = Math.max(1, scenario.workload.events);
  const raw = projection.designs.distributed.s3.zones?.raw?.bytes ?? 0;
  return {
    cpuPerEventMs: a.cpuMsPerEvent,
    cpuPerEventLowMs: a.cpuMsPerEvent,
    cpuPerEventHighMs: a.cpuMsPerEvent,
    cpuSource: 'placeholder of `scalesim cost <scenario>` (nothing measured, so no spread)',
    cpuPerPartitionMs: a.overheadMsPerPartition,
    warmupCpuMs: 0,
    rawBytesPerEvent: raw / events,
    outBytesPerEvent: a.storedBytesPerEvent,
    putsPerPartition: a.s3PutsPerPartition,
    logBytesPerInvocation: a.logBytesPerWorker + a.logBytesPerPartition * scenario.distributed.map.partitionsPerInvocation,
    memoryBaseMb: PLACEHOLDER_MEMORY.baseMb,
    memoryPerEventMb: PLACEHOLDER_MEMORY.perEventMb,
  };
}

/** `assumptions`: the AWS calibration profile resolved for the scenario's artefacts (simulator/model/calibration.ts). */
export function staticRuntimes(scenario: Scenario, prices: PriceTable, assumptions: AwsAssumptions): Record<DesignName, RuntimeFacts> {
  const rates = staticWorkloadRates(scenario);
  const events = scenario.workload.events;
  const draws = sampleDraws(rates, assumptions, scenario.seed);
  const out = {} as Record<DesignName, RuntimeFacts>;
  for (const design of DESIGNS) {
    const p = design === 'single-node' ? projectSingleNode(events, scenario, rates, assumptions, prices, draws) : projectDistributed(events, scenario, rates, assumptions, prices, {}, draws);
    out[design] = {
      basis: 'projected',
      lowMs: Math.round(p.runtimeMs.low),
      midMs: Math.round(p.runtimeMs.mid),
      highMs: Math.round(p.runtimeMs.high),
      ...(p.runtimeMs.p95 !== undefined ? { p95Ms: Math.round(p.runtimeMs.p95) } : {}),
      source: STATIC_RUNTIME_SOURCE,
      configuration: p.configuration,
      ...(p.infeasible ? { infeasible: p.infeasible } : {}),
      ...(resized(design, scenario, p.configuration) ? { resized: `the projection resized it to ${p.configuration} to meet the SLA; as configured it misses` } : {}),
    };
  }
  return out;
}

/**
 * Whether the projection changed the configured size: project-aws.ts upsizes the single node (vCPU or
 * memory) and raises the Map's concurrency until the SLA is met, and says so in its configuration text.
 */
function resized(design: DesignName, scenario: Scenario, configuration: string): boolean {
  if (design === 'distributed') return configuration.includes('(raised from the configured');
  const f = scenario.singleNode.fargate;
  return !configuration.startsWith(`Fargate ${f.vcpu} vCPU / ${f.memoryMiB} MiB `);
}

import type { PriceTable } from '../cost/price-table';
import type { Scenario } from '../scenario/schema';
import type { AwsAssumptions } from './assumptions';
import { findCrossover, logGrid, type MonthlyTotals, projectors } from './crossover';
import type { WorkloadRates } from './project-aws';
import type { CrossoverPoint } from '../results/model';
import type { ProxyProjection } from '../results/proxy-limits';

/**
 * The AWS projection of the synthetic proxy next to the sample's. The run measured the sample on the
 * emulator, so its fitted rates are the sample's; the synthetic side's rates are the same rates with
 * the workload terms (CPU per event, raw and output bytes per event, memory per event) scaled by what
 * the in-process measurement found synthetic/sample to be. Platform terms (cold start, orchestration,
 * PUTs per partition, logs) stay as fitted: they belong to the designs, not to the data. Pure.
 */

/** What the in-process measurement found for one side (run/proxy-limits.ts), per event. */
export interface MeasuredSide {
  readonly cpuPerEventUsTotal: number;
  readonly bytesPerEvent: number;
  readonly storedBytesPerEvent: number;
  readonly outBytesPerEvent: number;
}

export function syntheticRates(sample: WorkloadRates, synth: MeasuredSide, real: MeasuredSide): WorkloadRates {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 1);
  const cpu = ratio(synth.cpuPerEventUsTotal, real.cpuPerEventUsTotal);
  return {
    ...sample,
    cpuPerEventMs: sample.cpuPerEventMs * cpu,
    cpuPerEventLowMs: sample.cpuPerEventLowMs * cpu,
    cpuPerEventHighMs: sample.cpuPerEventHighMs * cpu,
    rawBytesPerEvent: sample.rawBytesPerEvent * ratio(synth.storedBytesPerEvent, real.storedBytesPerEvent),
    outBytesPerEvent: sample.outBytesPerEvent * ratio(synth.outBytesPerEvent, real.outBytesPerEvent),
    memoryPerEventMb: sample.memoryPerEventMb * ratio(synth.bytesPerEvent, real.bytesPerEvent),
  };
}

export interface ProjectSideOptions {
  readonly volume: number;
  readonly projectTo: number;
  /** The run's calibration profile, resolved (model/calibration.ts). */
  readonly assumptions: AwsAssumptions;
  /**
   * The templates' fixed monthly costs and the scenario's runs a month: "cheaper" then compares monthly
   * totals, as the run's own crossover does (model/build-model.ts).
   * @default - per-run cost only
   */
  readonly monthly?: MonthlyTotals;
}

/** One side projected at one volume, with its crossover (results.json `proxyDataLimits.projected`). */
export function projectSide(rates: WorkloadRates, scenario: Scenario, prices: PriceTable, o: ProjectSideOptions): ProxyProjection {
  const p = projectors(scenario, rates, o.assumptions, prices);
  const s = p['single-node'](o.volume);
  const d = p.distributed(o.volume);
  const c = findCrossover(logGrid(Math.min(1e4, o.volume), Math.max(o.projectTo, o.volume * 10)), p, o.monthly);
  const point = (x: CrossoverPoint) => ({ volume: x.volume, holds: x.holds });
  return {
    runtimeMs: { 'single-node': { ...s.runtimeMs }, distributed: { ...d.runtimeMs } },
    costUsd: { 'single-node': { ...s.costUsd }, distributed: { ...d.costUsd } },
    singleNodeInfeasible: s.infeasible,
    crossover: { faster: point(c.faster), cheaper: point(c.cheaper), singleNodeInfeasible: point(c.singleNodeInfeasible), sentence: c.sentence },
  };
}

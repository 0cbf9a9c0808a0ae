import type { DesignName } from '../../lib/workload/contract';
import type { PriceTable } from '../cost/price-table';
import type { Scenario } from '../scenario/schema';
import { type AwsAssumptions, describeAssumptions } from './assumptions';
import { BAND_QUANTILES, DRAWS, midDraw, sampleDraws, uncertainInputs } from './bands';
import type { CalibrationRecord } from './calibration';
import { crossoverIntervals, curvesOver, findCrossover, logGrid, memorySweep, pointProjectors, projectors, sensitivityProjectors } from './crossover';
import { decisionMap, DEFAULT_RUNS_PER_MONTH } from './decision-map';
import { fitRuns, SweepRun } from './fit';
import { distributedPoint, type Projection } from './project-aws';
import type { WorkloadCost } from './workload-cost';
import type { ProjectedRuntime } from '../results/design';
import type { MemorySweep, ModelResult } from '../results/model';
import type { WorkloadRates } from './workload-rates';

const MEMORY_SIZES_MB = [512, 1024, 1769, 3008, 5307, 10240] as const;

export interface BuildModelOptions {
  readonly projectTo: number;
  /** @default 1e4 */
  readonly projectFrom?: number;
  /** The AWS constants, resolved from a calibration profile (simulator/model/calibration.ts). */
  readonly assumptions: AwsAssumptions;
  /** The profile the assumptions came from, recorded in the result. */
  readonly calibration?: CalibrationRecord;
  /**
   * The workload's CPU per event from the isolated calibration, used for both designs.
   * @default - the emulator runs' stage profiles (less stable under machine load)
   */
  readonly workloadCost?: WorkloadCost;
  /**
   * Monte Carlo draws per band and crossover interval.
   * @default DRAWS
   */
  readonly draws?: number;
  /**
   * Fixed monthly cost of each design's template (simulator/cost): the crossover's "cheaper" (at the
   * point estimate and in every draw) and the decision map then compare monthly totals, fixed + runs ×
   * per run.
   * @default - per-run cost only, and no decision map
   */
  readonly fixedMonthlyUsd?: Readonly<Record<DesignName, number>>;
}

/** The model and both designs' projections at the scenario's own volume. */
export interface BuiltModel {
  readonly model: ModelResult;
  readonly atScenario: Record<DesignName, Projection>;
}

/**
 * From measured runs to the answer: fit, validate, project both designs onto AWS with bands, sweep
 * Lambda memory, and find the crossover with its interval. Pure: runs, scenario, prices and the
 * calibration are arguments; the Monte Carlo is seeded with the scenario's seed.
 */
export function buildModel(runs: readonly SweepRun[], scenario: Scenario, prices: PriceTable, o: BuildModelOptions): BuiltModel {
  const a = o.assumptions;
  const fitted = fitRuns(runs, o.workloadCost);
  const rates = fitted.rates;
  const volumes = logGrid(o.projectFrom ?? 1e4, o.projectTo);
  const draws = sampleDraws(rates, a, scenario.seed, o.draws ?? DRAWS);
  const mid = midDraw(rates, a);
  const sweep = memorySweep(MEMORY_SIZES_MB, (m) => distributedPoint(scenario.workload.events, scenario, rates, a, prices, mid, { memoryMb: m }));
  const p = projectors(scenario, rates, a, prices, draws);
  const monthly = o.fixedMonthlyUsd ? { fixedMonthlyUsd: o.fixedMonthlyUsd, runsPerMonth: scenario.schedule.runsPerMonth } : undefined;
  const atMid = pointProjectors(scenario, rates, a, prices, mid);
  const crossover = crossoverIntervals(volumes, findCrossover(volumes, atMid, monthly), {
    draws: draws.map((d) => pointProjectors(scenario, rates, a, prices, d)),
    sensitivity: sensitivityProjectors(scenario, rates, a, prices),
    ...(monthly ? { monthly } : {}),
  });
  const mapEvents = logGrid(o.projectFrom ?? 1e4, o.projectTo, 1);
  const model: ModelResult = {
    basis: 'projected',
    measuredPoints: fitted.measuredPoints,
    fit: fitted.fit,
    validation: fitted.validation,
    curves: curvesOver(volumes, p),
    crossover,
    ...(monthly
      ? {
          // The map compares the point estimates (the crossover above carries the intervals).
          decisionMap: decisionMap(projectors(scenario, rates, a, prices), monthly.fixedMonthlyUsd, mapEvents, DEFAULT_RUNS_PER_MONTH, {
            events: scenario.workload.events,
            runsPerMonth: monthly.runsPerMonth,
          }),
        }
      : {}),
    memorySweep: sweep,
    assumptions: modelAssumptions(scenario, rates, a, sweep),
    ...(o.workloadCost ? { workloadCost: o.workloadCost } : {}),
    ...(o.calibration ? { calibration: o.calibration } : {}),
    uncertainty: uncertaintyRecord(rates, a, draws.length, scenario.seed),
  };
  return { model, atScenario: { 'single-node': p['single-node'](scenario.workload.events), distributed: p.distributed(scenario.workload.events) } };
}

/** What the projection assumes, each with its source: the workload rates, the AWS constants, the Lambda memory and the validation. */
function modelAssumptions(scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, sweep: MemorySweep): ModelResult['assumptions'] {
  const archs = { singleNode: scenario.singleNode.fargate.architecture, distributed: scenario.distributed.lambda.architecture };
  return [
    {
      key: 'cpuPerEventMs',
      text: `workload CPU per event ${(rates.cpuPerEventMs * 1000).toFixed(2)} µs on the measuring machine (range ${(rates.cpuPerEventLowMs * 1000).toFixed(2)}–${(rates.cpuPerEventHighMs * 1000).toFixed(2)} µs), the same for both designs; JIT warm-up ${rates.warmupCpuMs} ms per fresh process`,
      source: `measured: ${rates.cpuSource}`,
    },
    ...describeAssumptions(a, archs),
    {
      key: 'lambdaMemory',
      text: `Lambda memory for the distributed curve: the scenario's ${scenario.distributed.lambda.memoryMiB} MB (memory sweep: cost optimum ${sweep.optima.cost} MB, speed ${sweep.optima.speed} MB, balanced ${sweep.optima.balanced} MB)`,
      source: 'scenario: distributed.lambda.memoryMiB; the sweep projects the same workload at each size',
    },
    {
      key: 'validation',
      text: 'the emulator model (wall = fixed + per-event × events) is validated on held-out volumes; the AWS projection reuses the workload rates, not emulator wall times',
      source: 'model design: emulator wall time on shared cores is not AWS wall time (DESIGN.md, Measuring honestly on 2 cores)',
    },
  ];
}

/** results.json `model.uncertainty`: how the bands were drawn, and every uncertain input's range. */
function uncertaintyRecord(rates: WorkloadRates, a: AwsAssumptions, draws: number, seed: number): ModelResult['uncertainty'] {
  return {
    method: `seeded Monte Carlo: each draw takes every uncertain input from a triangular distribution (low, point estimate, high); both designs are projected under the same draw; bands are the ${BAND_QUANTILES.low * 100}th and ${BAND_QUANTILES.high * 100}th percentiles`,
    draws,
    seed,
    quantiles: { low: BAND_QUANTILES.low, high: BAND_QUANTILES.high },
    inputs: uncertainInputs(rates, a).map((i) => ({ key: i.key, name: i.name, mid: i.range.mid, low: i.range.low, high: i.range.high, source: i.range.source })),
  };
}

/** The projected AWS runtime and cost of each design at the scenario's own volume, for results.json `runtime.projectedAws`. */
export function projectedRuntimes(built: BuiltModel): Record<DesignName, ProjectedRuntime> {
  const out = {} as Record<DesignName, ProjectedRuntime>;
  for (const d of ['single-node', 'distributed'] as const) {
    const x = built.atScenario[d];
    out[d] = {
      basis: 'projected',
      wallMs: Math.round(x.runtimeMs.mid),
      lowMs: Math.round(x.runtimeMs.low),
      highMs: Math.round(x.runtimeMs.high),
      ...(x.runtimeMs.p50 !== undefined ? { p50Ms: Math.round(x.runtimeMs.p50) } : {}),
      ...(x.runtimeMs.p95 !== undefined ? { p95Ms: Math.round(x.runtimeMs.p95) } : {}),
      costUsd: x.costUsd,
      cpuPerEventMs: x.cpuPerEventMs,
      assumptions: [x.configuration, ...(x.infeasible ? [`infeasible: ${x.infeasible}`] : []), ...built.model.assumptions.slice(0, 3).map((a) => (typeof a === 'string' ? a : a.text))],
    };
  }
  return out;
}

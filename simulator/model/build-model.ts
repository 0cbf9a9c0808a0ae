import type { DesignName } from '../../lib/workload/contract';
import type { PriceTable } from '../cost/price-table';
import type { Scenario } from '../scenario/schema';
import { AwsAssumptions, DEFAULT_AWS_ASSUMPTIONS, describeAssumptions } from './assumptions';
import { curvesOver, findCrossover, logGrid, memorySweep, projectors } from './crossover';
import { decisionMap, DEFAULT_RUNS_PER_MONTH } from './decision-map';
import { fitRuns, SweepRun } from './fit';
import { projectDistributed } from './project-aws';
import type { ProjectedRuntime } from '../results/design';
import type { ModelResult } from '../results/model';

const MEMORY_SIZES_MB = [512, 1024, 1769, 3008, 5307, 10240] as const;

export interface BuildModelOptions {
  readonly projectTo: number;
  /** @default 1e4 */
  readonly projectFrom?: number;
  readonly assumptions?: AwsAssumptions;
  /**
   * Fixed monthly cost of each design's template (simulator/cost): the crossover's "cheaper" and the
   * decision map then compare monthly totals, fixed + runs × per run.
   * @default - per-run cost only, and no decision map
   */
  readonly fixedMonthlyUsd?: Readonly<Record<DesignName, number>>;
}

/**
 * From measured runs to the answer: fit, validate, project both designs onto AWS, sweep Lambda memory,
 * and find the crossover. Pure: runs, scenario and prices are arguments.
 */
export function buildModel(runs: readonly SweepRun[], scenario: Scenario, prices: PriceTable, o: BuildModelOptions): ModelResult {
  const a = o.assumptions ?? DEFAULT_AWS_ASSUMPTIONS;
  const fitted = fitRuns(runs);
  const volumes = logGrid(o.projectFrom ?? 1e4, o.projectTo);
  const sweep = memorySweep(MEMORY_SIZES_MB, (m) => projectDistributed(scenario.workload.events, scenario, fitted.rates, a, prices, { memoryMb: m }));
  const p = projectors(scenario, fitted.rates, a, prices);
  const monthly = o.fixedMonthlyUsd ? { fixedMonthlyUsd: o.fixedMonthlyUsd, runsPerMonth: scenario.schedule.runsPerMonth } : undefined;
  const mapEvents = logGrid(o.projectFrom ?? 1e4, o.projectTo, 1);
  return {
    basis: 'projected',
    measuredPoints: fitted.measuredPoints,
    fit: fitted.fit,
    validation: fitted.validation,
    curves: curvesOver(volumes, p),
    crossover: findCrossover(volumes, p, monthly),
    ...(monthly
      ? { decisionMap: decisionMap(p, monthly.fixedMonthlyUsd, mapEvents, DEFAULT_RUNS_PER_MONTH, { events: scenario.workload.events, runsPerMonth: monthly.runsPerMonth }) }
      : {}),
    memorySweep: sweep,
    assumptions: [
      ...describeAssumptions(a),
      `Lambda memory for the distributed curve: the scenario's ${scenario.distributed.lambda.memoryMiB} MB (memory sweep: cost optimum ${sweep.optima.cost} MB, speed ${sweep.optima.speed} MB, balanced ${sweep.optima.balanced} MB)`,
      'the emulator model (wall = fixed + per-event × events) is validated on held-out volumes; the AWS projection reuses its fitted workload rates, not its wall times',
    ],
  };
}

/** The projected AWS runtime of each design at the scenario's own volume, for results.json `runtime.projectedAws`. */
export function projectedRuntimes(model: ModelResult, scenario: Scenario, runs: readonly SweepRun[], prices: PriceTable, a: AwsAssumptions = DEFAULT_AWS_ASSUMPTIONS): Record<DesignName, ProjectedRuntime> {
  const fitted = fitRuns(runs);
  const p = projectors(scenario, fitted.rates, a, prices);
  const out = {} as Record<DesignName, ProjectedRuntime>;
  for (const d of ['single-node', 'distributed'] as const) {
    const x = p[d](scenario.workload.events);
    out[d] = {
      basis: 'projected',
      wallMs: Math.round(x.runtimeMs.mid),
      lowMs: Math.round(x.runtimeMs.low),
      highMs: Math.round(x.runtimeMs.high),
      assumptions: [x.configuration, ...(x.infeasible ? [`infeasible: ${x.infeasible}`] : []), ...model.assumptions.slice(0, 3)],
    };
  }
  return out;
}

import { z } from 'zod';
import { STAGES } from '../../lib/workload/profile';
import { calibrationRecordSchema } from './calibration';
import { designNameSchema, num, perDesign, type DeepReadonly } from './common';

/**
 * results.json `model`: the sweep's fit, its projection onto AWS and the crossover. Everything here is
 * *projected* except `measuredPoints` and `validation.heldOut[].measuredMs`, which are *measured* on the
 * emulator. Produced by `scalesim sweep` and `scalesim run` (simulator/model), rendered by simulator/report.
 */

export const measuredPointSchema = z.strictObject({
  design: designNameSchema,
  events: num,
  partitions: num,
  /** Emulator wall time, ms (measured). */
  wallMs: num,
  /** Summed worker CPU, ms (measured). */
  cpuMs: num,
  /**
   * Measured usage × list price, USD per run.
   * @default - not priced
   */
  costUsd: num.optional(),
  /**
   * Workload CPU per event the emulator's stage profiles measured for this run, ms (low quantile over
   * partitions): evidence, not a projection input.
   * @default - not recorded (files before the workload calibration)
   */
  cpuPerEventMs: num.optional(),
  /** Held out of the fit, used only for validation. */
  heldOut: z.boolean(),
  /**
   * Map concurrency of this point (distributed concurrency sweeps).
   * @default - the scenario's
   */
  concurrency: num.optional(),
  /**
   * Lambda memory of this point (distributed memory sweeps).
   * @default - the scenario's
   */
  memoryMb: num.optional(),
});
export type MeasuredPoint = DeepReadonly<z.output<typeof measuredPointSchema>>;

/** A fitted value with its uncertainty (standard error) where a fit gives one. */
export const estimateSchema = z.strictObject({
  value: num,
  /** @default - no standard error (not a regression estimate) */
  stderr: num.optional(),
  unit: z.string(),
});
export type Estimate = DeepReadonly<z.output<typeof estimateSchema>>;

export const uslFitSchema = z.strictObject({
  alpha: num,
  beta: num,
  /** Concurrency where throughput peaks: sqrt((1 − α) / β); null when β = 0. */
  peakConcurrency: num.nullable(),
  r2: num,
  points: z.array(z.strictObject({ concurrency: num, throughput: num })),
  /** How the points were obtained (emulator concurrency sweep, or assumed). */
  source: z.enum(['measured', 'assumed']),
});
export type UslFit = DeepReadonly<z.output<typeof uslFitSchema>>;

export const fitResultSchema = z.strictObject({
  /** CPU per event the projection uses for both designs, ms (the workload calibration; the emulator fit when there is none). */
  perEventCpuMs: estimateSchema,
  /**
   * CPU per event as each design's emulator run measured it (median over partitions), ms: evidence of
   * how much the shared machine inflates it, not used by the projection when a calibration exists.
   * @default - not recorded
   */
  emulatorCpuPerEventMs: z.partialRecord(designNameSchema, num).optional(),
  /** Fixed cost per partition (open, manifest, writes), ms. */
  perPartitionOverheadMs: estimateSchema,
  /** Lambda cold-start init on the emulator, ms (measured; AWS's comes from the calibration profile). */
  coldStartMs: estimateSchema,
  /** Orchestration time per state transition on the emulator, ms. */
  transitionOverheadMs: estimateSchema,
  /** Universal Scalability Law over Map concurrency: C(N) = N / (1 + α(N−1) + βN(N−1)). */
  usl: uslFitSchema,
  /** Relative error of the runtime fit on the points it was fitted to. */
  fitErrorPct: num,
});
export type FitResult = DeepReadonly<z.output<typeof fitResultSchema>>;

export const validationSchema = z.strictObject({
  /** Target: |measured / predicted − 1| ≤ 0.15. */
  targetPct: num,
  /**
   * What was predicted and how, in words.
   * @default - not stated (older files)
   */
  method: z.string().optional(),
  heldOut: z.array(z.strictObject({ design: designNameSchema, events: num, measuredMs: num, predictedMs: num, ratio: num })),
  withinTarget: z.boolean(),
  /**
   * Why the target was missed, when it was.
   * @default - no note
   */
  note: z.string().optional(),
});
export type Validation = DeepReadonly<z.output<typeof validationSchema>>;

/**
 * A projected value: `mid` at the point estimate of every input; `low`/`high` the 5th/95th percentiles
 * of the seeded Monte Carlo (model.uncertainty), `p50`/`p95` named as such.
 */
export const bandSchema = z.strictObject({
  mid: num,
  low: num,
  high: num,
  /** @default - no Monte Carlo (older files) */
  p50: num.optional(),
  /** @default - no Monte Carlo (older files) */
  p95: num.optional(),
});
export type Band = DeepReadonly<z.output<typeof bandSchema>>;

export const designCurveSchema = z.strictObject({
  /** Projected AWS wall time, ms. */
  runtimeMs: z.array(bandSchema),
  /** Projected AWS cost per run, USD. */
  costUsd: z.array(bandSchema),
  /** null where the design fits; otherwise why it does not (SLA missed, Fargate size exceeded, ...). */
  infeasible: z.array(z.string().nullable()),
  /** The configuration projected at each volume (e.g. Fargate size, Lambda memory, concurrency). */
  configuration: z.array(z.string()),
});
export type DesignCurve = DeepReadonly<z.output<typeof designCurveSchema>>;

export const curvesSchema = z.strictObject({
  volumes: z.array(num),
  designs: z.record(designNameSchema, designCurveSchema),
});
export type Curves = DeepReadonly<z.output<typeof curvesSchema>>;

/** Where a crossover statement holds: above the volume, below it, at every projected volume, or at none. */
const CROSSOVER_HOLDS = ['above', 'below', 'everywhere', 'nowhere'] as const;

export const crossoverPointSchema = z.strictObject({
  /**
   * Events per run where the comparison flips; null when it never flips within the projected range.
   * Read it with `holds`: `above` means distributed wins from `volume` up, `below` means it wins only
   * under `volume`.
   */
  volume: num.nullable(),
  holds: z.enum(CROSSOVER_HOLDS),
  reasoning: z.string(),
  /**
   * The interval: the 5th and 95th percentiles of where the comparison flips over the Monte Carlo
   * draws (events per run). A draw that never flips inside the projected range counts at the range's
   * end, and `lowOpen`/`highOpen` say the interval runs past it. Every crossover a model of this
   * version writes has them.
   * @default - no interval (files written before the Monte Carlo)
   */
  low: num.optional(),
  /** @default - no interval (older files) */
  high: num.optional(),
  /** @default false */
  lowOpen: z.boolean().optional(),
  /** @default false */
  highOpen: z.boolean().optional(),
  /**
   * The inputs that move it most: the flip volume with each at its low and its high end, the others at
   * their point estimates (null: it does not flip in range).
   * @default - not computed
   */
  drivers: z.array(z.strictObject({ key: z.string(), name: z.string(), range: z.string(), atLow: num.nullable(), atHigh: num.nullable() })).optional(),
  /**
   * How wide the interval is and why, in one sentence.
   * @default - not computed
   */
  why: z.string().optional(),
});
export type CrossoverPoint = DeepReadonly<z.output<typeof crossoverPointSchema>>;

export const crossoverSchema = z.strictObject({
  faster: crossoverPointSchema,
  cheaper: crossoverPointSchema,
  singleNodeInfeasible: crossoverPointSchema.extend({ reason: z.string().nullable() }),
  /** The answer in one sentence, with the three numbers. */
  sentence: z.string(),
});
export type Crossover = DeepReadonly<z.output<typeof crossoverSchema>>;

export const memorySweepSchema = z.strictObject({
  points: z.array(z.strictObject({ memoryMb: num, wallMs: num, costUsd: num, basis: z.enum(['measured', 'projected']) })),
  optima: z.strictObject({ cost: num, speed: num, balanced: num }),
});
export type MemorySweep = DeepReadonly<z.output<typeof memorySweepSchema>>;

/** One cell of the decision map: events per run × runs per month (projected). */
export const decisionCellSchema = z.strictObject({
  events: num,
  runsPerMonth: num,
  /** fixed + runs × projected per-run cost, USD (projected). */
  monthlyUsd: perDesign(num),
  cheaper: designNameSchema,
  /** Whether each design meets the SLA at this volume (runs a month do not change it). */
  meetsSla: perDesign(z.boolean()),
  /** The cheaper design among those that meet the SLA; null when neither does. */
  choice: designNameSchema.nullable(),
});
export type DecisionCell = DeepReadonly<z.output<typeof decisionCellSchema>>;

/**
 * The answer over the two things a platform owner changes: events per run and runs per month
 * (simulator/model/decision-map.ts).
 */
export const decisionMapSchema = z.strictObject({
  basis: z.literal('projected'),
  events: z.array(num),
  runsPerMonth: z.array(num),
  fixedMonthlyUsd: perDesign(num),
  /** `cells[i][j]`: events[i], runsPerMonth[j]. */
  cells: z.array(z.array(decisionCellSchema)),
  /** The scenario's own cell (its events and runs, not snapped to the grid). */
  scenario: decisionCellSchema,
  /**
   * Runs a month at the scenario's volume where the monthly totals cross, when they do: below it the
   * design with the lower fixed cost is cheaper, above it the one with the lower per-run cost.
   * @default - null when one design is cheaper at any number of runs
   */
  breakEvenRunsPerMonth: num.nullable(),
});
export type DecisionMap = DeepReadonly<z.output<typeof decisionMapSchema>>;

/** One assumption of the projection, in words, with its source. */
export const assumptionSchema = z.strictObject({
  key: z.string(),
  text: z.string(),
  /** An AWS page, a published measurement, a measurement of this run, or the reason for the modelling choice. */
  source: z.string().min(1),
});
export type Assumption = DeepReadonly<z.output<typeof assumptionSchema>>;

/** The workload's own cost (simulator/model/workload-cost.ts). Every number is *measured* on the machine named. */
export const workloadCostSchema = z.strictObject({
  basis: z.literal('measured'),
  method: z.string(),
  machine: z.string(),
  /** CPU per event, ms: `value` the low quantile (10th percentile), `low` the minimum, `high` the median of the warm repetitions. */
  cpuPerEventMs: z.strictObject({ value: num, low: num, high: num }),
  /** (high − low) / value, %. */
  spreadPct: num,
  /** CPU per event by stage, ms, from the repetitions at or below the quantile. */
  perStageMs: z.record(z.enum(STAGES), num),
  /** Fixed CPU per partition regardless of size, ms: 0, because the sample is a whole partition of the scenario's size and the projection keeps that size. */
  perPartitionCpuMs: num,
  /** Extra CPU of the first partition in a fresh process (JIT warm-up), ms: paid once per Lambda environment or task worker. */
  warmupCpuMs: num,
  /** Events in the sample (one partition). */
  sampleEvents: num,
  repeats: num,
  quantile: num,
  /** CPU per event of every repetition, ms, in order (fresh first), for audit. */
  samples: z.array(z.strictObject({ fresh: z.boolean(), cpuPerEventMs: num })),
});
export type WorkloadCost = DeepReadonly<z.output<typeof workloadCostSchema>>;

/** The Monte Carlo behind every band and crossover interval. */
const uncertaintySchema = z.strictObject({
  method: z.string(),
  draws: num,
  seed: num,
  /** The quantiles a band's low and high are. */
  quantiles: z.strictObject({ low: num, high: num }),
  /** Every uncertain input with its range. */
  inputs: z.array(z.strictObject({ key: z.string(), name: z.string(), mid: num, low: num, high: num, source: z.string() })),
});

export const modelResultSchema = z.strictObject({
  basis: z.literal('projected'),
  /** Volumes (events per run) measured on the emulator, per design. */
  measuredPoints: z.array(measuredPointSchema),
  fit: fitResultSchema,
  validation: validationSchema,
  /** Projected runtime and cost for each design over a log-spaced volume grid. */
  curves: curvesSchema,
  crossover: crossoverSchema,
  /**
   * Which design is cheaper per month (fixed costs included) and which meets the SLA, over events per
   * run × runs per month.
   * @default - absent when the templates' fixed costs were not priced
   */
  decisionMap: decisionMapSchema.optional(),
  /**
   * Lambda memory sweep (Power Tuning style).
   * @default - not measured
   */
  memorySweep: memorySweepSchema.optional(),
  /**
   * What the projection assumes, each with its source, for the memo's Method section. Files written
   * before sources were recorded hold plain sentences.
   */
  assumptions: z.array(z.union([assumptionSchema, z.string()])),
  /**
   * The workload's own cost (CPU per event per stage), measured once and used for both designs.
   * @default - the emulator fit's CPU per event (no workload calibration)
   */
  workloadCost: workloadCostSchema.optional(),
  /**
   * The AWS calibration profile and every constant the projection took from it.
   * @default - not recorded (files before calibration profiles)
   */
  calibration: calibrationRecordSchema.optional(),
  /**
   * How the bands were computed.
   * @default - no Monte Carlo (older files)
   */
  uncertainty: uncertaintySchema.optional(),
});
export type ModelResult = DeepReadonly<z.output<typeof modelResultSchema>>;

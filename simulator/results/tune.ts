import { z } from 'zod';
import { LAMBDA_MAX_MEMORY_MIB, LAMBDA_MAX_TIMEOUT_SECONDS, LAMBDA_MIN_MEMORY_MIB } from '../../lib/aws-limits';
import { ARCHITECTURES } from '../scenario/schema';
import { count, designNameSchema, nonNegative, num, type DeepReadonly } from './common';
import { priceSnapshotRefSchema } from './cost';
import { bandSchema } from './model';

/**
 * What `scalesim tune` writes to tune.json, as zod schemas; every type is `z.infer` of one. Every cost
 * and runtime of an evaluated point is *projected* for AWS (the model, simulator/model); everything
 * under `verification` names its basis: `measured` on the emulator, `projected` by the model for the
 * same run, or `count` (a number of requests, invocations or records, which the emulator and AWS share).
 */

export const TUNE_REPORT_VERSION = 1;
export const TUNE_REPORT_KIND = 'scalesim-tune';

/** How a configuration is picked from a design's Pareto front (simulator/tune/pick.ts). */
export const TUNE_STRATEGIES = ['cost', 'speed', 'balanced'] as const;
export type TuneStrategy = (typeof TUNE_STRATEGIES)[number];

export const distributedConfigurationSchema = z.strictObject({
  design: z.literal('distributed'),
  memoryMiB: z.number().int().min(LAMBDA_MIN_MEMORY_MIB).max(LAMBDA_MAX_MEMORY_MIB),
  architecture: z.enum(ARCHITECTURES),
  /** Map maxConcurrency (reserved concurrency follows it, keeping the scenario's headroom). */
  maxConcurrency: z.number().int().min(1),
  partitionsPerInvocation: z.number().int().min(1),
  /** workload.partitions: the partition count, so the partition size is events / partitions. */
  partitions: z.number().int().min(1),
});
export type DistributedConfiguration = DeepReadonly<z.output<typeof distributedConfigurationSchema>>;

export const singleNodeConfigurationSchema = z.strictObject({
  design: z.literal('single-node'),
  vcpu: z.number().positive(),
  memoryMiB: z.number().int().positive(),
  architecture: z.enum(ARCHITECTURES),
  workers: z.number().int().min(1),
});
export type SingleNodeConfiguration = DeepReadonly<z.output<typeof singleNodeConfigurationSchema>>;

export const configurationSchema = z.discriminatedUnion('design', [distributedConfigurationSchema, singleNodeConfigurationSchema]);
export type Configuration = DeepReadonly<z.output<typeof configurationSchema>>;

/** Why a configuration cannot be used (simulator/tune/constraints, one rule per file). */
export const INFEASIBILITY_KINDS = ['service-limit', 'scenario-rule', 'out-of-memory', 'lambda-timeout', 'sla', 'budget-per-run', 'budget-per-month'] as const;
export type InfeasibilityKind = (typeof INFEASIBILITY_KINDS)[number];

export const infeasibilitySchema = z.strictObject({
  kind: z.enum(INFEASIBILITY_KINDS),
  /** One sentence with the numbers, e.g. `p95 runtime 2.5 min > SLA 2 min`. */
  message: z.string(),
});
export type Infeasibility = DeepReadonly<z.output<typeof infeasibilitySchema>>;

export const evaluatedPointSchema = z.strictObject({
  /** Stable id, e.g. `distributed/1769MB-arm64-c16-b1-p32`. */
  id: z.string(),
  configuration: configurationSchema,
  /** The configuration in words. */
  label: z.string(),
  /** The scenario's own configuration (the starting point), when it is on the grid. */
  current: z.boolean(),
  basis: z.literal('projected'),
  /** Fixed + runs per month × run-dependent per run, USD, month `horizonMonth` (as `scalesim cost`). */
  monthlyUsd: nonNegative,
  /** What the templates cost before any run, USD a month. */
  fixedMonthlyUsd: nonNegative,
  /** What one more run adds, USD. */
  runDependentPerRunUsd: nonNegative,
  /** Run-dependent + the fixed cost's share, USD (what the per-run budget is compared with). */
  perRunUsd: nonNegative,
  /** Projected AWS runtime of one run at p95 (see `TuneReport.model.runtimePoint`), ms. */
  runtimeP95Ms: nonNegative,
  /** The projection's whole band, ms. */
  runtimeMs: bandSchema,
  /** Memory the configuration needs / has, MB (distributed: one invocation; single node: the task). */
  memoryNeedMb: nonNegative,
  memoryMb: nonNegative,
  /**
   * Distributed: one cold invocation at p95, ms (the 900 s Lambda timeout applies to it).
   * @default - single node
   */
  invocationP95Ms: nonNegative.optional(),
  /**
   * Single node: the Fargate task start at p95, ms (part of runtimeP95Ms).
   * @default - distributed
   */
  startupP95Ms: nonNegative.optional(),
  /**
   * Distributed: the Lambda timeout the tuned scenario gets for this configuration, s (the scenario's,
   * raised when an invocation needs more, at most 900).
   * @default - single node
   */
  lambdaTimeoutSeconds: z.number().int().min(1).max(LAMBDA_MAX_TIMEOUT_SECONDS).optional(),
  feasible: z.boolean(),
  /** Every constraint it fails; empty when feasible. */
  infeasible: z.array(infeasibilitySchema),
});
export type EvaluatedPoint = DeepReadonly<z.output<typeof evaluatedPointSchema>>;

export const picksSchema = z.strictObject({
  cost: z.string().nullable(),
  speed: z.string().nullable(),
  balanced: z.string().nullable(),
});
export type Picks = DeepReadonly<z.output<typeof picksSchema>>;

export const designTuneSchema = z.strictObject({
  design: designNameSchema,
  /** Every configuration evaluated, feasible or not. */
  points: z.array(evaluatedPointSchema),
  /** Ids of the feasible points no other feasible point beats on both monthly cost and p95 runtime, cheapest first (see `fallback`). */
  front: z.array(z.string()),
  /** The point each strategy picks from the front; null when nothing is feasible. */
  picks: picksSchema,
  evaluated: count,
  feasible: count,
  /** Infeasible points by their first reason. */
  infeasibleByKind: z.partialRecord(z.enum(INFEASIBILITY_KINDS), count),
  /**
   * One line naming the constraint nothing meets.
   * @default - some configuration is feasible
   */
  noFeasible: z.string().optional(),
  /**
   * When nothing is feasible but every point misses only the SLA or the budget: the --strategy pick
   * among the points that meet everything else (`front` is then their front), which tuned.yaml and the
   * verification use, labelled with the constraints it misses.
   * @default - a feasible pick, or nothing that could run
   */
  fallback: z.strictObject({ pointId: z.string(), relaxed: z.array(z.enum(INFEASIBILITY_KINDS)) }).optional(),
  /** Knobs searched, each with the values tried, and knobs not searched with the reason. */
  knobs: z.array(z.strictObject({ name: z.string(), values: z.array(z.union([num, z.string()])), note: z.string().optional() })),
});
export type DesignTune = DeepReadonly<z.output<typeof designTuneSchema>>;

export const comparisonRowSchema = z.strictObject({
  quantity: z.string(),
  unit: z.string(),
  /** What the model predicted for the verification run itself (its volume and partitions). */
  predicted: num,
  measured: num,
  /** (measured − predicted) / predicted, %; null when predicted is 0. */
  gapPct: num.nullable(),
  /**
   * `count`: the same on the emulator and on AWS, so a gap is a model error; `emulator-vs-aws`: measured
   * on the emulator against a projection for AWS, so the gap mixes the model's error with the machine
   * difference; `assumption`: a model input against its measurement.
   */
  basis: z.enum(['count', 'emulator-vs-aws', 'assumption']),
  note: z.string().optional(),
});
export type ComparisonRow = DeepReadonly<z.output<typeof comparisonRowSchema>>;

export const verificationSchema = z.strictObject({
  design: designNameSchema,
  /** The point verified (the --strategy pick). */
  pointId: z.string(),
  label: z.string(),
  status: z.enum(['verified', 'failed', 'not-run']),
  /** @default - verified */
  reason: z.string().optional(),
  /** Events and partitions of the verification run (a reduced volume, at the tuned partition size where it fits). */
  events: count,
  partitions: count,
  /** @default - not run */
  executionStatus: z.string().optional(),
  /** @default - not run */
  accounting: z
    .strictObject({
      basis: z.literal('measured'),
      /** Events generated for the run: what the model predicts the input to be. */
      expectedInput: count,
      input: count,
      curated: count,
      quarantined: count,
      duplicatesDropped: count,
      /** input = curated + quarantined + duplicatesDropped, in every partition and in total, and input = expectedInput. */
      holds: z.boolean(),
      missingPartitions: count,
      failedPartitions: count,
    })
    .optional(),
  comparisons: z.array(comparisonRowSchema),
  /**
   * The fixed monthly cost the search used (the scenario's templates) against the templates synthesized
   * for the tuned scenario, priced the same way: the knobs should not move it.
   * @default - not run
   */
  fixedCost: z.strictObject({ evaluatedUsd: nonNegative, synthesizedUsd: nonNegative }).optional(),
  /** Emulator wall time of the run, ms (measured). @default - not run */
  wallMs: nonNegative.optional(),
  /** What the run shows the search got wrong, e.g. configurations it called feasible that the measured memory rules out. */
  warnings: z.array(z.string()),
});
export type Verification = DeepReadonly<z.output<typeof verificationSchema>>;

export const tuneReportSchema = z.strictObject({
  kind: z.literal(TUNE_REPORT_KIND),
  schemaVersion: z.literal(TUNE_REPORT_VERSION),
  generatedAt: z.string(),
  /** The command line that reproduces it. */
  command: z.string(),
  scenario: z.strictObject({ name: z.string(), file: z.string(), sha256: z.string() }),
  strategy: z.enum(TUNE_STRATEGIES),
  constraints: z.strictObject({
    slaMinutes: num,
    budgetPerRunUsd: num,
    budgetPerMonthUsd: num,
    runsPerMonth: count,
    events: count,
  }),
  model: z.strictObject({
    /** How runtimes are read: which point of the projection stands for p95. */
    runtimePoint: z.string(),
    /** Where the workload rates come from. */
    rates: z.string(),
    assumptions: z.array(z.string()),
  }),
  priceSnapshot: priceSnapshotRefSchema,
  designs: z.strictObject({ 'single-node': designTuneSchema, distributed: designTuneSchema }),
  /** One sentence: the best single-node against the best distributed configuration (by the strategy). */
  comparison: z.string(),
  /** tuned.yaml, relative to tune.json; null when no design has a pick. */
  tunedScenario: z.string().nullable(),
  /** What tuned.yaml changes, one line per field. */
  changes: z.array(z.string()),
  verification: z.array(verificationSchema),
  timing: z.strictObject({ evaluateMs: nonNegative, verifyMs: nonNegative, totalMs: nonNegative }),
});
export type TuneReport = DeepReadonly<z.output<typeof tuneReportSchema>>;

/** Files `scalesim tune` writes at the top of its --out folder (besides the registry copy). */
export const TUNE_FILES = { json: 'tune.json', md: 'tune.md', html: 'tune.html', tuned: 'tuned.yaml', verify: 'verify' } as const;

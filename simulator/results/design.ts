import { z } from 'zod';
import { partitionAccountingSchema, runSummarySchema, stageTimingSchema } from '../../lib/workload/records';
import { designAccessSchema } from './access';
import { count, nonNegative, num, type DeepReadonly } from './common';
import { designCostRecordSchema } from './cost';
import { faultEvidenceSchema } from './faults';
import { designUsageSchema } from './usage';

/**
 * results.json `designs[d]`: everything measured for one design in one run (collect), and what the
 * later steps fill in: `cost` (simulator/cost), `access` (simulator/access), `bottleneck` and
 * `runtime.projectedAws` (simulator/model). Every number is labelled by its `basis` or by its place:
 * `runtime.measured` on the emulator, `runtime.projectedAws` for AWS.
 */

const measuredRuntimeSchema = z.strictObject({
  basis: z.literal('measured'),
  /** StartExecution → terminal status, ms, on the emulator. */
  wallMs: nonNegative,
  /** Sum of worker CPU time across partitions, ms. */
  cpuMs: nonNegative,
  /** Upload of the raw partitions to this design's raw zone, ms (not part of the batch). */
  uploadMs: nonNegative,
  deployMs: nonNegative,
});

export const projectedRuntimeSchema = z.strictObject({
  basis: z.literal('projected'),
  /** At the point estimate of every input. */
  wallMs: num,
  /** 5th and 95th percentiles of the Monte Carlo over the inputs' ranges (model.uncertainty). */
  lowMs: num,
  highMs: num,
  /** @default - no Monte Carlo (older files) */
  p50Ms: num.optional(),
  /** @default - no Monte Carlo (older files) */
  p95Ms: num.optional(),
  /**
   * Projected cost per run on AWS, USD (usage only; the template's fixed monthly cost is in `cost`):
   * point estimate, 5th/95th percentiles, p50 and p95.
   * @default - not recorded (older files)
   */
  costUsd: z.strictObject({ mid: num, low: num, high: num, p50: num.optional(), p95: num.optional() }).optional(),
  /**
   * The workload CPU per event the projection used, ms: the same figure for both designs.
   * @default - not recorded (older files)
   */
  cpuPerEventMs: num.optional(),
  assumptions: z.array(z.string()),
});
export type ProjectedRuntime = DeepReadonly<z.output<typeof projectedRuntimeSchema>>;

const runtimeSchema = z.strictObject({
  measured: measuredRuntimeSchema,
  /** Filled by the model (scalesim sweep / projection); null until then. */
  projectedAws: projectedRuntimeSchema.nullable(),
});

export const accountingRecordSchema = z.strictObject({
  input: count,
  curated: count,
  quarantined: count,
  duplicatesDropped: count,
  /** input === curated + quarantined + duplicatesDropped for every partition and in total. */
  invariantHolds: z.boolean(),
  violations: z.array(z.string()),
  partitions: z.array(partitionAccountingSchema),
  /** Partitions that failed for good, by key, with the reason. */
  failedPartitions: z.array(z.strictObject({ key: z.string(), reason: z.string() })),
  /** Partitions in the manifest with no outputs at all (lost). Must be empty. */
  missingPartitions: z.array(z.string()),
});
export type AccountingRecord = DeepReadonly<z.output<typeof accountingRecordSchema>>;

const partitionProfileRecordSchema = z.strictObject({ key: z.string(), events: num, wallMs: num, cpuMs: num });

/** Lambda invocations from the REPORT lines (measured). */
export const invocationStatsSchema = z.strictObject({
  count: count,
  cold: count,
  throttled: count,
  errors: count,
  durationMs: z.strictObject({ p50: num, p95: num, max: num, sum: num }),
  initMs: z.strictObject({ p50: num, max: num, sum: num }),
  billedMsSum: num,
  maxMemoryUsedMb: num,
  memorySizeMb: num,
});
export type InvocationStats = DeepReadonly<z.output<typeof invocationStatsSchema>>;

export const profileRecordSchema = z.strictObject({
  /** Summed over partitions (measured), by stage (STAGES). */
  stages: z.record(z.string(), stageTimingSchema),
  partitions: z.array(partitionProfileRecordSchema),
  stragglers: z.strictObject({ maxMs: num, medianMs: num, ratio: num, slowest: z.array(z.string()) }),
  /** @default - no REPORT lines (a design without Lambda) */
  invocations: invocationStatsSchema.optional(),
});
export type ProfileRecord = DeepReadonly<z.output<typeof profileRecordSchema>>;

export const orchestrationRecordSchema = z.strictObject({
  transitions: count,
  statesEntered: count,
  retries: count,
  errors: z.record(z.string(), count),
  caughtFailures: count,
  mapIterations: count,
  /** Execution wall time not spent inside worker handlers or the task, ms (measured). */
  overheadMs: num,
  historyEvents: count,
});
export type OrchestrationRecord = DeepReadonly<z.output<typeof orchestrationRecordSchema>>;

const BOTTLENECK_KINDS = ['cpu-bound', 'io-bound', 'orchestration-bound', 'skew-bound', 'cold-start-bound', 'throttle-bound'] as const;

export const bottleneckSchema = z.strictObject({
  kind: z.enum(BOTTLENECK_KINDS),
  evidence: z.string(),
  lever: z.string(),
  projectedEffect: z.string(),
});
export type Bottleneck = DeepReadonly<z.output<typeof bottleneckSchema>>;

/**
 * The raw timing evidence of one execution, as AWS records it (simulator/collect/timeline.ts): what
 * `scalesim calibrate` fits the platform constants from. Times are ms since the epoch.
 */
export const timelineSchema = z.strictObject({
  /** Task attempts from the execution history, in order. */
  taskAttempts: z.array(z.strictObject({ scheduledMs: num, endMs: num.optional(), outcome: z.string(), partitions: z.array(z.string()).optional() })),
  /** Map iterations from the execution history. */
  mapIterations: z.array(z.strictObject({ index: num, startMs: num, endMs: num.optional(), status: z.string() })),
  /** ECS task timestamps from the RunTask.sync output (single-node). */
  ecsTasks: z.array(
    z.strictObject({ createdMs: num.optional(), pullStartedMs: num.optional(), pullStoppedMs: num.optional(), startedMs: num.optional(), stoppedMs: num.optional() }),
  ),
  /** Lambda REPORT lines, one per invocation, in log order (distributed). */
  reports: z.array(z.strictObject({ durationMs: num, billedDurationMs: num, memorySizeMb: num, maxMemoryUsedMb: num, initDurationMs: num.optional() })),
  /**
   * The CPU clock of the stage profiles: `thread` is exact per worker; `process` is shared by every thread of a worker pool.
   * @default - not known
   */
  cpuScope: z.enum(['process', 'thread', 'mixed']).optional(),
});
export type Timeline = DeepReadonly<z.output<typeof timelineSchema>>;

export const designResultSchema = z.strictObject({
  stackName: z.string(),
  /** @default - the execution never started */
  executionArn: z.string().optional(),
  executionStatus: z.string(),
  runtime: runtimeSchema,
  /** @default - not collected */
  usage: designUsageSchema.optional(),
  /**
   * Filled by the cost step (simulator/cost).
   * @default - not priced
   */
  cost: designCostRecordSchema.optional(),
  /**
   * Filled by the access step (simulator/access).
   * @default - not analysed
   */
  access: designAccessSchema.optional(),
  /** @default - not collected */
  quality: runSummarySchema.optional(),
  accounting: accountingRecordSchema,
  profile: profileRecordSchema,
  /** @default - not classified */
  bottleneck: bottleneckSchema.optional(),
  orchestration: orchestrationRecordSchema,
  /**
   * What failed and what it cost (simulator/collect/faults.ts).
   * @default - no fault injected or seen
   */
  faults: faultEvidenceSchema.optional(),
  /**
   * This run's objects deleted from the emulator once collected (every zone's `<runId>/…`, all versions;
   * the raw zone once the next design has copied it), so the emulator holds one design's data at a time.
   * @default - kept: `scalesim run --keep`, a real AWS account (nothing is deleted there), or a deletion that failed
   */
  runDataDeleted: z.strictObject({ objects: count, bytes: nonNegative }).optional(),
  /**
   * Timestamps the target recorded (task attempts, Map iterations, ECS task times), for `scalesim calibrate`.
   * @default - not recorded (older files)
   */
  timeline: timelineSchema.optional(),
});
export type DesignResult = DeepReadonly<z.output<typeof designResultSchema>>;

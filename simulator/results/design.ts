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
  wallMs: num,
  lowMs: num,
  highMs: num,
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
});
export type DesignResult = DeepReadonly<z.output<typeof designResultSchema>>;

import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly';
import { ACCESS_PURPOSES, ACTOR_ROLES, DRIFT_KINDS, PII_CLASSES, QUARANTINE_REASONS, RISK_LEVELS } from './event-schema';

/**
 * The records the workload writes to the audit zone and the simulator reads back and aggregates into
 * results.json (`designs[d].quality`, `.accounting.partitions`, `.profile.stages`). One zod schema per
 * record; every type is derived from its schema, so the workload, the collector and the results
 * contract (simulator/results) share one definition.
 *
 * The workload code that runs inside AWS imports only the types (`import type`), so zod stays out of
 * the Lambda and task bundles.
 */

const count = z.number().int().min(0);
const num = z.number();

/** Wall and CPU time of one processing stage, with the bytes it handled. */
export const stageTimingSchema = z.strictObject({
  wallMs: num,
  cpuMs: num,
  /** Bytes into the stage: raw object bytes for read, decompressed bytes for decompress/parse/validate/aggregate, output bytes for write. */
  bytes: num,
});
export type StageTiming = DeepReadonly<z.output<typeof stageTimingSchema>>;

/** `input = curated + quarantined + duplicatesDropped`, always. */
export const partitionAccountingSchema = z.strictObject({
  partition: z.string(),
  input: count,
  curated: count,
  quarantined: count,
  duplicatesDropped: count,
});
export type PartitionAccounting = DeepReadonly<z.output<typeof partitionAccountingSchema>>;

export const datasetStatsSchema = z.strictObject({
  /** Observed records: unique and with a sound envelope (curated + drift-quarantined). */
  events: count,
  curated: count,
  /** Quarantined for schema drift (records with a broken envelope cannot be attributed reliably). */
  quarantined: count,
  duplicatesDropped: count,
  /** Sum of volume.records and volume.bytes over observed records. */
  records: num,
  bytes: num,
  late: count,
  lineageMissing: count,
  drifted: count,
});
export type DatasetStats = DeepReadonly<z.output<typeof datasetStatsSchema>>;

const fixed = <T extends readonly [string, ...string[]]>(keys: T) => z.record(z.enum(keys), count);

export const qualityCountsSchema = z.strictObject({
  /** Non-blank lines read. */
  input: count,
  curated: count,
  quarantined: count,
  duplicatesDropped: count,
  /** Records whose envelope passed: curated + quarantined for schema drift. Indicators below count these. */
  observed: count,
  quarantineReasons: fixed(QUARANTINE_REASONS),
  freshness: z.strictObject({
    late: count,
    /** ingest_time before event_time: clock skew upstream. */
    negativeLag: count,
    /** Null when nothing was observed. */
    maxLagMs: num.nullable(),
    /** Records by lag bucket (`lt_1m` … `ge_1440m`, LAG_BUCKETS). */
    lagHistogram: z.record(z.string(), count),
  }),
  drift: z.strictObject({
    /** Records with at least one drifted field. */
    events: count,
    /** Of those, the ones with a breaking change (quarantined). */
    breakingEvents: count,
    /** Records with at least one field of each kind. */
    byKind: fixed(DRIFT_KINDS),
    /** `dataset.field` → kind → drifted records. */
    byField: z.record(z.string(), z.partialRecord(z.enum(DRIFT_KINDS), count)),
  }),
  lineage: z.strictObject({ complete: count, missing: count }),
  access: z.strictObject({
    byClassification: fixed(PII_CLASSES),
    byRole: fixed(ACTOR_ROLES),
    byPurpose: fixed(ACCESS_PURPOSES),
    crossAccount: count,
    byRiskLevel: fixed(RISK_LEVELS),
    riskScoreSum: num,
    maxRiskScore: num,
  }),
  datasets: z.record(z.string(), datasetStatsSchema),
});
export type QualityCounts = DeepReadonly<z.output<typeof qualityCountsSchema>>;

/** The quality report of one partition (audit zone, `<runId>/quality/<key>.json`). */
export const partitionQualitySchema = qualityCountsSchema.extend({
  partition: z.string(),
  slaMinutes: num,
});
export type PartitionQuality = DeepReadonly<z.output<typeof partitionQualitySchema>>;

/** Partitions merged: what a run reports (results.json `designs[d].quality`). */
export const runSummarySchema = qualityCountsSchema.extend({
  partitions: z.strictObject({ total: count, ok: count, failed: count }),
  /** Failed partitions, sorted by key. */
  failures: z.array(z.strictObject({ key: z.string(), reason: z.string() })),
});
export type RunSummary = DeepReadonly<z.output<typeof runSummarySchema>>;

/**
 * The pipeline event's vocabulary, shared by the generator (simulator/generate) and the processor.
 * EVENT-SCHEMA.md documents every field; keep the two in step.
 *
 * PII classes and actor roles repeat the scenario format's enums (simulator/scenario/schema.ts) so
 * that the code bundled into Lambda does not pull in zod and the scenario loader; a test asserts the
 * two lists are equal.
 */

export const PII_CLASSES = ['none', 'email', 'phone', 'name', 'address', 'government_id', 'financial', 'health'] as const;
export type PiiClass = (typeof PII_CLASSES)[number];

export const ACTOR_ROLES = ['service', 'data_engineer', 'ml_engineer', 'analyst', 'external_partner', 'admin'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export const DRIFT_KINDS = ['field_added', 'field_removed', 'field_renamed', 'type_changed'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** Why data was accessed. Not a scenario knob: the generator draws it from a fixed mix. */
export const ACCESS_PURPOSES = ['training', 'inference', 'analytics', 'monitoring', 'debugging', 'export'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

/** Drift kinds that make a record unusable under its registered schema; these are quarantined. */
export const BREAKING_DRIFT: ReadonlySet<DriftKind> = new Set<DriftKind>(['field_removed', 'field_renamed', 'type_changed']);

/**
 * Why a record went to quarantine. Each quarantined record carries exactly one, the first problem
 * found, in this order of checks.
 * - invalid_json: the line is not JSON (and not merely cut short).
 * - truncated_line: the line is the beginning of a JSON object that ends early.
 * - wrong_type: valid JSON, but the record or an envelope field has the wrong JSON type.
 * - invalid_value: the right type but an impossible value (unparseable timestamp, unknown enum value,
 *   negative volume).
 * - unknown_dataset: the dataset is not in the registry.
 * - schema_drift: the payload drifted in a breaking way (a field removed, renamed or retyped).
 */
export const QUARANTINE_REASONS = [
  'invalid_json',
  'truncated_line',
  'wrong_type',
  'invalid_value',
  'unknown_dataset',
  'schema_drift',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/** The corrupt-record kinds the generator injects, and the quarantine reason each one produces. */
export const CORRUPT_KINDS = ['invalid_json', 'wrong_type', 'truncated_line'] as const;
export type CorruptKind = (typeof CORRUPT_KINDS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Upper bounds (exclusive) of the lag histogram's buckets, in minutes; the last bucket is open. */
export const LAG_BUCKET_MINUTES = [1, 5, 15, 30, 60, 120, 360, 1440] as const;
export const LAG_BUCKETS = [...LAG_BUCKET_MINUTES.map((m) => `lt_${m}m`), 'ge_1440m'] as const;

/** A raw event as the generator writes it and the processor expects it (one NDJSON line). */
export interface PipelineEvent {
  readonly event_id: string;
  readonly pipeline: string;
  readonly dataset: string;
  readonly schema_version: number;
  /** ISO-8601 UTC with milliseconds, e.g. 2026-11-26T13:45:12.345Z. */
  readonly event_time: string;
  readonly ingest_time: string;
  readonly payload: Record<string, unknown>;
  /** Absent or with an empty `upstream` list when lineage is missing. */
  readonly lineage?: { readonly upstream: readonly string[] };
  readonly volume: { readonly records: number; readonly bytes: number };
  readonly access: {
    readonly classification: PiiClass;
    readonly actor_role: ActorRole;
    readonly purpose: AccessPurpose;
    readonly cross_account: boolean;
  };
}

/**
 * A curated record: the event as sent, restricted to its registered schema (payload fields beyond
 * it, and unknown envelope keys, are dropped), plus what the processor derived.
 */
export interface CuratedRecord extends PipelineEvent {
  readonly quality: {
    /** ingest_time − event_time. */
    readonly lag_ms: number;
    /** lag_ms above the SLA. */
    readonly late: boolean;
    readonly lineage_complete: boolean;
    readonly risk_score: number;
    readonly risk_level: RiskLevel;
    /** Payload fields beyond the registered schema (a non-breaking drift), by name; dropped from `payload`. */
    readonly added_fields?: readonly string[];
  };
}

/** A quarantined record: why, where, and the original line untouched. */
export interface QuarantineRecord {
  readonly reason: QuarantineReason;
  readonly detail: string;
  /** 1-based line number in the (decompressed) partition. */
  readonly line: number;
  readonly event_id?: string;
  readonly dataset?: string;
  readonly raw: string;
}

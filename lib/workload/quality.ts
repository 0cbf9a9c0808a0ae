import {
  ACCESS_PURPOSES,
  ACTOR_ROLES,
  DRIFT_KINDS,
  DriftKind,
  LAG_BUCKETS,
  PII_CLASSES,
  QUARANTINE_REASONS,
  RISK_LEVELS,
} from './event-schema';
import type { DatasetStats, PartitionQuality, QualityCounts, RunSummary } from './records';

/**
 * Quality counts and their merge. Every number is an integer count or sum (or a max), so merging is
 * exact, associative and commutative: the single-node run (all partitions in one process) and the
 * distributed run (one partition per Lambda, merged by the collector) give equal summaries on the
 * same data. Pure.
 */

// The record types are derived from their schemas (records.ts); the workload's modules import them from here.
export type { DatasetStats, PartitionQuality, RunSummary };

export type LagBucket = (typeof LAG_BUCKETS)[number];

function zeroCounts(): QualityCounts {
  return {
    input: 0,
    curated: 0,
    quarantined: 0,
    duplicatesDropped: 0,
    observed: 0,
    quarantineReasons: zeros(QUARANTINE_REASONS),
    freshness: { late: 0, negativeLag: 0, maxLagMs: null, lagHistogram: zeros(LAG_BUCKETS) },
    drift: { events: 0, breakingEvents: 0, byKind: zeros(DRIFT_KINDS), byField: {} },
    lineage: { complete: 0, missing: 0 },
    access: {
      byClassification: zeros(PII_CLASSES),
      byRole: zeros(ACTOR_ROLES),
      byPurpose: zeros(ACCESS_PURPOSES),
      crossAccount: 0,
      byRiskLevel: zeros(RISK_LEVELS),
      riskScoreSum: 0,
      maxRiskScore: 0,
    },
    datasets: {},
  };
}

/** The identity of mergeSummaries. */
export function emptySummary(): RunSummary {
  return { ...zeroCounts(), partitions: { total: 0, ok: 0, failed: 0 }, failures: [] };
}

/** A processed partition as a one-partition summary. */
export function summaryOf(q: PartitionQuality): RunSummary {
  // Merging into zero copies exactly the counts, leaving the partition's own fields behind.
  return { ...mergeCounts(zeroCounts(), q), partitions: { total: 1, ok: 1, failed: 0 }, failures: [] };
}

/** A partition that could not be processed, as a one-partition summary. */
export function failedSummary(key: string, reason: string): RunSummary {
  return { ...zeroCounts(), partitions: { total: 1, ok: 0, failed: 1 }, failures: [{ key, reason }] };
}

/** Associative and commutative; `emptySummary()` is its identity. Keys come out in a canonical order. */
export function mergeSummaries(a: RunSummary, b: RunSummary): RunSummary {
  return {
    ...mergeCounts(a, b),
    partitions: {
      total: a.partitions.total + b.partitions.total,
      ok: a.partitions.ok + b.partitions.ok,
      failed: a.partitions.failed + b.partitions.failed,
    },
    failures: [...a.failures, ...b.failures].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.reason < y.reason ? -1 : x.reason > y.reason ? 1 : 0)),
  };
}

function mergeCounts(a: QualityCounts, b: QualityCounts): QualityCounts {
  return {
    input: a.input + b.input,
    curated: a.curated + b.curated,
    quarantined: a.quarantined + b.quarantined,
    duplicatesDropped: a.duplicatesDropped + b.duplicatesDropped,
    observed: a.observed + b.observed,
    quarantineReasons: addFixed(QUARANTINE_REASONS, a.quarantineReasons, b.quarantineReasons),
    freshness: {
      late: a.freshness.late + b.freshness.late,
      negativeLag: a.freshness.negativeLag + b.freshness.negativeLag,
      maxLagMs: maxNullable(a.freshness.maxLagMs, b.freshness.maxLagMs),
      lagHistogram: addFixed(LAG_BUCKETS, a.freshness.lagHistogram, b.freshness.lagHistogram),
    },
    drift: {
      events: a.drift.events + b.drift.events,
      breakingEvents: a.drift.breakingEvents + b.drift.breakingEvents,
      byKind: addFixed(DRIFT_KINDS, a.drift.byKind, b.drift.byKind),
      byField: mergeKeyed(a.drift.byField, b.drift.byField, (x, y) => {
        const out: Partial<Record<DriftKind, number>> = {};
        for (const k of DRIFT_KINDS) {
          const v = (x[k] ?? 0) + (y[k] ?? 0);
          if (v) out[k] = v;
        }
        return out;
      }),
    },
    lineage: { complete: a.lineage.complete + b.lineage.complete, missing: a.lineage.missing + b.lineage.missing },
    access: {
      byClassification: addFixed(PII_CLASSES, a.access.byClassification, b.access.byClassification),
      byRole: addFixed(ACTOR_ROLES, a.access.byRole, b.access.byRole),
      byPurpose: addFixed(ACCESS_PURPOSES, a.access.byPurpose, b.access.byPurpose),
      crossAccount: a.access.crossAccount + b.access.crossAccount,
      byRiskLevel: addFixed(RISK_LEVELS, a.access.byRiskLevel, b.access.byRiskLevel),
      riskScoreSum: a.access.riskScoreSum + b.access.riskScoreSum,
      maxRiskScore: Math.max(a.access.maxRiskScore, b.access.maxRiskScore),
    },
    datasets: mergeKeyed(a.datasets, b.datasets, addDatasetStats),
  };
}

function addDatasetStats(x: DatasetStats, y: DatasetStats): DatasetStats {
  return {
    events: x.events + y.events,
    curated: x.curated + y.curated,
    quarantined: x.quarantined + y.quarantined,
    duplicatesDropped: x.duplicatesDropped + y.duplicatesDropped,
    records: x.records + y.records,
    bytes: x.bytes + y.bytes,
    late: x.late + y.late,
    lineageMissing: x.lineageMissing + y.lineageMissing,
    drifted: x.drifted + y.drifted,
  };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const o = {} as Record<K, number>;
  for (const k of keys) o[k] = 0;
  return o;
}

function addFixed<K extends string>(keys: readonly K[], x: Readonly<Record<K, number>>, y: Readonly<Record<K, number>>): Record<K, number> {
  const o = {} as Record<K, number>;
  for (const k of keys) o[k] = (x[k] ?? 0) + (y[k] ?? 0);
  return o;
}

/** Union of two keyed records, combining shared keys; keys sorted so the result is canonical. */
function mergeKeyed<V>(x: Readonly<Record<string, V>>, y: Readonly<Record<string, V>>, combine: (a: V, b: V) => V): Record<string, V> {
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
  const o: Record<string, V> = {};
  for (const k of keys) {
    const a = Object.prototype.hasOwnProperty.call(x, k) ? x[k] : undefined;
    const b = Object.prototype.hasOwnProperty.call(y, k) ? y[k] : undefined;
    o[k] = a !== undefined && b !== undefined ? combine(a, b) : ((a ?? b) as V);
  }
  return o;
}

function maxNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

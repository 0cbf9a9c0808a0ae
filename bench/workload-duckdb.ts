import type { DuckDBConnection } from '@duckdb/node-api';
import { ACCESS_PURPOSES, ACTOR_ROLES, DRIFT_KINDS, DriftKind, PII_CLASSES } from '../lib/workload/event-schema';
import { SchemaRegistry, normalizeFieldName } from '../lib/workload/registry';
import type { RunSummary } from '../lib/workload/quality';

/**
 * The bench's DuckDB side: the same metrics the processor reports, computed in SQL over the same
 * generated partitions, with the processor's semantics (see EVENT-SCHEMA.md):
 * - a record is one non-blank line; it is "not JSON" unless json_valid;
 * - the envelope is checked field by field (types, enum values, parseable timestamps, a registered
 *   dataset); a record failing any check is a broken envelope;
 * - per-field drift against the registered schema: a missing field and an unexpected one with the
 *   same normalized name are a rename; other unexpected fields are additions, other missing fields
 *   removals; a present field of another JSON type is a type change;
 * - duplicates: later copies of an accepted (curated) event_id within a partition;
 * - indicators (late, lineage missing, drift, per-dataset volume) over observed records: unique
 *   accepted ones plus those quarantined for drift.
 * Each JSON function call parses the line again, so the query asks each function for many paths at
 * once (json_type and json_extract_string take a list of paths).
 */

export interface BenchMetrics {
  readonly input: number;
  readonly notJson: number;
  readonly brokenEnvelope: number;
  readonly schemaDrift: number;
  readonly duplicatesDropped: number;
  readonly curated: number;
  readonly observed: number;
  readonly late: number;
  readonly lineageMissing: number;
  readonly driftEvents: number;
  readonly driftByKind: Readonly<Record<DriftKind, number>>;
  readonly datasets: Readonly<Record<string, { readonly events: number; readonly records: number; readonly bytes: number }>>;
}

/** The processor's summary reduced to the bench's metrics. */
export function metricsOfSummary(s: RunSummary): BenchMetrics {
  const datasets: Record<string, { events: number; records: number; bytes: number }> = {};
  for (const [name, d] of Object.entries(s.datasets).sort(([a], [b]) => (a < b ? -1 : 1))) datasets[name] = { events: d.events, records: d.records, bytes: d.bytes };
  return {
    input: s.input,
    notJson: s.quarantineReasons.invalid_json + s.quarantineReasons.truncated_line,
    brokenEnvelope: s.quarantineReasons.wrong_type + s.quarantineReasons.invalid_value + s.quarantineReasons.unknown_dataset,
    schemaDrift: s.quarantineReasons.schema_drift,
    duplicatesDropped: s.duplicatesDropped,
    curated: s.curated,
    observed: s.observed,
    late: s.freshness.late,
    lineageMissing: s.lineage.missing,
    driftEvents: s.drift.events,
    driftByKind: { ...s.drift.byKind },
    datasets,
  };
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const list = (xs: readonly string[]) => `[${xs.map(q).join(', ')}]`;
const NORM = (x: string) => `regexp_replace(regexp_replace(lower(${x}), '[^a-z0-9]', '', 'g'), 'v[0-9]+$', '')`;

/** Create the registry tables the query joins against (once per connection). */
export async function prepareRegistry(con: DuckDBConnection, registry: SchemaRegistry): Promise<void> {
  const rows = registry.datasets.map(
    (d) => `(${q(d.name)}, ${list(d.fields.map((f) => f.name))}, ${list(d.fields.map((f) => f.type))}, ${list(d.fields.map((f) => normalizeFieldName(f.name)))})`,
  );
  await con.run(`CREATE OR REPLACE TEMP TABLE regds AS SELECT * FROM (VALUES ${rows.join(', ')}) t(ds, fields, ftypes, norms)`);
}

const ENVELOPE_TYPES = [
  '$', '$.event_id', '$.pipeline', '$.dataset', '$.schema_version', '$.event_time', '$.ingest_time', '$.payload', '$.lineage',
  '$.lineage.upstream', '$.volume', '$.volume.records', '$.volume.bytes', '$.access', '$.access.classification',
  '$.access.actor_role', '$.access.purpose', '$.access.cross_account',
];
const ENVELOPE_VALUES = [
  '$.event_id', '$.dataset', '$.schema_version', '$.event_time', '$.ingest_time', '$.volume.records', '$.volume.bytes',
  '$.access.classification', '$.access.actor_role', '$.access.purpose', '$.lineage.upstream',
];

/** Compute the metrics over `<dir>/partitions/*`. `slaMinutes` and `registry` are the manifest's. */
/**
 * DuckDB's JSON functions need constant path lists, and each dataset has its own fields: one CASE
 * branch per dataset, evaluated only on that dataset's rows.
 */
function perDataset(registry: SchemaRegistry, call: (paths: string) => string): string {
  return `CASE c.v[2] ${registry.datasets.map((d) => `WHEN ${q(d.name)} THEN ${call(list(d.fields.map((f) => `$.${f.name}`)))}`).join(' ')} END`;
}

export async function duckdbMetrics(
  con: DuckDBConnection,
  dir: string,
  slaMinutes: number,
  registry: SchemaRegistry,
  steps?: Record<string, number>,
): Promise<BenchMetrics> {
  let t = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    if (steps) steps[name] = (steps[name] ?? 0) + now - t;
    t = now;
  };
  const INT = `('BIGINT', 'UBIGINT')`;
  const src = `read_csv(${q(`${dir}/partitions/*`)}, columns = {'line': 'VARCHAR'}, header = false, delim = chr(1), quote = chr(2), escape = chr(2),
      auto_detect = false, filename = true, strict_mode = false, new_line = '\\n')`;
  await con.run(`
    CREATE OR REPLACE TEMP TABLE rec AS
    WITH src AS (
      SELECT filename AS part, line FROM ${src} WHERE line IS NOT NULL AND trim(line) <> ''
    ), parsed AS (
      -- DuckDB's JSON reader (yyjson) accepts trailing commas; RFC 8259, JSON.parse and the processor
      -- do not. The pattern could also match inside a string value; the generated strings hold none.
      SELECT part, line, json_valid(line) AND NOT regexp_matches(line, ',\\s*[}\\]]') AS ok FROM src
    ), env AS (
      SELECT part, line, ok,
        CASE WHEN ok THEN json_type(line, ${list(ENVELOPE_TYPES)}) END AS ty,
        CASE WHEN ok THEN json_extract_string(line, ${list(ENVELOPE_VALUES)}) END AS v
      FROM parsed
    ), checked AS (
      -- The payload as its own small document: the per-field calls below parse it, not the whole line.
      SELECT part, ok, ty, v, CASE WHEN ok THEN json_extract(line, '$.payload') END AS payload,
        ok AND coalesce(
          ty[1] = 'OBJECT' AND ty[2] = 'VARCHAR' AND v[1] <> '' AND ty[3] = 'VARCHAR' AND ty[4] = 'VARCHAR'
          AND ty[5] IN ${INT} AND try_cast(v[3] AS BIGINT) >= 1
          AND ty[6] = 'VARCHAR' AND try_cast(v[4] AS TIMESTAMP) IS NOT NULL
          AND ty[7] = 'VARCHAR' AND try_cast(v[5] AS TIMESTAMP) IS NOT NULL
          AND ty[8] = 'OBJECT'
          AND (ty[9] IS NULL OR (ty[9] = 'OBJECT' AND (ty[10] IS NULL OR ty[10] = 'ARRAY')))
          AND ty[11] = 'OBJECT' AND ty[12] IN ${INT} AND try_cast(v[6] AS BIGINT) >= 0 AND ty[13] IN ${INT} AND try_cast(v[7] AS BIGINT) >= 0
          AND ty[14] = 'OBJECT'
          AND ty[15] = 'VARCHAR' AND v[8] IN (${PII_CLASSES.map(q).join(', ')})
          AND ty[16] = 'VARCHAR' AND v[9] IN (${ACTOR_ROLES.map(q).join(', ')})
          AND ty[17] = 'VARCHAR' AND v[10] IN (${ACCESS_PURPOSES.map(q).join(', ')})
          AND ty[18] = 'BOOLEAN', false) AS envelope_ok
      FROM env
    )
    SELECT c.part, c.ok, c.envelope_ok AND c.v[2] IN (SELECT ds FROM regds) AS sound,
      c.v[1] AS event_id, c.v[2] AS ds,
      CASE WHEN c.envelope_ok THEN epoch_ms(c.v[5]::TIMESTAMP) - epoch_ms(c.v[4]::TIMESTAMP) END AS lag_ms,
      (c.ty[9] IS NULL OR c.ty[10] IS NULL OR json_array_length(c.v[11]) = 0) AS lineage_missing,
      try_cast(c.v[6] AS BIGINT) AS records, try_cast(c.v[7] AS BIGINT) AS bytes,
      CASE WHEN c.envelope_ok THEN json_keys(c.payload) END AS keys,
      CASE WHEN c.envelope_ok THEN ${perDataset(registry, (paths) => `json_type(c.payload, ${paths})`)} END AS ptypes,
      CASE WHEN c.envelope_ok THEN ${perDataset(registry, (paths) => `json_extract_string(c.payload, ${paths})`)} END AS pvals
    FROM checked c`);
  step('read, parse, envelope, payload extraction');
  await con.run(`
    CREATE OR REPLACE TEMP TABLE obs AS
    WITH f AS (
      SELECT *,
        list_filter(keys, k -> NOT list_contains(fields, k)) AS extras,
        list_filter(list_transform(range(1, len(fields) + 1), i -> CASE WHEN ptypes[i] IS NULL THEN norms[i] END), x -> x IS NOT NULL) AS missing_norms,
        list_bool_or(list_transform(range(1, len(fields) + 1), i -> ptypes[i] IS NOT NULL AND NOT (CASE ftypes[i]
          WHEN 'string' THEN ptypes[i] = 'VARCHAR'
          WHEN 'integer' THEN ptypes[i] IN ${INT}
          WHEN 'number' THEN ptypes[i] IN ('BIGINT', 'UBIGINT', 'DOUBLE')
          WHEN 'boolean' THEN ptypes[i] = 'BOOLEAN'
          ELSE ptypes[i] = 'VARCHAR' AND try_cast(pvals[i] AS TIMESTAMP) IS NOT NULL END))) AS type_changed
      FROM rec JOIN regds r ON r.ds = rec.ds WHERE rec.sound
    ), g AS (
      SELECT *, list_transform(extras, k -> ${NORM('k')}) AS extra_norms FROM f
    )
    SELECT part, event_id, ds, lag_ms, lineage_missing, records, bytes,
      len(list_filter(extra_norms, n -> NOT list_contains(missing_norms, n))) > 0 AS field_added,
      len(list_filter(missing_norms, n -> NOT list_contains(extra_norms, n))) > 0 AS field_removed,
      len(list_filter(missing_norms, n -> list_contains(extra_norms, n))) > 0 AS field_renamed,
      coalesce(type_changed, false) AS type_changed
    FROM g`);
  step('drift classification');
  const totals = await con.runAndReadAll(`
    WITH b AS (
      SELECT *, field_removed OR field_renamed OR type_changed AS breaking,
        field_added OR field_removed OR field_renamed OR type_changed AS drifted FROM obs
    ), acc AS (
      SELECT * FROM b WHERE NOT breaking QUALIFY row_number() OVER (PARTITION BY part, event_id) = 1
    ), observed AS (
      SELECT * FROM acc UNION ALL SELECT * FROM b WHERE breaking
    )
    SELECT
      (SELECT count(*) FROM rec) AS input,
      (SELECT count(*) FILTER (WHERE NOT ok) FROM rec) AS not_json,
      (SELECT count(*) FILTER (WHERE ok AND NOT sound) FROM rec) AS broken_envelope,
      (SELECT count(*) FILTER (WHERE breaking) FROM b) AS schema_drift,
      (SELECT count(*) FROM b WHERE NOT breaking) - (SELECT count(*) FROM acc) AS duplicates,
      (SELECT count(*) FROM acc) AS curated,
      count(*) AS observed,
      count(*) FILTER (WHERE lag_ms > ${slaMinutes * 60_000}) AS late,
      count(*) FILTER (WHERE lineage_missing) AS lineage_missing,
      count(*) FILTER (WHERE drifted) AS drift_events,
      count(*) FILTER (WHERE field_added) AS field_added,
      count(*) FILTER (WHERE field_removed) AS field_removed,
      count(*) FILTER (WHERE field_renamed) AS field_renamed,
      count(*) FILTER (WHERE type_changed) AS type_changed,
      (SELECT list({ds: ds, events: n, records: r, bytes: y} ORDER BY ds) FROM (
        SELECT ds, count(*) AS n, sum(records) AS r, sum(bytes) AS y FROM observed GROUP BY ds)) AS datasets
    FROM observed`);
  step('dedup and aggregate');
  const row = totals.getRowObjectsJson()[0] as Record<string, unknown>;
  const n = (k: string) => Number(row[k]);
  const datasets: Record<string, { events: number; records: number; bytes: number }> = {};
  for (const d of row.datasets as { ds: string; events: string; records: string; bytes: string }[]) {
    datasets[d.ds] = { events: Number(d.events), records: Number(d.records), bytes: Number(d.bytes) };
  }
  await con.run('DROP TABLE rec; DROP TABLE obs;');
  return {
    input: n('input'),
    notJson: n('not_json'),
    brokenEnvelope: n('broken_envelope'),
    schemaDrift: n('schema_drift'),
    duplicatesDropped: n('duplicates'),
    curated: n('curated'),
    observed: n('observed'),
    late: n('late'),
    lineageMissing: n('lineage_missing'),
    driftEvents: n('drift_events'),
    driftByKind: Object.fromEntries(DRIFT_KINDS.map((k) => [k, n(k)])) as Record<DriftKind, number>,
    datasets,
  };
}

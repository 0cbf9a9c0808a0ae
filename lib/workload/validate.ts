import {
  ACCESS_PURPOSES,
  ACTOR_ROLES,
  BREAKING_DRIFT,
  DriftKind,
  PII_CLASSES,
  QuarantineReason,
} from './event-schema';
import { FieldType, RegisteredDataset, SchemaRegistry, normalizeFieldName } from './registry';
import { RISK_TABLE, riskIndex } from './risk';
import { parseIsoMillis } from './timestamps';

/**
 * Record validation: the envelope's types and values, the dataset, and per-field drift against the
 * registered schema; then the per-record checks that need no state (freshness, lineage, access risk).
 * Pure, and allocation-free for a clean record: results land in a reusable `Verdict`.
 */

export interface CompiledDataset {
  readonly index: number;
  readonly def: RegisteredDataset;
  readonly names: readonly string[];
  readonly types: readonly FieldType[];
  /** Field name → position. A Map, so payload keys such as `__proto__` cannot hit inherited members. */
  readonly position: ReadonlyMap<string, number>;
  /** normalizeFieldName(field) → position, to recognize renames. */
  readonly normalized: ReadonlyMap<string, number>;
}

export interface CompiledRegistry {
  readonly registry: SchemaRegistry;
  readonly datasets: readonly CompiledDataset[];
  readonly byName: ReadonlyMap<string, CompiledDataset>;
}

export function compileRegistry(registry: SchemaRegistry): CompiledRegistry {
  const datasets = registry.datasets.map((def, index): CompiledDataset => ({
    index,
    def,
    names: def.fields.map((f) => f.name),
    types: def.fields.map((f) => f.type),
    position: new Map(def.fields.map((f, i) => [f.name, i])),
    normalized: new Map(def.fields.map((f, i) => [normalizeFieldName(f.name), i])),
  }));
  return { registry, datasets, byName: new Map(datasets.map((d) => [d.def.name, d])) };
}

/** One drifted field of one record. For a rename, `field` is the registered name and `to` the new one. */
export interface FieldDrift {
  readonly kind: DriftKind;
  readonly field: string;
  readonly to?: string;
}

/*
 * Module-local aliases for the per-record path. Run from source (tsx), imported bindings are getters
 * on the exporting module, read on every use; these are read once.
 */
const parseIso = parseIsoMillis;
const RISK = RISK_TABLE;
const riskAt = riskIndex;
const BREAKING = BREAKING_DRIFT;

const CLASS_INDEX = indexOf(PII_CLASSES);
const ROLE_INDEX = indexOf(ACTOR_ROLES);
const PURPOSE_INDEX = indexOf(ACCESS_PURPOSES);

/**
 * The outcome of validating one record. Reused across records; copy what you keep. `reason` and
 * `detail` are always set, `eventId` once the id is read; the rest describe the record only when it
 * is `observed`.
 */
export class Verdict {
  /** Undefined when the record is acceptable (it may still carry non-breaking drift). */
  reason: QuarantineReason | undefined = undefined;
  detail = '';
  eventId: string | undefined = undefined;
  dataset: CompiledDataset | undefined = undefined;
  eventMs = 0;
  ingestMs = 0;
  lagMs = 0;
  late = false;
  lineageMissing = false;
  upstream: readonly string[] = [];
  records = 0;
  bytes = 0;
  classIdx = 0;
  roleIdx = 0;
  purposeIdx = 0;
  crossAccount = false;
  riskScore = 0;
  /** Drifted fields, or null when the payload matches the registered schema. */
  drift: FieldDrift[] | null = null;
  /** Payload keys beyond the registered schema (the field_added drift). */
  added: string[] | null = null;

  reset(): void {
    this.reason = undefined;
    this.detail = '';
    this.eventId = undefined;
    this.dataset = undefined;
    this.drift = null;
    this.added = null;
    this.lineageMissing = false;
    this.upstream = EMPTY;
  }

  /** True when the record passed the envelope checks, so its quality indicators count. */
  get observed(): boolean {
    return this.reason === undefined || this.reason === 'schema_drift';
  }
}

const EMPTY: readonly string[] = [];

/**
 * Validate one parsed JSON value. `slaMs` is the freshness SLA: a lag strictly above it is late.
 * Returns the same `out`, filled in. The envelope is checked in a fixed order (the first problem found
 * is the reason): identity, times, payload, lineage, volume, access, then the dataset's registration.
 */
export function validateRecord(rec: unknown, reg: CompiledRegistry, slaMs: number, out: Verdict): Verdict {
  out.reset();
  if (!isObject(rec)) return fail(out, 'wrong_type', `record: expected a JSON object, got ${jsonType(rec)}`);
  const r = rec as Record<string, unknown>;
  if (!checkIdentity(r, out) || !checkTimes(r, out)) return out;
  const payload = r.payload;
  if (!isObject(payload)) return fail(out, 'wrong_type', `payload: expected an object, got ${jsonType(payload)}`);
  if (!checkLineage(r.lineage, out) || !checkVolume(r.volume, out) || !checkAccess(r.access, out)) return out;
  // checkIdentity found a string here.
  const ds = r.dataset as string;
  const dataset = reg.byName.get(ds);
  if (dataset === undefined) return fail(out, 'unknown_dataset', `dataset: ${clip(ds)} is not in the schema registry`);
  observe(out, dataset, slaMs);
  classifyDrift(payload as Record<string, unknown>, dataset, out);
  if (out.drift !== null) quarantineBreakingDrift(out);
  return out;
}

// The envelope checks. Each reads its part of the record, fills in `out` and returns true, or records
// the first problem with `reject` and returns false. What they fill in means something only once the
// whole envelope is sound (Verdict.observed).

/** event_id (kept in `out.eventId` from here on, for the quarantine record), pipeline, dataset, schema_version. */
function checkIdentity(r: Record<string, unknown>, out: Verdict): boolean {
  const id = r.event_id;
  if (typeof id !== 'string') return reject(out, 'wrong_type', `event_id: expected a string, got ${jsonType(id)}`);
  if (id.length === 0) return reject(out, 'invalid_value', 'event_id: expected a non-empty string');
  out.eventId = id;
  if (typeof r.pipeline !== 'string') return reject(out, 'wrong_type', `pipeline: expected a string, got ${jsonType(r.pipeline)}`);
  const ds = r.dataset;
  if (typeof ds !== 'string') return reject(out, 'wrong_type', `dataset: expected a string, got ${jsonType(ds)}`);
  const sv = r.schema_version;
  if (typeof sv !== 'number') return reject(out, 'wrong_type', `schema_version: expected an integer, got ${jsonType(sv)}`);
  if (!Number.isInteger(sv) || sv < 1) return reject(out, 'invalid_value', `schema_version: expected an integer >= 1, got ${sv}`);
  return true;
}

/** event_time and ingest_time, ISO-8601 strings, into `out.eventMs` and `out.ingestMs`. */
function checkTimes(r: Record<string, unknown>, out: Verdict): boolean {
  const et = r.event_time;
  if (typeof et !== 'string') return reject(out, 'wrong_type', `event_time: expected an ISO-8601 string, got ${jsonType(et)}`);
  const eventMs = parseIso(et);
  if (eventMs !== eventMs) return reject(out, 'invalid_value', `event_time: not an ISO-8601 date-time: ${clip(et)}`);
  const it = r.ingest_time;
  if (typeof it !== 'string') return reject(out, 'wrong_type', `ingest_time: expected an ISO-8601 string, got ${jsonType(it)}`);
  const ingestMs = parseIso(it);
  if (ingestMs !== ingestMs) return reject(out, 'invalid_value', `ingest_time: not an ISO-8601 date-time: ${clip(it)}`);
  out.eventMs = eventMs;
  out.ingestMs = ingestMs;
  return true;
}

/** The optional lineage object and its optional list of upstream names, into `out.upstream`. */
function checkLineage(lineage: unknown, out: Verdict): boolean {
  if (lineage === undefined) return true;
  if (!isObject(lineage)) return reject(out, 'wrong_type', `lineage: expected an object, got ${jsonType(lineage)}`);
  const up = (lineage as Record<string, unknown>).upstream;
  if (up === undefined) return true;
  if (!Array.isArray(up)) return reject(out, 'wrong_type', `lineage.upstream: expected a list, got ${jsonType(up)}`);
  for (let i = 0; i < up.length; i++) {
    if (typeof up[i] !== 'string') return reject(out, 'wrong_type', `lineage.upstream[${i}]: expected a string, got ${jsonType(up[i])}`);
  }
  out.upstream = up as string[];
  return true;
}

/** volume.records and volume.bytes, integers >= 0. */
function checkVolume(volume: unknown, out: Verdict): boolean {
  if (!isObject(volume)) return reject(out, 'wrong_type', `volume: expected an object, got ${jsonType(volume)}`);
  const records = (volume as Record<string, unknown>).records;
  if (typeof records !== 'number') return reject(out, 'wrong_type', `volume.records: expected an integer, got ${jsonType(records)}`);
  if (!Number.isInteger(records) || records < 0) return reject(out, 'invalid_value', `volume.records: expected an integer >= 0, got ${records}`);
  const bytes = (volume as Record<string, unknown>).bytes;
  if (typeof bytes !== 'number') return reject(out, 'wrong_type', `volume.bytes: expected an integer, got ${jsonType(bytes)}`);
  if (!Number.isInteger(bytes) || bytes < 0) return reject(out, 'invalid_value', `volume.bytes: expected an integer >= 0, got ${bytes}`);
  out.records = records;
  out.bytes = bytes;
  return true;
}

/** access: classification, actor role and purpose (each one of its list, kept as its position), cross_account. */
function checkAccess(access: unknown, out: Verdict): boolean {
  if (!isObject(access)) return reject(out, 'wrong_type', `access: expected an object, got ${jsonType(access)}`);
  const a = access as Record<string, unknown>;
  const cls = a.classification;
  if (typeof cls !== 'string') return reject(out, 'wrong_type', `access.classification: expected a string, got ${jsonType(cls)}`);
  const classIdx = CLASS_INDEX.get(cls);
  if (classIdx === undefined) return reject(out, 'invalid_value', `access.classification: ${clip(cls)} is not one of ${PII_CLASSES.join(', ')}`);
  const role = a.actor_role;
  if (typeof role !== 'string') return reject(out, 'wrong_type', `access.actor_role: expected a string, got ${jsonType(role)}`);
  const roleIdx = ROLE_INDEX.get(role);
  if (roleIdx === undefined) return reject(out, 'invalid_value', `access.actor_role: ${clip(role)} is not one of ${ACTOR_ROLES.join(', ')}`);
  const purpose = a.purpose;
  if (typeof purpose !== 'string') return reject(out, 'wrong_type', `access.purpose: expected a string, got ${jsonType(purpose)}`);
  const purposeIdx = PURPOSE_INDEX.get(purpose);
  if (purposeIdx === undefined) return reject(out, 'invalid_value', `access.purpose: ${clip(purpose)} is not one of ${ACCESS_PURPOSES.join(', ')}`);
  const cross = a.cross_account;
  if (typeof cross !== 'boolean') return reject(out, 'wrong_type', `access.cross_account: expected a boolean, got ${jsonType(cross)}`);
  out.classIdx = classIdx;
  out.roleIdx = roleIdx;
  out.purposeIdx = purposeIdx;
  out.crossAccount = cross;
  return true;
}

/** The envelope is sound: from here on the record is observed and its indicators count. */
function observe(out: Verdict, dataset: CompiledDataset, slaMs: number): void {
  out.dataset = dataset;
  const lag = out.ingestMs - out.eventMs;
  out.lagMs = lag;
  out.late = lag > slaMs;
  out.lineageMissing = out.upstream.length === 0;
  out.riskScore = RISK[riskAt(out.classIdx, out.roleIdx, out.purposeIdx, out.crossAccount)]!;
}

/** A record with breaking drift (BREAKING_DRIFT) is quarantined as schema_drift, every breaking field named. */
function quarantineBreakingDrift(out: Verdict): void {
  let breaking = '';
  for (const d of out.drift!) {
    if (BREAKING.has(d.kind)) breaking += `${breaking ? '; ' : ''}${describeDrift(d)}`;
  }
  if (breaking) {
    out.reason = 'schema_drift';
    out.detail = breaking;
  }
}

/**
 * Compare a payload with its registered fields. Sets `out.drift` (null when clean) and `out.added`.
 * A missing field and an unexpected one that normalize to the same name are a rename; other
 * unexpected fields are additions, other missing fields removals; a present field of the wrong JSON
 * type (null included) is a type change.
 */
function classifyDrift(payload: Record<string, unknown>, ds: CompiledDataset, out: Verdict): void {
  const names = ds.names;
  const types = ds.types;
  let present = 0;
  let missing: number[] | null = null;
  let drift: FieldDrift[] | null = null;
  for (let i = 0; i < names.length; i++) {
    const v = payload[names[i]!];
    if (v === undefined) {
      (missing ??= []).push(i);
      continue;
    }
    present++;
    if (!hasType(v, types[i]!)) (drift ??= []).push({ kind: 'type_changed', field: names[i]!, to: jsonType(v) });
  }
  // More keys than registered fields found means unexpected fields; Object.keys would allocate.
  let keys = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _k in payload) keys++;
  if (keys > present) {
    for (const k in payload) {
      if (ds.position.has(k)) continue;
      const j = ds.normalized.get(normalizeFieldName(k));
      const m = j === undefined || missing === null ? -1 : missing.indexOf(j);
      if (m >= 0) {
        missing!.splice(m, 1);
        (drift ??= []).push({ kind: 'field_renamed', field: names[j!]!, to: k });
      } else {
        (drift ??= []).push({ kind: 'field_added', field: k });
        (out.added ??= []).push(k);
      }
    }
  }
  if (missing !== null) for (const i of missing) (drift ??= []).push({ kind: 'field_removed', field: names[i]! });
  out.drift = drift;
}

function hasType(v: unknown, t: FieldType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'timestamp':
      return typeof v === 'string' && parseIso(v) === parseIso(v);
  }
}

function describeDrift(d: FieldDrift): string {
  switch (d.kind) {
    case 'field_renamed':
      return `field_renamed:${d.field}->${d.to}`;
    case 'type_changed':
      return `type_changed:${d.field}(${d.to})`;
    default:
      return `${d.kind}:${d.field}`;
  }
}

function fail(out: Verdict, reason: QuarantineReason, detail: string): Verdict {
  out.reason = reason;
  out.detail = detail;
  return out;
}

/** `fail` for the envelope checks: false, so that a check can return it. */
function reject(out: Verdict, reason: QuarantineReason, detail: string): false {
  out.reason = reason;
  out.detail = detail;
  return false;
}

/** A JSON object: not null, not a list. */
function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON type of a parsed value, as a message word. */
function jsonType(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function clip(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}

function indexOf(list: readonly string[]): Map<string, number> {
  return new Map(list.map((v, i) => [v, i]));
}

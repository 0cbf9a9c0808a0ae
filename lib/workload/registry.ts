/**
 * The schema registry: the registered shape of each dataset's payload, the baseline that drift is
 * measured against. It ships with the scenarios (`scenarios/schemas/registry.json`) and travels inside
 * the run manifest, so the code running in AWS never reads it from disk.
 *
 * Pure: parsing and validation only, no I/O.
 */

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'timestamp'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface RegisteredField {
  readonly name: string;
  readonly type: FieldType;
  /** For generated strings: the vocabulary to draw from. */
  readonly values?: readonly string[];
  /** For generated integers and numbers: the inclusive range. */
  readonly min?: number;
  readonly max?: number;
  /**
   * The field whose length the generator varies to reach the scenario's event-size distribution
   * (at most one per dataset, a string). The processor treats it like any other field.
   */
  readonly variable?: boolean;
}

export interface RegisteredDataset {
  readonly name: string;
  readonly schemaVersion: number;
  readonly owner: string;
  /** Upstream datasets, as lineage references (`namespace.name`). */
  readonly upstream: readonly string[];
  readonly fields: readonly RegisteredField[];
}

export interface SchemaRegistry {
  readonly registryVersion: 1;
  readonly description?: string;
  /** Producing pipelines (job names); events are assigned to them round-robin by dataset. */
  readonly pipelines: readonly string[];
  readonly datasets: readonly RegisteredDataset[];
}

/** A registry file that does not have the documented shape. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

/**
 * The name a field is compared under when pairing a missing field with an unexpected one: case,
 * separators and a trailing version suffix (`_v2`, `V3`) are ignored. `user_id`, `userId` and
 * `user_id_v2` all normalize to `userid`, so each is a rename of the others.
 */
export function normalizeFieldName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/v\d+$/, '');
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Throws RegistryError for the value at path `p`; every check reports through one. */
type Report = (p: string, msg: string) => never;

/** Validate an unknown JSON value as a registry. Throws RegistryError naming the bad path and value. */
export function parseRegistry(raw: unknown, source = 'registry'): SchemaRegistry {
  const at: Report = (p, msg) => {
    throw new RegistryError(`${source}: ${p}: ${msg}`);
  };
  if (!isObject(raw)) return at('(top level)', `expected an object, got ${describe(raw)}`);
  if (raw.registryVersion !== 1) at('registryVersion', `expected 1, got ${describe(raw.registryVersion)}`);
  if (raw.description !== undefined && typeof raw.description !== 'string') {
    at('description', `expected a string, got ${describe(raw.description)}`);
  }
  const pipelines = stringList(raw.pipelines, 'pipelines', at);
  if (pipelines.length === 0) at('pipelines', 'expected at least one pipeline');
  if (!Array.isArray(raw.datasets) || raw.datasets.length === 0) {
    return at('datasets', `expected a non-empty list, got ${describe(raw.datasets)}`);
  }
  const seen = new Set<string>();
  const datasets = raw.datasets.map((d: unknown, i: number) => parseDataset(d, `datasets[${i}]`, seen, at));
  return {
    registryVersion: 1,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    pipelines,
    datasets,
  };
}

/** One dataset at path `p`: name (not in `seen`), version, owner, upstream, then its fields. */
function parseDataset(d: unknown, p: string, seen: Set<string>, at: Report): RegisteredDataset {
  if (!isObject(d)) return at(p, `expected an object, got ${describe(d)}`);
  if (typeof d.name !== 'string' || !NAME.test(d.name)) {
    at(`${p}.name`, `expected a dotted lowercase name such as features.user_daily, got ${describe(d.name)}`);
  }
  const name = d.name as string;
  if (seen.has(name)) at(`${p}.name`, `duplicate dataset ${JSON.stringify(name)}`);
  seen.add(name);
  if (typeof d.schemaVersion !== 'number' || !Number.isInteger(d.schemaVersion) || d.schemaVersion < 1) {
    at(`${p}.schemaVersion`, `expected an integer >= 1, got ${describe(d.schemaVersion)}`);
  }
  if (typeof d.owner !== 'string' || d.owner.length === 0) at(`${p}.owner`, `expected a team name, got ${describe(d.owner)}`);
  const upstream = stringList(d.upstream, `${p}.upstream`, at);
  if (!Array.isArray(d.fields) || d.fields.length === 0) {
    return at(`${p}.fields`, `expected a non-empty list, got ${describe(d.fields)}`);
  }
  const normalized = new Map<string, string>();
  const fields = d.fields.map((f: unknown, j: number) => parseField(f, `${p}.fields[${j}]`, normalized, at));
  const variable = fields.filter((f) => f.variable).length;
  if (variable > 1) at(`${p}.fields`, `at most one field may be variable, found ${variable}`);
  return { name, schemaVersion: d.schemaVersion as number, owner: d.owner as string, upstream, fields };
}

type MutableField = { -readonly [K in keyof RegisteredField]: RegisteredField[K] };

/**
 * One field at path `fp`: its name (unlike the others of its dataset once normalized, kept in
 * `normalized`) and type, then the generator's hints (values, range, variable).
 */
function parseField(f: unknown, fp: string, normalized: Map<string, string>, at: Report): RegisteredField {
  if (!isObject(f)) return at(fp, `expected an object, got ${describe(f)}`);
  if (typeof f.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(f.name)) {
    at(`${fp}.name`, `expected a snake_case name, got ${describe(f.name)}`);
  }
  const fname = f.name as string;
  // Inherited names (constructor, toString...) would read as present on every parsed payload.
  if (fname in Object.prototype) at(`${fp}.name`, `${fname} is reserved (an Object.prototype property)`);
  const norm = normalizeFieldName(fname);
  const clash = normalized.get(norm);
  // Two fields that normalize alike would make a rename ambiguous, so the registry forbids it.
  if (clash !== undefined) at(`${fp}.name`, `${fname} and ${clash} normalize to the same name (${norm}); renames would be ambiguous`);
  normalized.set(norm, fname);
  if (!FIELD_TYPES.includes(f.type as FieldType)) {
    at(`${fp}.type`, `expected one of ${FIELD_TYPES.join(', ')}, got ${describe(f.type)}`);
  }
  const out: MutableField = { name: fname, type: f.type as FieldType };
  if (f.values !== undefined) {
    if (f.type !== 'string') at(`${fp}.values`, 'only string fields take a vocabulary');
    out.values = stringList(f.values, `${fp}.values`, at);
    if (out.values.length === 0) at(`${fp}.values`, 'expected at least one value');
  }
  parseRange(f, fp, at, out);
  if (f.variable !== undefined) {
    if (f.variable !== true) at(`${fp}.variable`, `expected true or absent, got ${describe(f.variable)}`);
    if (f.type !== 'string') at(`${fp}.variable`, 'only a string field can be the variable-length field');
    out.variable = true;
  }
  return out;
}

/** A numeric field's optional inclusive range, into `out.min` / `out.max`. */
function parseRange(f: Record<string, unknown>, fp: string, at: Report, out: MutableField): void {
  for (const k of ['min', 'max'] as const) {
    const v = f[k];
    if (v === undefined) continue;
    if (f.type !== 'integer' && f.type !== 'number') at(`${fp}.${k}`, 'only integer and number fields take a range');
    if (typeof v !== 'number' || !Number.isFinite(v)) at(`${fp}.${k}`, `expected a number, got ${describe(v)}`);
    out[k] = v as number;
  }
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) {
    at(`${fp}.min`, `${out.min} is above max ${out.max}`);
  }
}

function stringList(v: unknown, p: string, at: Report): string[] {
  if (!Array.isArray(v)) return at(p, `expected a list of strings, got ${describe(v)}`);
  v.forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0) at(`${p}[${i}]`, `expected a non-empty string, got ${describe(s)}`);
  });
  return v as string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

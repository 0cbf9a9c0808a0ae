import { type FieldType, normalizeFieldName, parseRegistry, type RegisteredDataset, type RegisteredField, type SchemaRegistry } from '../../lib/workload/registry';
import { parseIsoMillis } from '../../lib/workload/timestamps';

/**
 * A schema registry inferred from a sample's dominant shapes: for each dataset, the payload's most
 * common set of keys is its registered schema, each field typed by the JSON type most of its values
 * have. Records of any other shape then read as drift against it (a key missing, added, renamed, or
 * of another type), exactly as the processor reads drift against a registry a team maintains.
 *
 * Pure: fed one observed record at a time (`add`), then `build` returns the registry plus warnings.
 * Memory is bounded: at most MAX_SHAPES key sets per dataset and MAX_DATASETS datasets are tracked.
 */

const MAX_SHAPES = 256;
export const MAX_DATASETS = 1000;
const MAX_UPSTREAMS = 64;
const MAX_PIPELINES = 1000;

const DATASET_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const FIELD_NAME = /^[a-z][a-z0-9_]*$/;
/** Envelope keys the generator reserves (simulator/generate/event-builder.ts); a payload field may not reuse one. */
const ENVELOPE_KEYS = new Set([
  'event_id', 'pipeline', 'dataset', 'schema_version', 'event_time', 'ingest_time', 'payload', 'lineage', 'upstream',
  'volume', 'records', 'bytes', 'access', 'classification', 'actor_role', 'purpose', 'cross_account',
]);

/** Value classes counted per field: string, ISO timestamp string, integer, non-integral number, boolean, other (null, object, list). */
const T = { string: 0, timestamp: 1, integer: 2, number: 3, boolean: 4, other: 5 } as const;

interface FieldStats {
  readonly types: number[];
  /** Sum of string lengths, for picking the variable-length field. */
  stringChars: number;
  min: number;
  max: number;
}

interface Shape {
  count: number;
  /** Key order of the first record seen with this key set. */
  readonly order: readonly string[];
  readonly fields: Map<string, FieldStats>;
  /** Where it was first seen, for messages that must not quote the data. */
  readonly firstSeen: string;
}

interface DatasetShapes {
  count: number;
  readonly shapes: Map<string, Shape>;
  /** Records whose key set was not tracked (over MAX_SHAPES distinct sets). */
  untracked: number;
  readonly versions: Map<number, number>;
  readonly upstreams: Map<string, number>;
  readonly firstSeen: string;
}

export interface InferredRegistry {
  readonly registry: SchemaRegistry;
  /** Things the user should know: fields or datasets that could not be registered, weak dominance. */
  readonly warnings: readonly string[];
  /** Per dataset (registry order): the share of its records that had the registered key set. */
  readonly dominance: readonly { readonly dataset: number; readonly share: number; readonly records: number }[];
}

export class ShapeCollector {
  private readonly datasets = new Map<string, DatasetShapes>();
  private readonly pipelines = new Map<string, number>();

  /** One observed record (its envelope passed): its dataset, payload, schema_version, upstream list and pipeline. */
  add(rec: { dataset: string; payload: Record<string, unknown>; schemaVersion: number; upstream: readonly string[]; pipeline: string }, where: string): void {
    if (this.pipelines.has(rec.pipeline) || this.pipelines.size < MAX_PIPELINES) this.pipelines.set(rec.pipeline, (this.pipelines.get(rec.pipeline) ?? 0) + 1);
    let ds = this.datasets.get(rec.dataset);
    if (ds === undefined) {
      if (this.datasets.size >= MAX_DATASETS) return;
      ds = { count: 0, shapes: new Map(), untracked: 0, versions: new Map(), upstreams: new Map(), firstSeen: where };
      this.datasets.set(rec.dataset, ds);
    }
    ds.count++;
    ds.versions.set(rec.schemaVersion, (ds.versions.get(rec.schemaVersion) ?? 0) + 1);
    const up = rec.upstream.filter((u) => u.length > 0);
    if (up.length > 0) {
      const key = JSON.stringify(up);
      if (ds.upstreams.has(key) || ds.upstreams.size < MAX_UPSTREAMS) ds.upstreams.set(key, (ds.upstreams.get(key) ?? 0) + 1);
    }
    const keys: string[] = [];
    for (const k in rec.payload) keys.push(k);
    const setKey = [...keys].sort().join('\u0000');
    let shape = ds.shapes.get(setKey);
    if (shape === undefined) {
      if (ds.shapes.size >= MAX_SHAPES) {
        ds.untracked++;
        return;
      }
      shape = { count: 0, order: keys, fields: new Map(keys.map((k) => [k, { types: [0, 0, 0, 0, 0, 0], stringChars: 0, min: Infinity, max: -Infinity }])), firstSeen: where };
      ds.shapes.set(setKey, shape);
    }
    shape.count++;
    for (const k of keys) {
      const f = shape.fields.get(k)!;
      const v = rec.payload[k];
      if (typeof v === 'string') {
        f.stringChars += v.length;
        f.types[parseIsoMillis(v) === parseIsoMillis(v) ? T.timestamp : T.string]!++;
      } else if (typeof v === 'number') {
        f.types[Number.isInteger(v) ? T.integer : T.number]!++;
        if (v < f.min) f.min = v;
        if (v > f.max) f.max = v;
      } else if (typeof v === 'boolean') f.types[T.boolean]!++;
      else f.types[T.other]!++;
    }
  }

  /** Datasets seen, most records first. */
  datasetCounts(): [string, number][] {
    return [...this.datasets.entries()].map(([n, d]): [string, number] => [n, d.count]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  pipelineCounts(): [string, number][] {
    return [...this.pipelines.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  /** The registry of the dominant shapes. Throws (InferenceError) when no dataset can be registered. */
  build(description: string): InferredRegistry {
    const warnings: string[] = [];
    const datasets: RegisteredDataset[] = [];
    const dominance: { dataset: number; share: number; records: number }[] = [];
    let rank = 0;
    for (const [name] of this.datasetCounts()) {
      const ds = this.datasets.get(name)!;
      rank++;
      const label = `dataset #${rank} by records (first seen at ${ds.firstSeen})`;
      if (!DATASET_NAME.test(name)) {
        warnings.push(`${label}: its name is not a dotted lowercase name, which the registry requires (lib/workload/registry.ts); left out, so its ${ds.count} records count as unknown_dataset`);
        continue;
      }
      const top = [...ds.shapes.values()].sort((a, b) => b.count - a.count)[0];
      if (top === undefined) continue;
      const share = top.count / ds.count;
      if (share < 0.5) warnings.push(`${label}: no dominant payload shape (the most common key set covers ${(share * 100).toFixed(1)}% of its records); drift against it will be high`);
      const fields = registeredFields(top, label, warnings);
      if (fields.length === 0) {
        warnings.push(`${label}: no payload field could be registered; left out, so its ${ds.count} records count as unknown_dataset`);
        continue;
      }
      dominance.push({ dataset: datasets.length, share, records: ds.count });
      datasets.push({
        name,
        schemaVersion: topKey(ds.versions) ?? 1,
        owner: 'unknown',
        upstream: topKey(ds.upstreams) !== undefined ? (JSON.parse(topKey(ds.upstreams)!) as string[]) : [],
        fields,
      });
    }
    if (datasets.length === 0) throw new InferenceError('no dataset of the sample could be registered (no record had a sound envelope with a registrable dataset name and payload), so no registry or scenario can be inferred');
    const pipelines = this.pipelineCounts().map(([p]) => p).filter((p) => p.length > 0);
    const registry = parseRegistry({ registryVersion: 1, description, pipelines: pipelines.length ? pipelines : ['unknown'], datasets }, 'inferred registry');
    return { registry, warnings, dominance };
  }
}

/** A sample from which nothing can be inferred. */
export class InferenceError extends Error {
  override readonly name = 'InferenceError';
}

function topKey<K>(m: ReadonlyMap<K, number>): K | undefined {
  let best: K | undefined;
  let n = -1;
  for (const [k, c] of m) if (c > n) [best, n] = [k, c];
  return best;
}

function registeredFields(shape: Shape, label: string, warnings: string[]): RegisteredField[] {
  const out: RegisteredField[] = [];
  const norms = new Set<string>();
  let position = 0;
  for (const key of shape.order) {
    position++;
    const f = shape.fields.get(key)!;
    const where = `${label}: payload field #${position}`;
    if (!FIELD_NAME.test(key) || key in Object.prototype || ENVELOPE_KEYS.has(key)) {
      warnings.push(`${where}: its name is not a snake_case name the registry accepts (or reuses an envelope key); left out, so the processor reads it as an added field (non-breaking drift) on every record`);
      continue;
    }
    const norm = normalizeFieldName(key);
    if (norms.has(norm)) {
      warnings.push(`${where}: normalizes to the same name as an earlier field, so a rename would be ambiguous; left out (read as an added field)`);
      continue;
    }
    const type = fieldType(f);
    if (type === undefined) {
      warnings.push(`${where}: most values are null, objects or lists, which the registry cannot type; left out (read as an added field on every record)`);
      continue;
    }
    norms.add(norm);
    const field: { -readonly [K in keyof RegisteredField]: RegisteredField[K] } = { name: key, type };
    if ((type === 'integer' || type === 'number') && Number.isFinite(f.min) && Number.isFinite(f.max)) {
      field.min = type === 'integer' ? Math.floor(f.min) : f.min;
      field.max = type === 'integer' ? Math.ceil(f.max) : f.max;
    }
    out.push(field);
  }
  // The generator varies one string field's length to reach the size distribution: the longest one.
  let longest: RegisteredField | undefined;
  let longestChars = 0;
  for (const field of out) {
    const chars = shape.fields.get(field.name)!.stringChars;
    if (field.type === 'string' && chars > longestChars) [longest, longestChars] = [field, chars];
  }
  return out.map((x) => (x === longest ? { ...x, variable: true } : x));
}

/**
 * The type most values have: strings (timestamp when most parse as ISO-8601), numbers, booleans. A
 * numeric field is `number` once 5% of its values are non-integral (the processor accepts integers in a
 * number field, so a float field whose values are often whole stays one field, not drift).
 */
function fieldType(f: FieldStats): FieldType | undefined {
  const t = f.types;
  const groups = [
    { n: t[T.string]! + t[T.timestamp]!, type: (t[T.timestamp]! > t[T.string]! ? 'timestamp' : 'string') as FieldType },
    { n: t[T.integer]! + t[T.number]!, type: (t[T.number]! >= 0.05 * (t[T.integer]! + t[T.number]!) ? 'number' : 'integer') as FieldType },
    { n: t[T.boolean]!, type: 'boolean' as FieldType },
    { n: t[T.other]!, type: undefined },
  ];
  groups.sort((a, b) => b.n - a.n);
  return groups[0]!.type;
}

/**
 * A field mapping: how a sample in another schema names the documented event fields
 * (lib/workload/EVENT-SCHEMA.md). A JSON object from a documented field path to the sample's own
 * dotted path, e.g. `{"event_id": "id", "event_time": "meta.produced_at", "payload": "data"}`; a
 * documented field that is not mapped is read under its own name. Renames only: values are not
 * converted, so a timestamp must already be ISO-8601 and a PII class one of the documented ones.
 *
 * Pure: parsing and applying. Reading the mapping file is the caller's job.
 */

/** The documented fields a mapping may name: the envelope's leaves, the payload and the lineage list. */
export const MAPPABLE_FIELDS = [
  'event_id',
  'pipeline',
  'dataset',
  'schema_version',
  'event_time',
  'ingest_time',
  'payload',
  'lineage.upstream',
  'volume.records',
  'volume.bytes',
  'access.classification',
  'access.actor_role',
  'access.purpose',
  'access.cross_account',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export type FieldMapping = Readonly<Partial<Record<MappableField, string>>>;

const PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

/** A mapping that is not the documented shape; the message names the key and the allowed ones. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
}

export function parseMapping(raw: unknown, source = 'mapping'): FieldMapping {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new MappingError(`${source}: expected a JSON object from documented field to the sample's field, e.g. {"event_id": "id"}`);
  const out: Partial<Record<MappableField, string>> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(k)) throw new MappingError(`${source}: ${JSON.stringify(k.slice(0, 60))} is not a documented field; allowed: ${MAPPABLE_FIELDS.join(', ')}`);
    if (typeof v !== 'string' || !PATH.test(v) || v.split('.').some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) {
      throw new MappingError(`${source}: ${k}: expected a dotted field path such as meta.id, got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 60)) : typeof v}`);
    }
    out[k as MappableField] = v;
  }
  return out;
}

function get(o: unknown, path: string): unknown {
  let cur = o;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * The record in the documented schema: each documented field read from where the mapping says (or
 * its own name). A field the sample lacks stays absent, so the processor reports it as it would any
 * record with that field missing. A value that is not an object is returned as it is.
 */
export function applyMapping(rec: unknown, mapping: FieldMapping): unknown {
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return rec;
  const out: Record<string, unknown> = {};
  for (const field of MAPPABLE_FIELDS) {
    const value = get(rec, mapping[field] ?? field);
    if (value === undefined) continue;
    const [head, leaf] = field.split('.') as [string, string | undefined];
    if (leaf === undefined) out[head] = value;
    else ((out[head] ??= {}) as Record<string, unknown>)[leaf] = value;
  }
  return out;
}

import { PartitionCore, ProcessedPartition } from '../../../lib/workload/processor';
import { SchemaRegistry, parseRegistry } from '../../../lib/workload/registry';
import { CompiledRegistry, compileRegistry } from '../../../lib/workload/validate';

/** A one-dataset registry for hand-built partitions. */
export const SMALL_REGISTRY: SchemaRegistry = parseRegistry({
  registryVersion: 1,
  pipelines: ['feature-refresh'],
  datasets: [
    {
      name: 'features.users',
      schemaVersion: 2,
      owner: 'growth-ml',
      upstream: ['raw.clicks'],
      fields: [
        { name: 'user_id', type: 'string' },
        { name: 'sessions_7d', type: 'integer' },
        { name: 'score', type: 'number' },
        { name: 'active', type: 'boolean' },
        { name: 'seen_at', type: 'timestamp' },
        { name: 'notes', type: 'string', variable: true },
      ],
    },
  ],
});

export const COMPILED: CompiledRegistry = compileRegistry(SMALL_REGISTRY);

/** SLA of the hand-built partitions: 60 minutes. */
export const SLA_MINUTES = 60;

type Json = Record<string, unknown>;

/** A valid event; override any top-level field, or the payload via `payload`. */
export function ev(id: string, over: Json = {}): Json {
  return {
    event_id: id,
    pipeline: 'feature-refresh',
    dataset: 'features.users',
    schema_version: 2,
    event_time: '2026-11-26T10:00:00.000Z',
    ingest_time: '2026-11-26T10:05:00.000Z',
    payload: { user_id: 'u1', sessions_7d: 3, score: 0.5, active: true, seen_at: '2026-11-25T00:00:00.000Z', notes: 'x' },
    lineage: { upstream: ['raw.clicks'] },
    volume: { records: 10, bytes: 1000 },
    access: { classification: 'none', actor_role: 'service', purpose: 'training', cross_account: false },
    ...over,
  };
}

/** The default payload with changes: `undefined` removes a field. */
export function payload(changes: Json): Json {
  const p: Json = { ...(ev('x').payload as Json) };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete p[k];
    else p[k] = v;
  }
  return p;
}

export function lines(...records: (Json | string)[]): string {
  return records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
}

/** Run the core over text, optionally split into chunks of `chunk` bytes. */
export function runCore(text: string | Buffer, chunk?: number, partition = 'part-00000.ndjson'): ProcessedPartition {
  const core = new PartitionCore({ partition, registry: COMPILED, slaMinutes: SLA_MINUTES });
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const step = chunk ?? Math.max(1, buf.length);
  for (let i = 0; i < buf.length; i += step) core.pushBytes(buf.subarray(i, i + step));
  return core.finish();
}

/** The records of an NDJSON output, typed as the format they are written in (curated, quarantine). */
export function ndjson<T = Json>(bufs: readonly Buffer[]): T[] {
  return Buffer.concat(bufs)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

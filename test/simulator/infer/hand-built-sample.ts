import type { SchemaRegistry } from '../../../lib/workload/registry';
import { mulberry32 } from '../../mulberry32';

/**
 * Pipeline events built BY HAND in the documented schema (lib/workload/EVENT-SCHEMA.md), not with the
 * generator, with exact counts of each quality problem placed at shuffled positions, so a test knows
 * the true rates of the sample to the event. Denominators are the scenario's (infer/estimate.ts):
 * duplicates over lines, corrupt over non-duplicate lines, the rest over observed events.
 */

export interface HandBuiltRates {
  readonly lines: number;
  readonly duplicate: number;
  readonly corrupt: number;
  readonly late: number;
  /** Split evenly over the four kinds. */
  readonly drift: number;
  readonly lineageMissing: number;
  readonly crossAccount: number;
}

export const ACCEPTANCE_RATES: HandBuiltRates = { lines: 100_000, duplicate: 0.005, corrupt: 0.002, late: 0.03, drift: 0.02, lineageMissing: 0.01, crossAccount: 0.01 };

export interface HandBuiltSample {
  readonly lines: string[];
  /** Exact counts placed. */
  readonly truth: {
    readonly lines: number;
    readonly duplicates: number;
    readonly corrupt: number;
    readonly observed: number;
    readonly late: number;
    readonly drift: number;
    readonly driftByKind: { readonly field_added: number; readonly field_removed: number; readonly field_renamed: number; readonly type_changed: number };
    readonly lineageMissing: number;
    readonly crossAccount: number;
  };
}

/** The two datasets' registered schemas (what a team would maintain). */
export const HAND_REGISTRY: SchemaRegistry = {
  registryVersion: 1,
  pipelines: ['orders-etl', 'fraud-scoring'],
  datasets: [
    {
      name: 'sales.orders',
      schemaVersion: 4,
      owner: 'commerce',
      upstream: ['raw.checkout'],
      fields: [
        { name: 'order_id', type: 'string' },
        { name: 'amount', type: 'number' },
        { name: 'items', type: 'integer' },
        { name: 'paid', type: 'boolean' },
        { name: 'placed_at', type: 'timestamp' },
        { name: 'notes', type: 'string' },
      ],
    },
    {
      name: 'risk.scores',
      schemaVersion: 2,
      owner: 'risk',
      upstream: ['sales.orders'],
      fields: [
        { name: 'customer_id', type: 'string' },
        { name: 'score', type: 'number' },
        { name: 'model_version', type: 'string' },
        { name: 'flagged', type: 'boolean' },
        { name: 'scored_at', type: 'timestamp' },
      ],
    },
  ],
};

const rng = mulberry32;

function shuffled(n: number, r: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const DAY = Date.UTC(2026, 4, 11);
const KINDS = ['field_added', 'field_removed', 'field_renamed', 'type_changed'] as const;

/**
 * `rates.lines` lines. `marker`, when given, is written into string values of every event (an id
 * prefix, a payload note, a pipeline and an upstream reference), and into the dataset names and one
 * payload field's name, for the privacy test; it must then be a lowercase name such as `zqmark7`.
 */
export function handBuiltSample(rates: HandBuiltRates = ACCEPTANCE_RATES, seed = 17, marker?: string): HandBuiltSample {
  const ordersName = marker ? `${marker}.orders` : 'sales.orders';
  const scoresName = marker ? `${marker}.scores` : 'risk.scores';
  const notesKey = marker ? `${marker}_notes` : 'notes';
  const r = rng(seed);
  const nDup = Math.round(rates.lines * rates.duplicate);
  const fresh = rates.lines - nDup;
  const nCorrupt = Math.round(fresh * rates.corrupt);
  const observed = fresh - nCorrupt;
  const pick = (n: number, count: number) => new Set(shuffled(n, r).slice(0, count));
  // Positions among the fresh lines: which are corrupt; among observed events, which carry each property.
  const corrupt = pick(fresh, nCorrupt);
  const late = pick(observed, Math.round(observed * rates.late));
  const driftAll = shuffled(observed, r).slice(0, Math.round(observed * rates.drift));
  const driftKind = new Map<number, (typeof KINDS)[number]>(driftAll.map((p, i) => [p, KINDS[i % 4]!]));
  const lineage = pick(observed, Math.round(observed * rates.lineageMissing));
  const cross = pick(observed, Math.round(observed * rates.crossAccount));
  // Which lines (of all) are duplicates: never the first few, so there is something to copy.
  const dupAt = new Set(shuffled(rates.lines - 10, r).slice(0, nDup).map((i) => i + 10));

  const lines: string[] = [];
  const byKind = { field_added: 0, field_removed: 0, field_renamed: 0, type_changed: 0 };
  let lastClean: string | undefined;
  let freshIdx = 0;
  let obsIdx = 0;
  let duplicates = 0;
  const classes = ['none', 'none', 'none', 'email', 'name', 'financial'];
  const roles = ['service', 'service', 'service', 'data_engineer', 'analyst'];
  for (let line = 0; line < rates.lines; line++) {
    if (dupAt.has(line) && lastClean !== undefined) {
      lines.push(lastClean);
      duplicates++;
      continue;
    }
    const f = freshIdx++;
    const isCorrupt = corrupt.has(f);
    const o = isCorrupt ? -1 : obsIdx++;
    const orders = f % 3 !== 0;
    const eventMs = DAY + Math.floor(r() * 86_400_000);
    const lagMs = o >= 0 && late.has(o) ? 90 * 60_000 + Math.floor(r() * 60_000) : Math.floor(r() * 50 * 60_000);
    const id = `${marker ?? 'ev'}-${f.toString(36)}-${Math.floor(r() * 1e9).toString(36)}`;
    const note = `${marker ?? 'note'} ${'x'.repeat(20 + Math.floor(r() * 200))}`;
    const payload: Record<string, unknown> = orders
      ? { order_id: `o-${f}`, amount: Math.round(r() * 100_000) / 100 + 0.01, items: 1 + Math.floor(r() * 9), paid: r() < 0.9, placed_at: new Date(eventMs - 3_600_000).toISOString(), [notesKey]: note }
      : { customer_id: `c-${f}`, score: Math.round(r() * 1000) / 1000 + 0.0005, model_version: 'v7', flagged: r() < 0.05, scored_at: new Date(eventMs - 60_000).toISOString() };
    const kind = o >= 0 ? driftKind.get(o) : undefined;
    if (kind === 'field_added') payload.trace_id = 't-1';
    if (kind === 'field_removed') delete payload[orders ? 'items' : 'flagged'];
    if (kind === 'field_renamed') {
      const from = orders ? 'order_id' : 'customer_id';
      const to = orders ? 'orderId' : 'customerId';
      payload[to] = payload[from];
      delete payload[from];
    }
    if (kind === 'type_changed') payload[orders ? 'items' : 'score'] = String(payload[orders ? 'items' : 'score']);
    if (kind) byKind[kind]++;
    const missing = o >= 0 && lineage.has(o);
    const event: Record<string, unknown> = {
      event_id: id,
      pipeline: marker ? `${marker}-pipeline` : orders ? 'orders-etl' : 'fraud-scoring',
      dataset: orders ? ordersName : scoresName,
      schema_version: orders ? 4 : 2,
      event_time: new Date(eventMs).toISOString(),
      ingest_time: new Date(eventMs + lagMs).toISOString(),
      payload,
      ...(missing ? (o % 2 === 0 ? {} : { lineage: { upstream: [] } }) : { lineage: { upstream: [marker ? `${marker}.upstream` : orders ? 'raw.checkout' : 'sales.orders'] } }),
      volume: { records: 10 + Math.floor(r() * 1000), bytes: 1000 + Math.floor(r() * 100_000) },
      access: { classification: classes[f % classes.length], actor_role: roles[f % roles.length], purpose: 'analytics', cross_account: o >= 0 && cross.has(o) },
    };
    let text = JSON.stringify(event);
    if (isCorrupt) {
      const c = f % 3;
      if (c === 0) text = text.replace('"event_id":', '"event_id"=');
      else if (c === 1) text = text.slice(0, Math.floor(text.length / 2));
      else text = text.replace(`"schema_version":${event.schema_version}`, `"schema_version":"${event.schema_version}"`);
    } else if (!kind) {
      lastClean = text;
    }
    lines.push(text);
  }
  return {
    lines,
    truth: {
      lines: rates.lines,
      duplicates,
      corrupt: nCorrupt,
      observed,
      late: late.size,
      drift: driftAll.length,
      driftByKind: byKind,
      lineageMissing: lineage.size,
      crossAccount: cross.size,
    },
  };
}

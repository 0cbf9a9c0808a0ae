import fc from 'fast-check';
import { ACCESS_PURPOSES, ACTOR_ROLES, PII_CLASSES } from '../../../lib/workload/event-schema';
import { ev, payload } from './fixtures';

/**
 * Random lines for the fixtures' registry: clean events (ids from a small pool, so duplicates
 * happen), every drift kind, late and lineage-missing events, and every kind of corrupt record.
 */
const lineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: fc.integer({ min: 0, max: 30 }), lagMin: fc.integer({ min: -5, max: 3000 }), c: fc.constantFrom(...PII_CLASSES), r: fc.constantFrom(...ACTOR_ROLES), p: fc.constantFrom(...ACCESS_PURPOSES), x: fc.boolean(), lineage: fc.boolean() }).map(({ id, lagMin, c, r, p, x, lineage }) =>
    JSON.stringify(
      ev(`e${id}`, {
        ingest_time: new Date(Date.UTC(2026, 10, 26, 10) + lagMin * 60_000).toISOString(),
        access: { classification: c, actor_role: r, purpose: p, cross_account: x },
        ...(lineage ? {} : { lineage: { upstream: [] } }),
      }),
    ),
  ) },
  { weight: 2, arbitrary: fc.record({ id: fc.integer({ min: 0, max: 30 }), kind: fc.integer({ min: 0, max: 3 }) }).map(({ id, kind }) =>
    JSON.stringify(ev(`e${id}`, { payload: payload([{ extra: 1 }, { score: undefined }, { score: undefined, Score_v3: 1 }, { active: 'no' }][kind]!) })),
  ) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }).chain((id) => fc.integer({ min: 1, max: 300 }).map((cut) => JSON.stringify(ev(`e${id}`)).slice(0, cut))) },
  { weight: 1, arbitrary: fc.constantFrom('{"event_id"="x"}', '[]', 'null', '42', '"str"', '{}', '{"event_id":1}', 'garbage ✂ ünïcode') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => s.replace(/\n/g, ' ')) },
);

export const partitionTextArb: fc.Arbitrary<string> = fc.array(lineArb, { maxLength: 60 }).map((ls) => ls.join('\n') + (ls.length ? '\n' : ''));

import { compileRegistry } from '../../../lib/workload/validate';
import { LINE, LineClassifier } from '../../../simulator/infer/classify';
import { HAND_REGISTRY } from './hand-built-sample';

/** The per-line classification follows the processor's routing (EVENT-SCHEMA.md §3). */
describe('LineClassifier', () => {
  const event = (id: string, payload: Record<string, unknown> = { customer_id: 'c', score: 0.5, model_version: 'v', flagged: false, scored_at: '2026-01-01T00:00:00.000Z' }) =>
    JSON.stringify({
      event_id: id,
      pipeline: 'p',
      dataset: 'risk.scores',
      schema_version: 2,
      event_time: '2026-01-01T00:00:00.000Z',
      ingest_time: '2026-01-01T02:00:00.000Z',
      payload,
      volume: { records: 1, bytes: 1 },
      access: { classification: 'none', actor_role: 'service', purpose: 'analytics', cross_account: false },
    });
  const make = (maxSeen?: number) => new LineClassifier(compileRegistry(HAND_REGISTRY), 60, maxSeen);

  it('routes lines as the processor does', () => {
    const c = make();
    expect(c.classify('')).toBe(LINE.blank);
    expect(c.classify('   ')).toBe(LINE.blank);
    expect(c.classify('{"event_id": "x", "pay')).toBe(LINE.quarantined);
    expect(c.reason).toBe('truncated_line');
    expect(c.classify('{"event_id"="x"}')).toBe(LINE.quarantined);
    expect(c.reason).toBe('invalid_json');
    expect(c.classify('x', true)).toBe(LINE.quarantined);
    expect(c.reason).toBe('invalid_json');
    expect(c.classify(event('a'))).toBe(LINE.curated);
    expect(c.verdict.late).toBe(true);
    expect(c.verdict.lineageMissing).toBe(true);
    expect(c.classify(event('a'))).toBe(LINE.duplicate);
  });

  it('remembers curated ids only: a drift-quarantined record is never a duplicate, a good copy after it is curated', () => {
    const c = make();
    const drifted = event('b', { customer_id: 'c', score: '0.5', model_version: 'v', flagged: false, scored_at: '2026-01-01T00:00:00.000Z' });
    expect(c.classify(drifted)).toBe(LINE.quarantined);
    expect(c.reason).toBe('schema_drift');
    expect(c.driftKinds).toBe(1 << 3);
    expect(c.observed).toBe(true);
    expect(c.classify(drifted)).toBe(LINE.quarantined);
    expect(c.classify(event('b'))).toBe(LINE.curated);
  });

  it('remembers a sliding window of ids, so memory stays bounded', () => {
    const c = make(10);
    for (let i = 0; i < 12; i++) expect(c.classify(event(`id-${i}`))).toBe(LINE.curated);
    // The oldest ids fell out of the window; the recent ones are still duplicates.
    expect(c.classify(event('id-0'))).toBe(LINE.curated);
    expect(c.classify(event('id-11'))).toBe(LINE.duplicate);
  });
});

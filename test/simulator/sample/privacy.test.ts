import { emptySummary } from '../../../lib/workload/quality';
import { pseudonymousQuality } from '../../../simulator/sample/privacy';
import { HAND_REGISTRY } from '../infer/hand-built-sample';

describe('pseudonymousQuality', () => {
  const stats = { events: 5, curated: 4, quarantined: 1, duplicatesDropped: 0, records: 9, bytes: 99, late: 1, lineageMissing: 0, drifted: 1 };
  const q = {
    ...emptySummary(),
    datasets: { 'risk.scores': stats, 'sales.orders': { ...stats, events: 7 } },
    drift: {
      events: 4,
      breakingEvents: 2,
      byKind: { field_added: 2, field_removed: 1, field_renamed: 1, type_changed: 0 },
      byField: {
        'sales.orders.items': { field_removed: 1 },
        'sales.orders.secret_key_xyz': { field_added: 1 },
        'sales.orders.(other)': { field_added: 1 },
        'risk.scores.customer_id': { field_renamed: 1 },
      },
    },
  };

  it('keys datasets and fields by registry position and folds added fields', () => {
    const p = pseudonymousQuality(q, HAND_REGISTRY);
    expect(p.datasets).toEqual({ 'dataset-01': { ...stats, events: 7 }, 'dataset-02': stats });
    expect(p.drift.byField).toEqual({
      'dataset-01.(added)': { field_added: 2 },
      'dataset-01.field-03': { field_removed: 1 },
      'dataset-02.field-01': { field_renamed: 1 },
    });
    expect(JSON.stringify(p)).not.toMatch(/sales\.orders|risk\.scores|secret_key|items|customer_id/);
    // Counts are untouched.
    expect({ ...p, datasets: undefined, drift: { ...p.drift, byField: undefined } }).toEqual({ ...q, datasets: undefined, drift: { ...q.drift, byField: undefined } });
  });

  it('is deterministic, so both designs stay equal', () => {
    expect(JSON.stringify(pseudonymousQuality(q, HAND_REGISTRY))).toBe(JSON.stringify(pseudonymousQuality(JSON.parse(JSON.stringify(q)), HAND_REGISTRY)));
  });
});

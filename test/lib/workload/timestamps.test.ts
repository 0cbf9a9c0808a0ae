import fc from 'fast-check';
import { daysFromCivil, formatIsoMillis, parseIsoMillis } from '../../../lib/workload/timestamps';

describe('timestamps', () => {
  const ms = fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });

  test('format agrees with Date#toISOString', () => {
    fc.assert(fc.property(ms, (t) => formatIsoMillis(t) === new Date(t).toISOString()));
  });

  test('parse inverts format, on the fast path', () => {
    fc.assert(fc.property(ms, (t) => parseIsoMillis(formatIsoMillis(t)) === t));
  });

  test('daysFromCivil agrees with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        return daysFromCivil(y, m, d) * 86_400_000 === Date.UTC(y, m - 1, d);
      }),
    );
  });

  test.each([
    ['2026-11-26T10:00:00+02:00', Date.UTC(2026, 10, 26, 8)],
    ['2026-11-26T10:00Z', Date.UTC(2026, 10, 26, 10)],
    ['2026-11-26T10:00:00.5Z', Date.UTC(2026, 10, 26, 10, 0, 0, 500)],
    ['2024-02-29T00:00:00.000Z', Date.UTC(2024, 1, 29)],
  ])('accepts other ISO-8601 forms: %s', (s, expected) => {
    expect(parseIsoMillis(s)).toBe(expected);
  });

  test.each(['', 'yesterday', '2026-11-26', '2026-11-26 10:00:00Z', '2026-13-01T00:00:00.000Z', '2025-02-29T00:00:00.000Z', '2026-11-26T24:00:00.000Z', '2026-11-26T10:00:00.00xZ', '1764151200000'])(
    'rejects %j',
    (s) => {
      expect(parseIsoMillis(s)).toBeNaN();
    },
  );
});

import { AccountingInvariantError, checkAccounting } from '../../../lib/workload/accounting';

describe('checkAccounting', () => {
  test('passes when input = curated + quarantined + duplicatesDropped', () => {
    const a = { partition: 'p', input: 10, curated: 7, quarantined: 2, duplicatesDropped: 1 };
    expect(checkAccounting(a)).toBe(a);
  });

  test('throws loudly, naming the partition and every count, when it does not add up', () => {
    const bad = { partition: 'part-00007', input: 10, curated: 7, quarantined: 2, duplicatesDropped: 0 };
    expect(() => checkAccounting(bad)).toThrow(AccountingInvariantError);
    expect(() => checkAccounting(bad)).toThrow(
      /accounting invariant broken for partition part-00007: input 10 != curated 7 \+ quarantined 2 \+ duplicatesDropped 0 \(= 9\)/,
    );
  });

  test('throws on negative or fractional counts even if they add up', () => {
    expect(() => checkAccounting({ partition: 'p', input: 1, curated: 2, quarantined: -1, duplicatesDropped: 0 })).toThrow(
      /accounting invariant broken for partition p: counts must be non-negative integers/,
    );
    expect(() => checkAccounting({ partition: 'p', input: 1, curated: 0.5, quarantined: 0.5, duplicatesDropped: 0 })).toThrow(/non-negative integers/);
  });
});

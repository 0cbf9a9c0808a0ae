import { ceilClean, chargeTiered, requireInteger, requireNonNegative, validateTiers } from '../../../simulator/cost/tiers';

const TIERS = [
  { upTo: 100, usd: 3 },
  { upTo: 300, usd: 2 },
  { upTo: null, usd: 1 },
];

describe('chargeTiered', () => {
  it('charges each tier for the part of the quantity that falls in it', () => {
    expect(chargeTiered(TIERS, 50)).toEqual({ usd: 150, tiers: [{ quantity: 50, usdPerUnit: 3, usd: 150 }] });
    const c = chargeTiered(TIERS, 500);
    expect(c.tiers.map((t) => t.quantity)).toEqual([100, 200, 200]);
    expect(c.usd).toBe(300 + 400 + 200);
  });

  it('starts at a cumulative position: units before it count toward the thresholds but are not charged', () => {
    const c = chargeTiered(TIERS, 100, 250);
    expect(c.tiers.map((t) => [t.quantity, t.usdPerUnit])).toEqual([
      [50, 2],
      [50, 1],
    ]);
  });

  it('charges nothing for nothing', () => {
    expect(chargeTiered(TIERS, 0)).toEqual({ usd: 0, tiers: [] });
  });

  it('rejects bad quantities and bad tier tables', () => {
    expect(() => chargeTiered(TIERS, -1)).toThrow(/quantity must be a finite number >= 0, got -1/);
    expect(() => chargeTiered(TIERS, 1, Number.NaN)).toThrow(/startAt must be a finite number >= 0, got NaN/);
    expect(() => chargeTiered([], 1)).toThrow(/needs at least one price tier/);
    expect(() => chargeTiered([{ upTo: null, usd: 1 }, { upTo: null, usd: 2 }], 1)).toThrow(/only the last tier may be unbounded \(tier 1 has upTo null\)/);
    expect(() => chargeTiered([{ upTo: 10, usd: 1 }, { upTo: 5, usd: 1 }, { upTo: null, usd: 1 }], 1)).toThrow(/tier bounds must ascend, got 5 after 10/);
    expect(() => chargeTiered([{ upTo: 10, usd: 1 }], 1)).toThrow(/the last tier must be unbounded \(upTo null\), got 10/);
    expect(() => validateTiers('x', [{ upTo: null, usd: -1 }])).toThrow(/x tier 1 price must be a finite number >= 0, got -1/);
  });
});

describe('number guards', () => {
  it('requireNonNegative and requireInteger name the value', () => {
    expect(requireNonNegative('a', 0)).toBe(0);
    expect(() => requireNonNegative('bytes', Number.POSITIVE_INFINITY)).toThrow(/bytes must be a finite number >= 0, got Infinity/);
    expect(requireInteger('n', 3, 1)).toBe(3);
    expect(() => requireInteger('n', 1.5)).toThrow(/n must be an integer >= 0, got 1.5/);
    expect(() => requireInteger('n', 0, 1)).toThrow(/n must be an integer >= 1, got 0/);
  });

  it('ceilClean rounds up but ignores sub-microsecond binary noise', () => {
    expect(ceilClean(100.1 + 0.9)).toBe(101);
    expect(ceilClean(100.0001)).toBe(101);
    expect(ceilClean(7)).toBe(7);
  });
});

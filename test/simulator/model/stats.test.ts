import { median, nearestRank, quantile } from '../../../simulator/model/stats';

describe('order statistics', () => {
  test('quantile interpolates between the nearest ranks, whatever the input order', () => {
    expect(quantile([40, 10, 30, 20], 0)).toBe(10);
    expect(quantile([40, 10, 30, 20], 1)).toBe(40);
    expect(quantile([40, 10, 30, 20], 0.5)).toBe(25);
    expect(quantile([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14);
    expect(() => quantile([], 0.5)).toThrow(/quantile of nothing/);
  });

  test('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('nearestRank is always one of the values', () => {
    const s = [10, 20, 30, 40];
    expect(nearestRank(s, 0.5)).toBe(20);
    expect(nearestRank(s, 0.95)).toBe(40);
    expect(nearestRank(s, 0)).toBe(10);
    expect(nearestRank([], 0.5)).toBe(0);
  });
});

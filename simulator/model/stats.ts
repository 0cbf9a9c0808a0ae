/**
 * Order statistics shared by the model, the runs and the benches. Pure.
 */

/** The q-quantile of `xs` (0 ≤ q ≤ 1), interpolated linearly between the two nearest ranks. Throws on no values. */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) throw new RangeError('quantile of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const pos = Math.min(s.length - 1, Math.max(0, q * (s.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** The median: the middle value, or the mean of the two middle values. Throws on no values. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/**
 * The nearest-rank p-percentile of values already sorted ascending: the smallest value with at least
 * p of the values at or below it, always one of the values (never interpolated); 0 for no values.
 */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}

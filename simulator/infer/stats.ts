/**
 * The estimators `scenario infer` uses, with their confidence. Pure: numbers in, numbers out.
 *
 * - A rate (k of n) is a proportion with a 95% Wilson score interval (Wilson 1927), which stays inside
 *   [0, 1] and is sound for the small counts real quality problems come in (0.2% of 10k is 20 events);
 *   the normal approximation is not.
 * - Sizes are fitted as a log-normal by the moments of their logarithms (the maximum-likelihood fit),
 *   with a confidence interval on the median.
 * - Skew is the Zipf exponent of partition sizes by rank, fitted by least squares on log size against
 *   log rank, with the slope's standard error.
 */

import { leastSquares } from '../model/regression';

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** A rate needs at least this many trials to be estimated at all; below it, it is reported as too small. */
const MIN_TRIALS = 30;

export interface RateEstimate {
  /** Events with the property. */
  readonly count: number;
  /** Events it was counted over (the denominator). */
  readonly of: number;
  /** count / of; null when the sample is too small to estimate it. */
  readonly rate: number | null;
  /** 95% Wilson interval; null when not estimated. */
  readonly low: number | null;
  readonly high: number | null;
  /** Why the rate was not estimated, when it was not. */
  readonly notEstimated?: string;
}

/** k of n as a rate with its 95% Wilson interval, or "too small" below MIN_TRIALS trials. */
export function rateEstimate(count: number, of: number, minTrials = MIN_TRIALS): RateEstimate {
  if (!(of >= minTrials)) {
    return { count, of, rate: null, low: null, high: null, notEstimated: `too small to estimate: ${of} event${of === 1 ? '' : 's'} to count over, at least ${minTrials} needed` };
  }
  const [low, high] = wilson(count, of);
  return { count, of, rate: count / of, low, high };
}

/** The 95% Wilson score interval of k successes in n trials. */
export function wilson(k: number, n: number, z = Z95): [number, number] {
  if (n <= 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [k <= 0 ? 0 : Math.max(0, centre - half), k >= n ? 1 : Math.min(1, centre + half)];
}

/** Running sums for a log-normal fit, fed one positive size at a time. */
export class LogMoments {
  n = 0;
  private sum = 0;
  private sumSq = 0;
  private readonly hist = new Map<number, number>();

  add(size: number): void {
    const x = Math.log(Math.max(1, size));
    this.n++;
    this.sum += x;
    this.sumSq += x * x;
    // Sizes bucketed at 1/64 of a natural-log unit (1.6%): enough for quantiles, bounded memory.
    const b = Math.round(x * 64);
    this.hist.set(b, (this.hist.get(b) ?? 0) + 1);
  }

  get mean(): number {
    return this.n ? this.sum / this.n : 0;
  }

  get sd(): number {
    if (this.n < 2) return 0;
    const v = (this.sumSq - (this.sum * this.sum) / this.n) / (this.n - 1);
    return Math.sqrt(Math.max(0, v));
  }

  /** The q-quantile of the sizes (from the 1.6% buckets). */
  quantile(q: number): number {
    if (!this.n) return 0;
    const keys = [...this.hist.keys()].sort((a, b) => a - b);
    const target = q * this.n;
    let acc = 0;
    for (const k of keys) {
      acc += this.hist.get(k)!;
      if (acc >= target) return Math.exp(k / 64);
    }
    return Math.exp(keys[keys.length - 1]! / 64);
  }
}

export interface SizeFit {
  readonly distribution: 'lognormal' | 'fixed';
  /** exp(mean of ln size): the fitted median, bytes. */
  readonly medianBytes: number;
  /** 95% interval of the median (from the standard error of the mean log). */
  readonly medianLow: number;
  readonly medianHigh: number;
  /** Standard deviation of ln size. */
  readonly sigma: number;
  readonly n: number;
  /** Observed 10th and 90th percentiles next to the fitted ones: how well a log-normal describes the sizes. */
  readonly observed: { readonly p10: number; readonly p90: number };
  readonly fitted: { readonly p10: number; readonly p90: number };
  readonly notEstimated?: string;
}

/** Below this σ the sizes are called fixed: the spread is under ±5%. */
const FIXED_SIGMA = 0.05;
const Z90 = 1.2815515655446004;

export function fitSizes(m: LogMoments, minN = MIN_TRIALS): SizeFit {
  const mu = m.mean;
  const sigma = m.sd;
  const se = m.n > 0 ? sigma / Math.sqrt(m.n) : 0;
  const fit: Omit<SizeFit, 'notEstimated'> = {
    distribution: sigma < FIXED_SIGMA ? 'fixed' : 'lognormal',
    medianBytes: Math.exp(mu),
    medianLow: Math.exp(mu - Z95 * se),
    medianHigh: Math.exp(mu + Z95 * se),
    sigma,
    n: m.n,
    observed: { p10: m.quantile(0.1), p90: m.quantile(0.9) },
    fitted: { p10: Math.exp(mu - Z90 * sigma), p90: Math.exp(mu + Z90 * sigma) },
  };
  return m.n < minN ? { ...fit, notEstimated: `too small to estimate: ${m.n} sizes, at least ${minN} needed` } : fit;
}

export interface ZipfFit {
  /** The exponent s of size ∝ 1 / rank^s; null when not estimated. */
  readonly exponent: number | null;
  /** Standard error of the exponent; null with fewer than 3 partitions or none. */
  readonly stderr: number | null;
  readonly partitions: number;
  readonly notEstimated?: string;
}

/** Fewest partitions a skew is fitted from: two points always fit a line exactly. */
const MIN_PARTITIONS_FOR_SKEW = 3;

/**
 * The Zipf exponent of partition sizes: least squares of ln(size) on ln(rank), sizes sorted largest
 * first (rank 1). Empty partitions are left out (ln 0). The exponent is the negated slope.
 */
export function fitZipf(sizes: readonly number[]): ZipfFit {
  const s = sizes.filter((x) => x > 0).sort((a, b) => b - a);
  if (s.length < MIN_PARTITIONS_FOR_SKEW) {
    return {
      exponent: null,
      stderr: null,
      partitions: s.length,
      notEstimated: `not estimable from ${s.length} partition${s.length === 1 ? '' : 's'} (files): skew is fitted from the event counts of at least ${MIN_PARTITIONS_FOR_SKEW} input files`,
    };
  }
  // ln(size) = intercept + slope · ln(rank); at least 3 points leave the slope's error a degree of freedom.
  const fit = leastSquares(
    s.map((_, i) => [1, Math.log(i + 1)]),
    s.map((v) => Math.log(v)),
  );
  const slope = fit.coef[1]!;
  return { exponent: Math.max(0, -slope), stderr: fit.stderr[1]!, partitions: s.length };
}

import { leastSquares } from './regression';
import type { UslFit } from '../results/model';

/**
 * The Universal Scalability Law (Gunther): relative capacity C(N) = N / (1 + α(N−1) + βN(N−1)).
 * α is contention (the serial fraction; β = 0 gives Amdahl), β is coherency (crosstalk). Throughput
 * peaks at N* = sqrt((1 − α) / β). Pure.
 */
export function uslCapacity(n: number, alpha: number, beta: number): number {
  return n / (1 + alpha * (n - 1) + beta * n * (n - 1));
}

export function uslPeak(alpha: number, beta: number): number | null {
  return beta > 0 ? Math.sqrt(Math.max(0, 1 - alpha) / beta) : null;
}

/**
 * Fits α and β to throughput measured at several concurrencies. With X(1) the throughput at N = 1,
 * N·X(1)/X(N) − 1 = α(N−1) + βN(N−1): linear in α and β, fitted through the origin. Needs N = 1 among
 * the points and at least two other concurrencies. Coefficients are clamped at 0 (negative contention
 * is noise), and R² is computed on throughput itself.
 */
export function fitUsl(points: readonly { readonly concurrency: number; readonly throughput: number }[], source: UslFit['source'] = 'measured'): UslFit {
  const base = points.filter((p) => p.concurrency === 1);
  if (!base.length) throw new RangeError('fitUsl: a point at concurrency 1 is required');
  const x1 = base.reduce((s, p) => s + p.throughput, 0) / base.length;
  if (!(x1 > 0)) throw new RangeError(`fitUsl: throughput at concurrency 1 must be > 0, got ${x1}`);
  const others = points.filter((p) => p.concurrency > 1 && p.throughput > 0);
  if (new Set(others.map((p) => p.concurrency)).size < 2) throw new RangeError('fitUsl: need throughput at two or more concurrencies above 1');
  const fit = leastSquares(
    others.map((p) => [p.concurrency - 1, p.concurrency * (p.concurrency - 1)]),
    others.map((p) => (p.concurrency * x1) / p.throughput - 1),
  );
  const sseOf = (alpha: number, beta: number) => points.reduce((s, p) => s + (p.throughput - x1 * uslCapacity(p.concurrency, alpha, beta)) ** 2, 0);
  // The linearization weighs noisy points badly; refine on throughput itself over a grid around it,
  // keeping α in [0, 1] and β ≥ 0 (negative contention is noise).
  let alpha = Math.min(1, Math.max(0, fit.coef[0]));
  let beta = Math.max(0, fit.coef[1]);
  let best = sseOf(alpha, beta);
  for (let i = 0; i <= 200; i++) {
    for (let j = 0; j <= 200; j++) {
      const a = i / 200;
      const b = (j / 200) ** 2 * 0.25;
      const e = sseOf(a, b);
      if (e < best) [best, alpha, beta] = [e, a, b];
    }
  }
  const mean = points.reduce((s, p) => s + p.throughput, 0) / points.length;
  const sst = points.reduce((s, p) => s + (p.throughput - mean) ** 2, 0);
  const sse = best;
  return {
    alpha,
    beta,
    peakConcurrency: uslPeak(alpha, beta),
    r2: sst > 0 ? 1 - sse / sst : 1,
    points: [...points].sort((a, b) => a.concurrency - b.concurrency),
    source,
  };
}

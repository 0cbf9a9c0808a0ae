import { fitSizes, fitZipf, LogMoments, rateEstimate, wilson } from '../../../simulator/infer/stats';
import { partitionSizes } from '../../../simulator/generate/plan';

describe('rate estimates', () => {
  it('gives the Wilson interval (reference values: Newcombe 1998, Table I)', () => {
    // 81 of 263: 0.2553 to 0.3662.
    const [lo, hi] = wilson(81, 263);
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
    // 0 of 10: 0 to 0.2775.
    expect(wilson(0, 10)[0]).toBe(0);
    expect(wilson(0, 10)[1]).toBeCloseTo(0.2775, 4);
  });

  it('refuses to estimate below 30 trials, and says why', () => {
    expect(rateEstimate(1, 12)).toEqual({ count: 1, of: 12, rate: null, low: null, high: null, notEstimated: 'too small to estimate: 12 events to count over, at least 30 needed' });
    expect(rateEstimate(0, 1000)).toMatchObject({ rate: 0, low: 0 });
    expect(rateEstimate(0, 1000).high).toBeGreaterThan(0.003);
  });
});

describe('size fit', () => {
  it('recovers a log-normal median and sigma', () => {
    const m = new LogMoments();
    // Deterministic quantiles of LogNormal(ln 300, 0.5).
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const p = (i + 0.5) / n;
      const z = Math.sqrt(2) * inverseErf(2 * p - 1);
      m.add(300 * Math.exp(0.5 * z));
    }
    const f = fitSizes(m);
    expect(f.distribution).toBe('lognormal');
    expect(f.medianBytes).toBeGreaterThan(297);
    expect(f.medianBytes).toBeLessThan(303);
    expect(f.sigma).toBeCloseTo(0.5, 1);
    expect(f.observed.p90 / f.fitted.p90).toBeGreaterThan(0.95);
    expect(f.observed.p90 / f.fitted.p90).toBeLessThan(1.05);
  });

  it('calls constant sizes fixed, and too few sizes not estimated', () => {
    const m = new LogMoments();
    for (let i = 0; i < 100; i++) m.add(220);
    expect(fitSizes(m)).toMatchObject({ distribution: 'fixed', sigma: 0 });
    const few = new LogMoments();
    few.add(10);
    expect(fitSizes(few).notEstimated).toMatch(/too small to estimate: 1 sizes/);
  });
});

describe('skew fit', () => {
  it.each([0, 0.5, 1.1, 2])('recovers the Zipf exponent %s the generator plans with', (s) => {
    const sizes = partitionSizes(1_000_000, 32, s);
    const f = fitZipf(sizes);
    expect(f.exponent).toBeCloseTo(s, 1);
  });

  it('does not fit fewer than three partitions', () => {
    expect(fitZipf([10, 5])).toMatchObject({ exponent: null, notEstimated: expect.stringMatching(/not estimable from 2 partitions/) });
  });
});

/** Inverse error function (Giles 2010 single-precision approximation), for the test's quantiles. */
function inverseErf(x: number): number {
  let w = -Math.log((1 - x) * (1 + x));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    for (const c of [3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941]) p = c + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    for (const c of [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682]) p = c + p * w;
  }
  return p * x;
}

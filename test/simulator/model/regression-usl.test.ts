import { leastSquares } from '../../../simulator/model/regression';
import { fitUsl, uslCapacity, uslPeak } from '../../../simulator/model/usl';

describe('leastSquares', () => {
  test('recovers an exact line and reports zero error', () => {
    const xs = [1, 2, 3, 4, 5];
    const f = leastSquares(xs.map((x) => [x, 1]), xs.map((x) => 3 * x + 7));
    expect(f.coef[0]).toBeCloseTo(3, 10);
    expect(f.coef[1]).toBeCloseTo(7, 10);
    expect(f.r2).toBeCloseTo(1, 10);
    expect(f.rmse).toBeCloseTo(0, 10);
  });

  test('gives standard errors that grow with noise', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const noise = xs.map((_, i) => (i % 2 ? 1 : -1));
    const quiet = leastSquares(xs.map((x) => [x, 1]), xs.map((x, i) => 2 * x + 0.1 * noise[i]));
    const loud = leastSquares(xs.map((x) => [x, 1]), xs.map((x, i) => 2 * x + 5 * noise[i]));
    expect(loud.stderr[0]).toBeGreaterThan(quiet.stderr[0] * 10);
  });

  test('rejects collinear regressors and too few points', () => {
    expect(() => leastSquares([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).toThrow(/collinear/);
    expect(() => leastSquares([[1, 1]], [1])).toThrow(/need at least 2 observations for 2 coefficients, got 1/);
    expect(() => leastSquares([[1, 1], [2, 1]], [1])).toThrow(/2 rows but 1 observations/);
  });
});

describe('Universal Scalability Law', () => {
  test('C(1) = 1; β = 0 reduces to Amdahl; the peak is sqrt((1 − α) / β)', () => {
    expect(uslCapacity(1, 0.2, 0.01)).toBe(1);
    expect(uslCapacity(8, 0.1, 0)).toBeCloseTo(8 / (1 + 0.1 * 7), 12);
    expect(uslPeak(0.04, 0.0004)).toBeCloseTo(Math.sqrt(0.96 / 0.0004), 12);
    expect(uslPeak(0.3, 0)).toBeNull();
  });

  test('fit recovers α and β from noiseless throughput', () => {
    const [alpha, beta] = [0.05, 0.002];
    const points = [1, 2, 4, 8, 16, 32].map((n) => ({ concurrency: n, throughput: 100 * uslCapacity(n, alpha, beta) }));
    const f = fitUsl(points);
    expect(f.alpha).toBeCloseTo(alpha, 6);
    expect(f.beta).toBeCloseTo(beta, 6);
    expect(f.r2).toBeCloseTo(1, 6);
    expect(f.peakConcurrency).toBeCloseTo(Math.sqrt((1 - alpha) / beta), 4);
  });

  test('fit on a 2-core emulator curve shows contention', () => {
    // Throughput that stops growing at 2: what N Lambdas sharing 2 cores look like.
    const f = fitUsl([1, 2, 4, 8].map((n) => ({ concurrency: n, throughput: 100 * Math.min(n, 2) })));
    expect(f.alpha + f.beta * 8).toBeGreaterThan(0.3);
    expect(f.peakConcurrency ?? Infinity).toBeLessThan(10);
  });

  test('fit needs N = 1 and two more concurrencies', () => {
    expect(() => fitUsl([{ concurrency: 2, throughput: 1 }, { concurrency: 4, throughput: 2 }])).toThrow(/a point at concurrency 1 is required/);
    expect(() => fitUsl([{ concurrency: 1, throughput: 1 }, { concurrency: 4, throughput: 2 }])).toThrow(/need throughput at two or more concurrencies above 1/);
    expect(() => fitUsl([{ concurrency: 1, throughput: 0 }, { concurrency: 2, throughput: 1 }, { concurrency: 4, throughput: 2 }])).toThrow(/throughput at concurrency 1 must be > 0, got 0/);
  });
});

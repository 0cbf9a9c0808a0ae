import { estimateWorkloadCost, type WorkloadCostSample } from '../../../simulator/model/workload-cost';
import { quantile } from '../../../simulator/model/stats';

const stages = { read: 0.1, decompress: 20, parse: 40, validate: 10, aggregate: 5, write: 25 };
const sample = (cpuMs: number, fresh = false): WorkloadCostSample => ({ kind: 'full', fresh, events: 10_000, cpuMs, wallMs: cpuMs, stageCpuMs: stages });

describe('estimateWorkloadCost', () => {
  // A quiet machine gives ~100 ms a run; load only ever adds CPU time.
  const quiet = [100, 101, 99, 100, 102, 100, 101, 100];
  const loaded = [100, 131, 99, 145, 118, 100, 160, 127];

  test('takes a low quantile of the warm runs, so machine load barely moves it', () => {
    const a = estimateWorkloadCost([sample(180, true), ...quiet.map((c) => sample(c))], { method: 'm', machine: 'x' });
    const b = estimateWorkloadCost([sample(180, true), ...loaded.map((c) => sample(c))], { method: 'm', machine: 'x' });
    expect(a.cpuPerEventMs.value).toBeCloseTo(0.00997, 5);
    expect(Math.abs(b.cpuPerEventMs.value / a.cpuPerEventMs.value - 1)).toBeLessThan(0.01);
    // ... while the median (the band's high end) shows the load.
    expect(b.cpuPerEventMs.high).toBeGreaterThan(a.cpuPerEventMs.high * 1.1);
    expect(b.spreadPct).toBeGreaterThan(a.spreadPct);
  });

  test('the fresh run is JIT warm-up, charged per process, never per event', () => {
    const w = estimateWorkloadCost([sample(300, true), ...quiet.map((c) => sample(c))], { method: 'm', machine: 'x' });
    expect(w.warmupCpuMs).toBeCloseTo(300 - w.cpuPerEventMs.value * 10_000, 1);
    expect(w.samples[0]).toEqual({ fresh: true, cpuPerEventMs: 0.03 });
    expect(w.perStageMs.parse).toBeCloseTo(0.004, 6);
  });

  test('needs at least three warm runs', () => {
    expect(() => estimateWorkloadCost([sample(1, true), sample(1), sample(1)], { method: 'm', machine: 'x' })).toThrow(/need at least 3 warm repetitions of the sample, got 2/);
  });

  test('quantile interpolates and refuses nothing', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.1)).toBe(5);
    expect(() => quantile([], 0.5)).toThrow(/quantile of nothing/);
  });
});

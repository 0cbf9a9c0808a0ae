import fc from 'fast-check';
import { Rng } from '../../../simulator/generate/prng';
import { choosePartitions, partitionKey, partitionSizes, planRun } from '../../../simulator/generate/plan';
import { scenario } from '../../lib/workload/run-fixtures';

describe('run plan', () => {
  test('partition sizes sum exactly, give every partition an event, and follow Zipf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 3, noNaN: true }), (p, extra, s) => {
        const sizes = partitionSizes(p + extra, p, s);
        return sizes.length === p && sizes.reduce((a, b) => a + b, 0) === p + extra && sizes.every((n) => n >= 1);
      }),
    );
    expect(partitionSizes(1000, 4, 0)).toEqual([250, 250, 250, 250]);
    const skewed = partitionSizes(1_000_000, 64, 1.1);
    expect(skewed[0]! / 1_000_000).toBeGreaterThan(0.2); // the skewed scenario's "one hot partition"
    expect(skewed[0]).toBeGreaterThan(skewed[1]!);
  });

  test('partition sizes reject impossible inputs', () => {
    expect(() => partitionSizes(3, 4, 0)).toThrow(/need integer events >= partitions >= 1, got events 3, partitions 4/);
    expect(() => partitionSizes(10, 0, 0)).toThrow(/need integer events >= partitions >= 1/);
  });

  test('keys sort in partition order, with the extension of the compression', () => {
    expect(partitionKey(3, 32, 'gzip')).toBe('part-00003.ndjson.gz');
    expect(partitionKey(3, 32, 'none')).toBe('part-00003.ndjson');
    expect(partitionKey(7, 1_000_000, 'none')).toBe('part-000007.ndjson');
  });

  test('chosen partitions are distinct and exactly as many as asked', () => {
    const c = choosePartitions(100, 30, new Rng(1, 1n));
    expect(c.size).toBe(30);
    expect([...c].every((i) => i >= 0 && i < 100)).toBe(true);
    expect(choosePartitions(3, 10, new Rng(1, 1n)).size).toBe(3);
  });

  test('faults land on exactly round(rate × partitions) partitions, deterministically', () => {
    const s = scenario({ workload: { events: 10_000, partitions: 20, compression: 'gzip' }, faults: { truncatedGzipPartitions: 2, driftBurstPartitionRate: 0.25, lateWavePartitionRate: 0.1 } });
    const plan = planRun(s.workload, s.faults.data, s.seed);
    expect(plan.filter((p) => p.truncatedGzip)).toHaveLength(2);
    expect(plan.filter((p) => p.driftBurst)).toHaveLength(5);
    expect(plan.filter((p) => p.lateWave)).toHaveLength(2);
    for (const p of plan) {
      if (p.driftBurst) expect(p.driftBurst.start + p.driftBurst.length).toBeLessThanOrEqual(p.events);
      if (p.lateWave) expect(p.lateWave.length).toBe(Math.ceil(p.events * 0.25));
    }
    expect(planRun(s.workload, s.faults.data, s.seed)).toEqual(plan);
    expect(plan.map((p) => p.offset)).toEqual(plan.map((_, i) => plan.slice(0, i).reduce((n, q) => n + q.events, 0)));
  });
});

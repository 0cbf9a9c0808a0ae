import { classifyBottleneck } from '../../../simulator/model/bottleneck';
import { fitRuns, SweepRun } from '../../../simulator/model/fit';
import { estimateWorkloadCost } from '../../../simulator/model/workload-cost';
import type { DesignResult } from '../../../simulator/results/design';

function design(over: Partial<DesignResult> = {}, wallMs = 10_000): DesignResult {
  const stage = (wallMs: number) => ({ wallMs, cpuMs: wallMs, bytes: 1 });
  return {
    stackName: 's',
    executionStatus: 'SUCCEEDED',
    runtime: { measured: { basis: 'measured', wallMs, cpuMs: 5000, uploadMs: 1, deployMs: 1 }, projectedAws: null },
    accounting: { input: 0, curated: 0, quarantined: 0, duplicatesDropped: 0, invariantHolds: true, violations: [], partitions: [], failedPartitions: [], missingPartitions: [] },
    profile: {
      stages: { read: stage(100), decompress: stage(100), parse: stage(3000), validate: stage(2000), aggregate: stage(500), write: stage(300) },
      partitions: [],
      stragglers: { maxMs: 1000, medianMs: 900, ratio: 1.1, slowest: ['p-1'] },
    },
    orchestration: { transitions: 10, statesEntered: 10, retries: 0, errors: {}, caughtFailures: 0, mapIterations: 8, overheadMs: 1000, historyEvents: 50 },
    ...over,
  };
}
const inv = (over: object = {}) => ({
  count: 8, cold: 1, throttled: 0, errors: 0,
  durationMs: { p50: 1000, p95: 1100, max: 1200, sum: 8000 },
  initMs: { p50: 300, max: 300, sum: 300 },
  billedMsSum: 8300, maxMemoryUsedMb: 120, memorySizeMb: 1769,
  ...over,
});

describe('bottleneck classification', () => {
  test('cpu-bound when parse/validate/aggregate dominate', () => {
    expect(classifyBottleneck('single-node', design()).kind).toBe('cpu-bound');
  });
  test('io-bound when read, decompress and write dominate', () => {
    const st = (w: number) => ({ wallMs: w, cpuMs: w / 10, bytes: 1 });
    const d = design({ profile: { ...design().profile, stages: { read: st(3000), decompress: st(1000), parse: st(500), validate: st(300), aggregate: st(100), write: st(3000) } } });
    const b = classifyBottleneck('distributed', d);
    expect(b.kind).toBe('io-bound');
    expect(b.evidence).toBe('stage CPU is only 10% of stage wall time (790 of 7900 ms); read + decompress + write take 89% of the wall');
  });
  test('waiting for emulator cores is not I/O: oversubscribed workers make it cpu-bound, with the reason', () => {
    const st = (w: number) => ({ wallMs: w, cpuMs: w / 10, bytes: 1 });
    const d = design({ profile: { ...design().profile, stages: { read: st(3000), decompress: st(1000), parse: st(500), validate: st(300), aggregate: st(100), write: st(3000) } } });
    const b = classifyBottleneck('distributed', d, { workers: 16, cpus: 2 });
    expect(b.kind).toBe('cpu-bound');
    expect(b.evidence).toMatch(/16 workers on 2 emulator cores, so wall time \(7900 ms summed\) is mostly waiting for a core$/);
    expect(b.evidence).toMatch(/^stage CPU 790 ms, led by read 38%, write 38%/);
  });
  test('throttle-bound beats everything when throttles are frequent', () => {
    const b = classifyBottleneck('distributed', design({ profile: { ...design().profile, invocations: inv({ throttled: 4 }) } }));
    expect(b).toMatchObject({ kind: 'throttle-bound', evidence: expect.stringMatching(/^4 of 12 invoke attempts were throttled \(33%\)/) });
  });
  test('cold-start-bound when init is a large share of billed time', () => {
    const b = classifyBottleneck('distributed', design({ profile: { ...design().profile, invocations: inv({ cold: 8, initMs: { p50: 900, max: 1000, sum: 7200 }, billedMsSum: 15200 }) } }));
    expect(b.kind).toBe('cold-start-bound');
  });
  test('skew-bound when one partition holds up the distributed run', () => {
    const b = classifyBottleneck('distributed', design({ profile: { ...design().profile, stragglers: { maxMs: 6000, medianMs: 1000, ratio: 6, slowest: ['p-7'] } } }));
    expect(b).toMatchObject({ kind: 'skew-bound', evidence: expect.stringContaining('p-7') });
  });
  test('orchestration-bound when most of the wall is outside the work', () => {
    const b = classifyBottleneck('single-node', design({ orchestration: { ...design().orchestration, overheadMs: 8000 } }));
    expect(b.kind).toBe('orchestration-bound');
  });
});

describe('fitRuns', () => {
  const part = (key: string, events: number) => ({ key, events, wallMs: 0.05 * events + 30, cpuMs: 0.04 * events + 20 });
  const run = (design: 'single-node' | 'distributed', events: number, wallMs: number, heldOut = false): SweepRun => ({
    design,
    events,
    partitions: 4,
    rawBytes: events * 140,
    heldOut,
    result: design === 'distributed'
      ? design_(wallMs, [part('a', events / 4), part('b', events / 4 + 10), part('c', events / 4 - 10), part('d', events / 4)])
      : design_(wallMs, []),
  });
  const design_ = (wallMs: number, partitions: ReturnType<typeof part>[]): DesignResult => {
    const d = design({}, wallMs);
    return { ...d, profile: { ...d.profile, partitions, invocations: inv() } };
  };

  test('recovers CPU per event and per partition, fits the emulator line and validates on the held-out volume', () => {
    const runs = [
      ...[1e4, 3e4, 1e5, 3e5].map((v) => run('distributed', v, 2000 + 0.01 * v, v === 1e5)),
      ...[1e4, 3e4, 1e5, 3e5].map((v) => run('single-node', v, 5000 + 0.02 * v, v === 1e5)),
    ];
    const f = fitRuns(runs);
    expect(f.rates.cpuPerEventMs).toBeCloseTo(0.04, 6);
    expect(f.rates.cpuPerPartitionMs).toBeCloseTo(20, 3);
    expect(f.emulator.distributed!.perEventMs).toBeCloseTo(0.01, 8);
    expect(f.emulator['single-node']!.fixedMs).toBeCloseTo(5000, 0);
    expect(f.validation.heldOut).toHaveLength(2);
    expect(f.validation.heldOut.every((h) => Math.abs(h.ratio - 1) < 0.01)).toBe(true);
    expect(f.validation.withinTarget).toBe(true);
  });

  test('a held-out volume the line cannot predict misses the ±15% target, and says so', () => {
    const runs = [1e4, 3e4, 1e5, 3e5].map((v) => run('distributed', v, v === 1e5 ? 2 * (2000 + 0.01 * v) : 2000 + 0.01 * v, v === 1e5));
    const f = fitRuns(runs);
    expect(f.validation.withinTarget).toBe(false);
    expect(f.validation.note).toMatch(/worst held-out error 100\.0% exceeds ±15%/);
  });

  test('with no held-out volume the error is not measured, not zero', () => {
    const f = fitRuns([run('distributed', 1e4, 2100), run('distributed', 1e5, 3000)]);
    expect(f.validation).toMatchObject({ withinTarget: false, heldOut: [], note: expect.stringMatching(/no held-out volume/) });
  });

  test('with a workload calibration, both designs get its CPU per event; the emulator figures stay as evidence', () => {
    const runs = [1e4, 3e4, 1e5].flatMap((v) => [run('distributed', v, 2000 + 0.01 * v, v === 3e4), run('single-node', v, 5000 + 0.02 * v, v === 3e4)]);
    const wc = estimateWorkloadCost(
      [true, false, false, false, false].map((fresh, i) => ({ kind: 'full' as const, fresh, events: 1000, cpuMs: fresh ? 40 : 9 + i, wallMs: 10, stageCpuMs: { read: 0, decompress: 2, parse: 4, validate: 1, aggregate: 1, write: 2 } })),
      { method: 'test', machine: 'test' },
    );
    const f = fitRuns(runs, wc);
    expect(f.rates.cpuPerEventMs).toBe(wc.cpuPerEventMs.value);
    expect(f.rates.cpuSource).toMatch(/isolated workload calibration/);
    expect(f.rates.warmupCpuMs).toBe(wc.warmupCpuMs);
    expect(f.fit.perEventCpuMs.value).toBe(wc.cpuPerEventMs.value);
    // The emulator's own distributed partitions read 0.04 ms + 20 ms per partition: kept, not used.
    expect(f.fit.emulatorCpuPerEventMs!.distributed).toBeGreaterThan(0.04);
  });

  test('refuses an empty sweep', () => {
    expect(() => fitRuns([])).toThrow(/no measured runs/);
  });
});

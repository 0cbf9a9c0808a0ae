import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';
import { midDraw, sampleDraws } from '../../../simulator/model/bands';
import { resolveCalibration } from '../../../simulator/model/calibration';
import { crossoverIntervals, findCrossover, logGrid, memorySweep, pointProjectors, sensitivityProjectors } from '../../../simulator/model/crossover';
import { PointProjection, projectDistributed, projectSingleNode, WorkloadRates } from '../../../simulator/model/project-aws';
import { loadCalibration } from '../../../simulator/run/calibration-file';
import { scenario } from '../../lib/stack-fixtures';

const prices = priceTableFromSnapshot(loadPriceSnapshot({ region: 'us-east-1' }).snapshot);
const base = scenario('baseline');
const rates: WorkloadRates = {
  cpuPerEventMs: 0.04,
  cpuPerEventLowMs: 0.038,
  cpuPerEventHighMs: 0.044,
  cpuSource: 'test rates',
  cpuPerPartitionMs: 20,
  warmupCpuMs: 200,
  rawBytesPerEvent: 140,
  outBytesPerEvent: 700,
  putsPerPartition: 6,
  logBytesPerInvocation: 400,
  memoryBaseMb: 80,
  memoryPerEventMb: 0.002,
};
const a = resolveCalibration(loadCalibration({ region: 'us-east-1' }).profile, { lambdaPackageMb: 1.5 }).assumptions;
const draws = sampleDraws(rates, a, base.seed, 200);

describe('AWS projection of the distributed design', () => {
  const at = (memoryMb: number) => projectDistributed(1e6, base, rates, a, prices, { memoryMb });

  test('CPU share follows memory up to one vCPU (1,769 MB), and no further for a single-threaded handler', () => {
    const half = at(885);
    const one = at(1769);
    const two = at(3538);
    expect(half.runtimeMs.mid).toBeGreaterThan(one.runtimeMs.mid * 1.4);
    expect(two.runtimeMs.mid).toBeCloseTo(one.runtimeMs.mid, 6);
    // Same speed at twice the memory: twice the GB-seconds, so more expensive.
    expect(two.costUsd.mid).toBeGreaterThan(one.costUsd.mid);
  });

  test('bands bracket the mid value', () => {
    const p = projectDistributed(1e6, base, rates, a, prices, { memoryMb: 1769 }, draws);
    expect(p.runtimeMs.low).toBeLessThan(p.runtimeMs.mid);
    expect(p.runtimeMs.high).toBeGreaterThan(p.runtimeMs.mid);
    expect(p.costUsd.low).toBeLessThanOrEqual(p.costUsd.mid);
    expect(p.costUsd.high).toBeGreaterThanOrEqual(p.costUsd.mid);
  });

  test('usage counts one invocation per partition batch and one transition each plus two', () => {
    const p = at(1769);
    const invocations = p.usage.lambda!.invocations.reduce((n, i) => n + (i.count ?? 1), 0);
    expect(invocations).toBe(32);
    expect(p.usage.stepFunctions.standardTransitions).toBe(34);
  });

  test('an invocation longer than the Lambda timeout is infeasible, with the reason', () => {
    const slow = { ...base, workload: { ...base.workload, partitions: 1 }, distributed: { ...base.distributed, lambda: { ...base.distributed.lambda, timeoutSeconds: 10 } } };
    const p = projectDistributed(1e6, slow, rates, a, prices);
    expect(p.infeasible).toMatch(/an invocation needs .* but the Lambda timeout is 10 s/);
  });

  test('concurrency is raised to meet the SLA, and says so', () => {
    const p = projectDistributed(2e9, base, rates, a, prices);
    expect(p.configuration).toMatch(/raised from the configured 16 to meet the SLA/);
    expect(p.runtimeMs.mid).toBeLessThanOrEqual(base.sla.deadlineMinutes * 60_000);
  });
});

describe('AWS projection of the single-node design', () => {
  test('keeps the scenario size while it meets the SLA, then upsizes, then is infeasible', () => {
    const small = projectSingleNode(1e6, base, rates, a, prices);
    expect(small.configuration).toMatch(/^Fargate 2 vCPU \/ 4096 MiB arm64/);
    expect(small.infeasible).toBeNull();
    const bigger = projectSingleNode(1e8, base, rates, a, prices);
    expect(bigger.configuration).toMatch(/^Fargate (4|8|16) vCPU/);
    const huge = projectSingleNode(1e10, base, rates, a, prices);
    expect(huge.infeasible).toMatch(/^SLA missed even at Fargate 16 vCPU/);
  });

  test('the Fargate start dominates small runs and is billed with a one-minute minimum', () => {
    const p = projectSingleNode(1e4, base, rates, a, prices);
    expect(p.runtimeMs.mid).toBeGreaterThan(a.fargateStartupS.mid * 1000);
    expect(p.runtimeMs.mid).toBeLessThan(a.fargateStartupS.mid * 1000 + 5000);
  });

  test('both designs project the same workload CPU per event', () => {
    expect(projectSingleNode(1e6, base, rates, a, prices).cpuPerEventMs).toBe(0.04);
    expect(projectDistributed(1e6, base, rates, a, prices).cpuPerEventMs).toBe(0.04);
  });

  test('the CPU speed factor follows each design\'s own architecture', () => {
    const x86 = { ...base, singleNode: { ...base.singleNode, fargate: { ...base.singleNode.fargate, architecture: 'x86_64' as const } } };
    const mid = midDraw(rates, a);
    const slowX86 = { ...mid, cpuSpeedFactor: { ...mid.cpuSpeedFactor, x86_64: 2 } };
    const start = mid.fargateStartupS * 1000;
    const onArm = pointProjectors(base, rates, a, prices, slowX86)['single-node'](1e6).runtimeMs - start;
    const onX86 = pointProjectors(x86, rates, a, prices, slowX86)['single-node'](1e6).runtimeMs - start;
    expect(onX86).toBeGreaterThan(onArm * 1.5);
  });
});

describe('crossover', () => {
  const proj = (runtimeMs: number, costUsd: number, infeasible: string | null = null): PointProjection => ({
    runtimeMs,
    costUsd,
    infeasible,
    configuration: 'c',
    usage: { stepFunctions: { standardTransitions: 0 }, s3: { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 0 }, logs: { ingestedBytes: 0 } },
  });
  const grid = logGrid(1e4, 1e9);
  const p = {
    'single-node': (v: number) => proj(45_000 + v * 0.01, 0.002 + v * 1e-8, 45_000 + v * 0.01 > 1_800_000 ? 'SLA missed' : null),
    distributed: (v: number) => proj(1000 + v * 0.001, v * 3e-8),
  };

  test('finds where each comparison flips, with its direction', () => {
    const c = findCrossover(grid, p);
    expect(c.cheaper).toMatchObject({ low: c.cheaper.volume, high: c.cheaper.volume });
    expect(c.faster).toMatchObject({ holds: 'everywhere', volume: 1e4 });
    expect(c.cheaper.holds).toBe('below');
    expect(c.cheaper.volume!).toBeGreaterThan(0.97e5);
    expect(c.cheaper.volume!).toBeLessThan(1.03e5);
    expect(c.singleNodeInfeasible.volume!).toBeGreaterThan(1.74e8);
    expect(c.singleNodeInfeasible.volume!).toBeLessThan(1.77e8);
    expect(c.singleNodeInfeasible.reason).toBe('SLA missed');
    expect(c.sentence).toBe(
      'Projected on AWS, distributed is faster at every projected volume, is cheaper only below 100k events, and is required from 176M events per run, where the single node fails (SLA missed).',
    );
  });

  test('says "never" when nothing flips in range', () => {
    const c = findCrossover(grid, { 'single-node': () => proj(1, 1), distributed: () => proj(2, 2) });
    expect(c.faster.holds).toBe('nowhere');
    expect(c.singleNodeInfeasible.volume).toBeNull();
    expect(c.sentence).toMatch(/is never faster up to 1B events, is never cheaper up to 1B events, and is not required up to 1B events/);
  });

  test('each crossover is an interval over the draws, with the inputs that move it most', () => {
    const grid2 = logGrid(1e4, 1e9, 2);
    const mid = findCrossover(grid2, pointProjectors(base, rates, a, prices, midDraw(rates, a)));
    const c = crossoverIntervals(grid2, mid, { draws: draws.slice(0, 60).map((d) => pointProjectors(base, rates, a, prices, d)), sensitivity: sensitivityProjectors(base, rates, a, prices) });
    for (const k of ['faster', 'cheaper', 'singleNodeInfeasible'] as const) {
      expect(c[k].high).toBeDefined();
      expect(c[k].low).toBeLessThanOrEqual(c[k].high!);
      expect(c[k].why).toMatch(/draws/);
    }
    expect(c.cheaper.holds).toBe('below');
    expect(c.cheaper.low).toBeLessThan(c.cheaper.volume!);
    expect(c.cheaper.high).toBeGreaterThan(c.cheaper.volume!);
    // Fargate's start is what the single node pays and distributed does not: it moves the cost crossover.
    expect(c.cheaper.drivers!.map((d) => d.key)).toContain('fargateTaskStartS');
    expect(c.sentence).toMatch(/is cheaper only below [\d.]+k events \(interval [\d.]+k–[\d.]+[kM]\)/);
  });

  test('the Monte Carlo is deterministic for a seed and differs for another', () => {
    expect(sampleDraws(rates, a, 42, 5)).toEqual(sampleDraws(rates, a, 42, 5));
    expect(sampleDraws(rates, a, 43, 5)).not.toEqual(sampleDraws(rates, a, 42, 5));
    for (const d of sampleDraws(rates, a, 42, 100)) {
      expect(d.fargateStartupS).toBeGreaterThanOrEqual(a.fargateStartupS.low);
      expect(d.fargateStartupS).toBeLessThanOrEqual(a.fargateStartupS.high);
      expect(d.cpuPerEventMs).toBeGreaterThanOrEqual(rates.cpuPerEventLowMs);
      expect(d.cpuPerEventMs).toBeLessThanOrEqual(rates.cpuPerEventHighMs);
    }
  });

  test('log grid is monotone, 2 significant digits, and covers the range', () => {
    expect(grid[0]).toBe(1e4);
    expect(grid[grid.length - 1]).toBe(1e9);
    for (let i = 1; i < grid.length; i++) expect(grid[i]).toBeGreaterThan(grid[i - 1]);
    expect(() => logGrid(0, 10)).toThrow(/need 1 <= from < to, got 0\.\.10/);
  });
});

describe('memory sweep (Power Tuning optima)', () => {
  test('cost, speed and balanced optima over projected memory sizes', () => {
    const s = memorySweep([512, 1024, 1769, 3008], (m) => projectDistributed(1e6, base, rates, a, prices, { memoryMb: m }));
    expect(s.points.every((x) => x.basis === 'projected')).toBe(true);
    expect(s.optima.speed).toBe(1769);
    // Below one vCPU, price and CPU share scale together; above it, only the price grows.
    expect([512, 1024, 1769]).toContain(s.optima.cost);
    expect(s.optima.balanced).toBeLessThanOrEqual(1769);
  });
});

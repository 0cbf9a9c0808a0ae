import type { Scenario } from '../../../simulator/scenario/schema';
import { staticWorkloadRates } from '../../../simulator/check/static-runtime';
import { priceTemplate } from '../../../simulator/cost/template-cost';
import { DEFAULT_RESOURCE_ASSUMPTIONS } from '../../../simulator/cost/resources';
import type { Configuration } from '../../../simulator/results/tune';
import { evaluateConfiguration, evaluateSpace, projectConfigured, tunedLambdaTimeoutSeconds, withZones } from '../../../simulator/tune/evaluate';
import { pickConfigurations } from '../../../simulator/tune/pick';
import { distributedSpace, singleNodeSpace } from '../../../simulator/tune/search-space';
import { BASELINE, baselineWith, context } from './fixtures';

const distributed = (o: Partial<Extract<Configuration, { design: 'distributed' }>> = {}): Configuration => ({
  design: 'distributed',
  memoryMiB: 1769,
  architecture: 'arm64',
  maxConcurrency: 16,
  partitionsPerInvocation: 1,
  partitions: 32,
  ...o,
});

describe('evaluating a configuration', () => {
  const ctx = context();

  test('the S3 zones priced for a configuration add up to its own stored bytes (raw, the input, aside), also when its rates store more than the placeholder projection', () => {
    // Rates fitted to a run (here: twice the static output bytes) set the configuration's storedBytes.
    const fitted = { ...ctx, ratesFor: (s: Scenario) => ({ ...staticWorkloadRates(s), outBytesPerEvent: 2 * staticWorkloadRates(s).outBytesPerEvent }) };
    for (const design of ['single-node', 'distributed'] as const) {
      const usage = projectConfigured(design, BASELINE, fitted).usage;
      const z = withZones(usage, BASELINE).s3.zones!;
      expect(usage.s3.storedBytes).toBeGreaterThan(0);
      expect(z.curated!.bytes + z.quarantine!.bytes + z.audit!.bytes).toBeCloseTo(usage.s3.storedBytes, 3);
      expect(z.raw!.bytes).toBeGreaterThan(0);
    }
  });

  test('monthly cost is every template resource priced: fixed + runs × run-dependent, computed per configuration', () => {
    const p = evaluateConfiguration(distributed(), ctx);
    expect(p.basis).toBe('projected');
    expect(p.current).toBe(true);
    expect(p.monthlyUsd).toBeCloseTo(p.fixedMonthlyUsd + BASELINE.schedule.runsPerMonth * p.runDependentPerRunUsd, 10);
    expect(p.perRunUsd).toBeCloseTo(p.runDependentPerRunUsd + p.fixedMonthlyUsd / BASELINE.schedule.runsPerMonth, 10);
    // The fixed part is the template's own: the alert key ($1) and four alarms ($0.10 each) of the distributed design.
    const empty = priceTemplate(ctx.templates.distributed.resources, { design: 'distributed', runsPerMonth: 30, usage: { stepFunctions: { standardTransitions: 0 }, s3: { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 0 }, logs: { ingestedBytes: 0 } }, prices: ctx.prices, resourcePrices: ctx.resourcePrices, assumptions: DEFAULT_RESOURCE_ASSUMPTIONS, assets: {} });
    expect(p.fixedMonthlyUsd).toBeCloseTo(empty.fixedMonthlyUsd, 6);
    expect(p.fixedMonthlyUsd).toBeGreaterThan(1.4);
    // More memory for the same work costs more per run.
    expect(evaluateConfiguration(distributed({ memoryMiB: 10240 }), ctx).runDependentPerRunUsd).toBeGreaterThan(p.runDependentPerRunUsd);
    expect(p.feasible).toBe(true);
  });

  test('p95 is the slow end of the band, and arm64 is cheaper than x86_64 for the same run', () => {
    const arm = evaluateConfiguration(distributed(), ctx);
    const x86 = evaluateConfiguration(distributed({ architecture: 'x86_64' }), ctx);
    expect(arm.runtimeP95Ms).toBe(arm.runtimeMs.high);
    expect(arm.runtimeMs.high).toBeGreaterThan(arm.runtimeMs.mid);
    expect(x86.monthlyUsd).toBeGreaterThan(arm.monthlyUsd);
  });

  test('128 MB is out of memory for a 31,250-event partition, with the reason; the search goes on', () => {
    const p = evaluateConfiguration(distributed({ memoryMiB: 128 }), ctx);
    expect(p.feasible).toBe(false);
    expect(p.infeasible.map((i) => i.kind)).toContain('out-of-memory');
    expect(p.infeasible.find((i) => i.kind === 'out-of-memory')!.message).toMatch(/^a partition needs \d+ MB, the function has 128 MB$/);
  });

  test('an invocation that needs more than the scenario’s timeout gets a longer one, up to 900 s, then is infeasible', () => {
    expect(tunedLambdaTimeoutSeconds(300, 100_000)).toBe(300);
    expect(tunedLambdaTimeoutSeconds(300, 400_000)).toBe(600);
    expect(tunedLambdaTimeoutSeconds(300, 800_000)).toBe(900);
    // One invocation over a 250M-event partition at 256 MB: far beyond 900 s.
    const big = baselineWith({ workload: { ...BASELINE.workload, events: 250_000_000, partitions: 8 } });
    const p = evaluateConfiguration(distributed({ memoryMiB: 10240, maxConcurrency: 1, partitionsPerInvocation: 8, partitions: 8 }), context(big));
    expect(p.lambdaTimeoutSeconds).toBe(900);
    expect(p.infeasible.map((i) => i.kind)).toContain('lambda-timeout');
  });

  test('a single node needs memory for each busy worker', () => {
    const s = context();
    const small = evaluateConfiguration({ design: 'single-node', vcpu: 16, memoryMiB: 32768, architecture: 'arm64', workers: 32 }, s);
    expect(small.memoryNeedMb).toBeGreaterThan(300);
    expect(small.memoryMb).toBe(32768);
    // The task start's p95 over the draws: between the calibration profile's point estimate and its slow end.
    const start = ctx.assumptions.fargateStartupS;
    expect(small.startupP95Ms).toBeGreaterThan(start.mid * 1000);
    expect(small.startupP95Ms).toBeLessThanOrEqual(start.high * 1000);
  });
});

describe('a scenario with a 2-minute SLA (issue #18 acceptance)', () => {
  // Thirty times the baseline's events: the single node's start (about a minute at p95, from the calibration
  // profile) leaves about a minute for the work, which no Fargate size does; the distributed design scales out.
  const s = baselineWith({ workload: { ...BASELINE.workload, events: 30_000_000 }, sla: { deadlineMinutes: 2 }, budget: { perRunUsd: 10, perMonthUsd: 500 } });
  const ctx = context(s);

  test('marks every single-node configuration infeasible for its start time, and still picks a distributed one', () => {
    const single = evaluateSpace(singleNodeSpace(s), ctx);
    expect(single.length).toBeGreaterThanOrEqual(10);
    expect(single.every((p) => !p.feasible && p.infeasible.some((i) => i.kind === 'sla' && /\(the Fargate task start alone is [\d.]+ s\)$/.test(i.message)))).toBe(true);
    const sn = pickConfigurations('single-node', single, ctx.limits);
    expect(sn.noFeasible).toMatch(/^single-node: no configuration of \d+ meets the SLA \(2 min at p95\); the fastest, Fargate 16 vCPU .* at p95, [\d.]+ s of it the Fargate task start \(SLA 2 min\)$/);

    const dist = evaluateSpace(distributedSpace(s), ctx);
    const d = pickConfigurations('distributed', dist, ctx.limits);
    expect(d.picks.balanced).not.toBeNull();
    const pick = dist.find((p) => p.id === d.picks.balanced)!;
    expect(pick.feasible).toBe(true);
    expect(pick.runtimeP95Ms).toBeLessThanOrEqual(120_000);
  });
});

import type { Infeasibility } from '../../../simulator/results/tune';
import type { TuneLimits } from '../../../simulator/tune/constraints';
import { nothingMeets, pickConfigurations, STRATEGIES } from '../../../simulator/tune/pick';
import { point } from './points';

const LIMITS: TuneLimits = { slaMs: 30 * 60_000, budgetPerRunUsd: 0.5, budgetPerMonthUsd: 50, lambdaMaxTimeoutMs: 900_000 };
const sla: Infeasibility = { kind: 'sla', message: 'p95 runtime 40 min > SLA 30 min' };
const perRun: Infeasibility = { kind: 'budget-per-run', message: '$0.60 per run > budget $0.50' };
const oom: Infeasibility = { kind: 'out-of-memory', message: 'a partition needs 300 MB, the function has 256 MB' };

describe('strategies (hand-computed)', () => {
  // Front: A (1, 100), B (2, 40), C (4, 10), D (10, 5). Scaled over the front, cost is (c - 1) / 9
  // and runtime (t - 5) / 95: A 0 + 1 = 1, B 0.111 + 0.368 = 0.480, C 0.333 + 0.053 = 0.386, D 1 + 0 = 1.
  const A = point(128, 1, 100);
  const B = point(256, 2, 40);
  const C = point(512, 4, 10);
  const D = point(1024, 10, 5);
  const front = [A, B, C, D];

  test('cost picks the cheapest, speed the fastest, balanced the point nearest the ideal corner', () => {
    expect(STRATEGIES.cost(front).id).toBe(A.id);
    expect(STRATEGIES.speed(front).id).toBe(D.id);
    expect(STRATEGIES.balanced(front).id).toBe(C.id);
  });

  test('pickConfigurations picks from the front of the feasible points only', () => {
    const dominated = point(2048, 5, 50);
    const infeasibleButCheap = point(3008, 0.5, 1, [sla]);
    const r = pickConfigurations('distributed', [dominated, D, infeasibleButCheap, B, A, C], LIMITS);
    expect(r.front.map((p) => p.id)).toEqual([A.id, B.id, C.id, D.id]);
    expect(r.picks).toEqual({ cost: A.id, speed: D.id, balanced: C.id });
    expect(r.noFeasible).toBeUndefined();
    expect(r.fallback).toBeUndefined();
  });

  test('ties: cost prefers the faster, speed the cheaper, then the smaller configuration, then the id', () => {
    const cheapSlow = point(256, 1, 20);
    const cheapFast = point(512, 1, 10);
    expect(STRATEGIES.cost([cheapSlow, cheapFast]).id).toBe(cheapFast.id);
    const fastDear = point(256, 3, 10);
    expect(STRATEGIES.speed([fastDear, cheapFast]).id).toBe(cheapFast.id);
    // Equal cost and runtime: the one with less memory.
    const twinBig = point(1024, 1, 10);
    for (const s of ['cost', 'speed', 'balanced'] as const) expect(STRATEGIES[s]([twinBig, cheapFast]).id).toBe(cheapFast.id);
    // Equal memory too: the fewer partitions (the next element of the size), then the id.
    const twinMore = point(512, 1, 10, [], 64);
    expect(STRATEGIES.cost([twinMore, cheapFast]).id).toBe(cheapFast.id);
  });

  test('a balanced tie (equal scaled sums) goes to the cheaper point', () => {
    // (1, 10) scores 0 + 1, (2, 5) scores 1 + 0.
    const a = point(256, 1, 10);
    const b = point(512, 2, 5);
    expect(STRATEGIES.balanced([b, a]).id).toBe(a.id);
  });

  test('a front of one point: every strategy picks it', () => {
    const only = point(512, 3, 30);
    expect(pickConfigurations('distributed', [only], LIMITS).picks).toEqual({ cost: only.id, speed: only.id, balanced: only.id });
  });
});

describe('an all-infeasible space', () => {
  test('names the constraint every point breaks, with the closest any point came, in one line', () => {
    const pts = [point(256, 5, 45 * 60_000, [sla]), point(512, 6, 40 * 60_000, [sla])];
    const r = pickConfigurations('distributed', pts, LIMITS);
    expect(r.picks).toEqual({ cost: null, speed: null, balanced: null });
    expect(r.noFeasible).toBe(
      'distributed: no configuration of 2 meets the SLA (30 min at p95); the fastest, Lambda 512 MB arm64, Map concurrency 16, 1 partition/invocation, 32 partitions, takes 40 min at p95 (SLA 30 min)',
    );
    expect(r.noFeasible).not.toMatch(/\n/);
  });

  test('the per-run budget: names the cheapest per run', () => {
    const pts = [point(256, 18, 60_000, [perRun]), point(512, 21, 30_000, [perRun])];
    expect(nothingMeets('single-node', pts, LIMITS)).toBe(
      'single-node: no configuration of 2 meets the per-run budget ($0.50); the cheapest, Lambda 256 MB arm64, Map concurrency 16, 1 partition/invocation, 32 partitions, costs $0.6000 per run (budget $0.50)',
    );
  });

  test('constraints that are never met together, though each is met by some point', () => {
    const pts = [point(256, 5, 40 * 60_000, [sla]), point(512, 30, 60_000, [perRun])];
    expect(nothingMeets('distributed', pts, LIMITS)).toBe('distributed: no configuration of 2 meets the SLA (30 min at p95) and the per-run budget ($0.50) together');
  });

  test('a hard limit first: out of memory is named before the SLA, and no fallback is offered', () => {
    const pts = [point(128, 5, 40 * 60_000, [oom, sla]), point(256, 6, 40 * 60_000, [oom, sla])];
    const r = pickConfigurations('distributed', pts, LIMITS);
    expect(r.noFeasible).toMatch(/^distributed: no configuration of 2 meets the memory a partition needs; e\.g\. .*: a partition needs 300 MB, the function has 256 MB$/);
    expect(r.fallback).toBeUndefined();
    expect(r.front).toEqual([]);
  });

  test('only soft constraints stand in the way: the strategy picks a fallback among the points that break nothing else', () => {
    const slow = point(256, 4, 50 * 60_000, [sla]);
    const slowAndOom = point(128, 3, 40 * 60_000, [oom, sla]);
    const slower = point(512, 5, 45 * 60_000, [sla]);
    const r = pickConfigurations('distributed', [slow, slowAndOom, slower], LIMITS, 'speed');
    expect(r.picks.speed).toBeNull();
    expect(r.fallback).toEqual({ pointId: slower.id, relaxed: ['sla'] });
    expect(r.front.map((p) => p.id)).toEqual([slow.id, slower.id]);
    expect(pickConfigurations('distributed', [slow, slowAndOom, slower], LIMITS, 'cost').fallback?.pointId).toBe(slow.id);
  });

  test('no points at all', () => {
    expect(pickConfigurations('distributed', [], LIMITS).noFeasible).toBe('distributed: no configuration to evaluate');
  });
});

import type { ConfiguredProjection } from '../../../simulator/model/project-aws';
import type { Scenario } from '../../../simulator/scenario/schema';
import { CONSTRAINT_RULES, ruleOf, type PointFacts, type TuneLimits } from '../../../simulator/tune/constraints';
import { budgetPerMonthRule } from '../../../simulator/tune/constraints/budget-per-month';
import { budgetPerRunRule } from '../../../simulator/tune/constraints/budget-per-run';
import { lambdaTimeoutRule } from '../../../simulator/tune/constraints/lambda-timeout';
import { outOfMemoryRule } from '../../../simulator/tune/constraints/out-of-memory';
import { scenarioRule } from '../../../simulator/tune/constraints/scenario-rule';
import { inlineExecutionInputBytes, serviceLimitRule } from '../../../simulator/tune/constraints/service-limit';
import { slaRule } from '../../../simulator/tune/constraints/sla';
import { INFEASIBILITY_KINDS } from '../../../simulator/results/tune';
import { applyConfiguration } from '../../../simulator/tune/search-space';
import { BASELINE } from './fixtures';

const LIMITS: TuneLimits = { slaMs: 2 * 60_000, budgetPerRunUsd: 0.5, budgetPerMonthUsd: 50, lambdaMaxTimeoutMs: 900_000 };

function facts(o: Partial<PointFacts> & { memoryNeedMb?: number; memoryMb?: number } = {}): PointFacts {
  const projection = { memoryNeedMb: o.memoryNeedMb ?? 200, memoryMb: o.memoryMb ?? 1769 } as ConfiguredProjection;
  return { design: 'distributed', scenario: BASELINE, projection, runtimeP95Ms: 60_000, monthlyUsd: 5, perRunUsd: 0.2, ...o };
}

describe('feasibility rules', () => {
  test('every kind has one rule with its words; the limits a user states (SLA, budgets) also give their limit text', () => {
    for (const kind of INFEASIBILITY_KINDS) expect(ruleOf(kind).words).toMatch(/^(the|its) /);
    expect(CONSTRAINT_RULES.filter((r) => r.limitText).map((r) => r.limitText!(LIMITS))).toEqual(['2 min at p95', '$0.50 a run', '$50 a month']);
  });

  test('one rule per kind, hard limits before the SLA and the budget', () => {
    expect(CONSTRAINT_RULES.map((r) => r.kind)).toEqual(['service-limit', 'scenario-rule', 'out-of-memory', 'lambda-timeout', 'sla', 'budget-per-run', 'budget-per-month']);
    expect([...CONSTRAINT_RULES.map((r) => r.kind)].sort()).toEqual([...INFEASIBILITY_KINDS].sort());
  });

  test('a configuration within every limit breaks no rule', () => {
    expect(CONSTRAINT_RULES.map((r) => r.check(facts(), LIMITS)).filter(Boolean)).toEqual([]);
  });

  test('SLA: the p95 runtime against the deadline; a single node names its task start', () => {
    expect(slaRule.check(facts({ runtimeP95Ms: 150_000 }), LIMITS)).toBe('p95 runtime 2.5 min > SLA 2 min');
    expect(slaRule.check(facts({ design: 'single-node', runtimeP95Ms: 150_000, startupP95Ms: 90_000 }), LIMITS)).toBe('p95 runtime 2.5 min > SLA 2 min (the Fargate task start alone is 90 s)');
    expect(slaRule.check(facts({ runtimeP95Ms: 120_000 }), LIMITS)).toBeNull();
  });

  test('Lambda timeout: a cold invocation beyond 900 s at p95', () => {
    expect(lambdaTimeoutRule.check(facts({ invocationP95Ms: 1_000_000 }), LIMITS)).toBe("an invocation needs 16.7 min at p95, more than Lambda's 900 s limit");
    expect(lambdaTimeoutRule.check(facts({ invocationP95Ms: 900_000 }), LIMITS)).toBeNull();
  });

  test('out of memory: the need against the function or the task', () => {
    expect(outOfMemoryRule.check(facts({ memoryNeedMb: 190.4, memoryMb: 128 }), LIMITS)).toBe('a partition needs 190 MB, the function has 128 MB');
    expect(outOfMemoryRule.check(facts({ design: 'single-node', memoryNeedMb: 2300, memoryMb: 2048 }), LIMITS)).toBe('the worker pool needs 2300 MB, the task has 2048 MiB');
    expect(outOfMemoryRule.check(facts({ memoryNeedMb: 128, memoryMb: 128 }), LIMITS)).toBeNull();
  });

  test('budgets: per run with the fixed share, per month in total', () => {
    expect(budgetPerRunRule.check(facts({ perRunUsd: 1.63 }), LIMITS)).toBe('$1.63 per run (fixed share included) > budget $0.50');
    expect(budgetPerMonthRule.check(facts({ monthlyUsd: 52.5 }), LIMITS)).toBe('$52.50 a month > budget $50');
    expect(budgetPerRunRule.check(facts({ perRunUsd: 0.5 }), LIMITS)).toBeNull();
  });

  test('service limits: an inline Map whose items overflow the 256 KiB execution input', () => {
    // 1,700 single-partition items stay inline (below INLINE_MAP_MAX_ITEMS) but carry ~130 KiB; 1,700
    // items of 8 partitions each (13,600 partitions) do not fit.
    const wide = applyConfiguration({ ...BASELINE, workload: { ...BASELINE.workload, events: 1e8 } }, { design: 'distributed', memoryMiB: 1769, architecture: 'arm64', maxConcurrency: 16, partitionsPerInvocation: 8, partitions: 13_600 });
    expect(inlineExecutionInputBytes('baseline', 13_600, 8, 'gzip')).toBeGreaterThan(262_144);
    expect(serviceLimitRule.check(facts({ scenario: wide }), LIMITS)).toMatch(/^an inline Map's execution input of \d+ KiB \(every item\) > the 256 KiB state payload limit$/);
    expect(inlineExecutionInputBytes('baseline', 1_700, 1, 'gzip')).toBeLessThan(262_144);
    // The same items read from S3 by a Distributed Map are within the limit.
    const distributedMap: Scenario = { ...wide, distributed: { ...wide.distributed, map: { ...wide.distributed.map, mode: 'distributed' } } };
    expect(serviceLimitRule.check(facts({ scenario: distributedMap }), LIMITS)).toBeNull();
  });

  test('the estimate of the inline execution input matches the JSON the runner sends', () => {
    const runId = 'baseline-distributed-0123abcd';
    const keys = Array.from({ length: 10 }, (_, i) => `part-${String(i).padStart(5, '0')}.ndjson.gz`);
    const items = [0, 3, 6, 9].map((i) => ({ runId, partitions: keys.slice(i, i + 3) }));
    expect(inlineExecutionInputBytes('baseline', 10, 3, 'gzip')).toBe(JSON.stringify({ runId, items }).length);
  });

  test('scenario rules: a configured scenario the format refuses names the field', () => {
    const crashing: Scenario = { ...BASELINE, faults: { ...BASELINE.faults, singleNode: { crashAfterPartitions: 20 } } };
    const fewer = applyConfiguration(crashing, { design: 'distributed', memoryMiB: 1769, architecture: 'arm64', maxConcurrency: 8, partitionsPerInvocation: 1, partitions: 8 });
    expect(scenarioRule.check(facts({ scenario: fewer }), LIMITS)).toMatch(/^faults\.singleNode\.crashAfterPartitions: got 20, must be less than workload\.partitions \(8\)/);
    expect(scenarioRule.check(facts(), LIMITS)).toBeNull();
  });
});

import { budgetPerMonthRule } from './budget-per-month';
import { budgetPerRunRule } from './budget-per-run';
import { lambdaTimeoutRule } from './lambda-timeout';
import { outOfMemoryRule } from './out-of-memory';
import type { InfeasibilityKind } from '../../results/tune';
import type { ConstraintRule } from './rule';
import { scenarioRule } from './scenario-rule';
import { serviceLimitRule } from './service-limit';
import { slaRule } from './sla';

export type { ConstraintRule, PointFacts, StatedLimits, TuneLimits } from './rule';

/** Every feasibility rule, in the order reasons are listed: hard limits first, then the SLA and the budget. */
export const CONSTRAINT_RULES: readonly ConstraintRule[] = [serviceLimitRule, scenarioRule, outOfMemoryRule, lambdaTimeoutRule, slaRule, budgetPerRunRule, budgetPerMonthRule];

/** The rule that marks a kind of infeasibility. */
export function ruleOf(kind: InfeasibilityKind): ConstraintRule {
  const rule = CONSTRAINT_RULES.find((r) => r.kind === kind);
  if (!rule) throw new Error(`no constraint rule for ${kind}`);
  return rule;
}

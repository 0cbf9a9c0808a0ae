import { budgetPerMonthRule } from './budget-per-month';
import { budgetPerRunRule } from './budget-per-run';
import { lambdaTimeoutRule } from './lambda-timeout';
import { outOfMemoryRule } from './out-of-memory';
import type { ConstraintRule } from './rule';
import { scenarioRule } from './scenario-rule';
import { serviceLimitRule } from './service-limit';
import { slaRule } from './sla';

export type { ConstraintRule, PointFacts, TuneLimits } from './rule';

/** Every feasibility rule, in the order reasons are listed: hard limits first, then the SLA and the budget. */
export const CONSTRAINT_RULES: readonly ConstraintRule[] = [serviceLimitRule, scenarioRule, outOfMemoryRule, lambdaTimeoutRule, slaRule, budgetPerRunRule, budgetPerMonthRule];

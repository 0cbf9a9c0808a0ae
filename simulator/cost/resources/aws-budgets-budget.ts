import { free, usd, type ResourceRule } from './rule';

/**
 * AWS::Budgets::Budget: a budget with notifications only costs nothing; one with actions (an
 * AWS::Budgets::BudgetsAction naming it) bills per budget-day after the account's free budget-days.
 * The action itself is priced by its own rule, so this line says which case applies.
 */
export const budgetRule: ResourceRule = {
  types: ['AWS::Budgets::Budget'],
  price(resource, ctx) {
    const name = (resource.properties.Budget as { BudgetName?: unknown } | undefined)?.BudgetName;
    const actions = ctx.resources.filter((r) => r.type === 'AWS::Budgets::BudgetsAction' && (JSON.stringify(r.properties.BudgetName) === JSON.stringify(name) || JSON.stringify(r.properties).includes(`"${resource.logicalId}"`)));
    const notifications = Array.isArray(resource.properties.NotificationsWithSubscribers) ? resource.properties.NotificationsWithSubscribers.length : 0;
    if (actions.length === 0) return free(`notification-only budget (${notifications} notification${notifications === 1 ? '' : 's'}, no BudgetsAction): AWS Budgets charges nothing for it`);
    return free(`action-enabled budget: its ${actions.length} action(s) are priced on the AWS::Budgets::BudgetsAction line at ${usd(ctx.resourcePrices.budgets.actionEnabledPerBudgetDay)} a budget-day`);
  },
};

/** AWS::Budgets::BudgetsAction: makes its budget action-enabled, billed per budget-day. */
export const budgetsActionRule: ResourceRule = {
  types: ['AWS::Budgets::BudgetsAction'],
  price(_resource, ctx) {
    const p = ctx.resourcePrices.budgets;
    const days = ctx.resourcePrices.hoursPerMonth / 24;
    return {
      pricing: 'fixed',
      fixedMonthlyUsd: days * p.actionEnabledPerBudgetDay,
      perRunUsd: 0,
      reason: `action-enabled budget: ${days.toFixed(1)} budget-days × ${usd(p.actionEnabledPerBudgetDay)}, before the account's ${p.freeActionBudgetDaysPerMonth} free budget-days a month (shared by all its budgets)`,
      priceKeys: ['budgets.actionEnabledPerBudgetDay'],
    };
  },
};

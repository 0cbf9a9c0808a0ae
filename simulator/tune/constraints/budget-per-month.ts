import { formatBudgetUsd, formatUsd } from '../../cost/format';
import type { ConstraintRule } from './rule';

/** budget.perMonthUsd against fixed + runs per month × per run. */
export const budgetPerMonthRule: ConstraintRule = {
  kind: 'budget-per-month',
  words: 'the monthly budget',
  limitText: (l) => `${formatBudgetUsd(l.budgetPerMonthUsd)} a month`,
  describe: (l) => `the monthly budget (${formatBudgetUsd(l.budgetPerMonthUsd)})`,
  closest(points, l) {
    const p = points.reduce((a, b) => (b.monthlyUsd < a.monthlyUsd ? b : a));
    return `the cheapest, ${p.label}, costs ${formatUsd(p.monthlyUsd)} a month (budget ${formatBudgetUsd(l.budgetPerMonthUsd)})`;
  },
  check(f, l) {
    return f.monthlyUsd > l.budgetPerMonthUsd ? `${formatUsd(f.monthlyUsd)} a month > budget ${formatBudgetUsd(l.budgetPerMonthUsd)}` : null;
  },
};

import { formatBudgetUsd, formatUsd } from '../../cost/format';
import type { ConstraintRule } from './rule';

/** budget.perRunUsd against a run's cost with its share of the fixed cost, as `scalesim cost` checks it. */
export const budgetPerRunRule: ConstraintRule = {
  kind: 'budget-per-run',
  words: 'the per-run budget',
  limitText: (l) => `${formatBudgetUsd(l.budgetPerRunUsd)} a run`,
  describe: (l) => `the per-run budget (${formatBudgetUsd(l.budgetPerRunUsd)})`,
  closest(points, l) {
    const p = points.reduce((a, b) => (b.perRunUsd < a.perRunUsd ? b : a));
    return `the cheapest, ${p.label}, costs ${formatUsd(p.perRunUsd)} per run (budget ${formatBudgetUsd(l.budgetPerRunUsd)})`;
  },
  check(f, l) {
    return f.perRunUsd > l.budgetPerRunUsd ? `${formatUsd(f.perRunUsd)} per run (fixed share included) > budget ${formatBudgetUsd(l.budgetPerRunUsd)}` : null;
  },
};

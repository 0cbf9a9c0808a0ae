import { dollars, type ConstraintRule } from './rule';

/** budget.perRunUsd against a run's cost with its share of the fixed cost, as `scalesim cost` checks it. */
export const budgetPerRunRule: ConstraintRule = {
  kind: 'budget-per-run',
  describe: (l) => `the per-run budget (${dollars(l.budgetPerRunUsd)})`,
  check(f, l) {
    return f.perRunUsd > l.budgetPerRunUsd ? `${dollars(f.perRunUsd)} per run (fixed share included) > budget ${dollars(l.budgetPerRunUsd)}` : null;
  },
};

import { dollars, type ConstraintRule } from './rule';

/** budget.perMonthUsd against fixed + runs per month × per run. */
export const budgetPerMonthRule: ConstraintRule = {
  kind: 'budget-per-month',
  describe: (l) => `the monthly budget (${dollars(l.budgetPerMonthUsd)})`,
  check(f, l) {
    return f.monthlyUsd > l.budgetPerMonthUsd ? `${dollars(f.monthlyUsd)} a month > budget ${dollars(l.budgetPerMonthUsd)}` : null;
  },
};

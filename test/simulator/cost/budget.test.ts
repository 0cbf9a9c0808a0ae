import { checkBudget, checkBudgets, describeOverruns } from '../../../simulator/cost/budget';

const BUDGET = { perRunUsd: 0.5, perMonthUsd: 50 };

describe('budget check', () => {
  it('flags each limit separately; equal to the budget is within it', () => {
    expect(checkBudget({ perRunUsd: 0.5, perMonthUsd: 50 }, BUDGET)).toMatchObject({ overPerRun: false, overPerMonth: false, withinBudget: true });
    expect(checkBudget({ perRunUsd: 0.51, perMonthUsd: 15.3 }, BUDGET)).toMatchObject({ overPerRun: true, overPerMonth: false, withinBudget: false });
    expect(checkBudget({ perRunUsd: 0.1, perMonthUsd: 51 }, BUDGET)).toMatchObject({ overPerRun: false, overPerMonth: true, withinBudget: false });
  });

  it('returns flags per design and describes overruns in one line each', () => {
    const checks = checkBudgets({ 'single-node': { perRunUsd: 0.01, perMonthUsd: 0.3 }, distributed: { perRunUsd: 0.62, perMonthUsd: 55.5 } }, BUDGET);
    expect(checks['single-node']?.withinBudget).toBe(true);
    expect(checks.distributed?.withinBudget).toBe(false);
    expect(describeOverruns(checks)).toEqual(['distributed: $0.6200 per run > $0.50 budget', 'distributed: $55.50 per month > $50.00 budget']);
  });

  it('rejects non-finite costs', () => {
    expect(() => checkBudget({ perRunUsd: Number.NaN, perMonthUsd: 0 }, BUDGET)).toThrow(/perRunUsd must be a finite number >= 0, got NaN/);
  });
});

import type { DesignName } from '../../lib/workload/contract';
import type { BudgetCheck } from '../results/cost';
import type { Scenario } from '../scenario/schema';

/** Compares costs with the budget. Equal to the budget is within it. Pure. */
export function checkBudget(cost: { readonly perRunUsd: number; readonly perMonthUsd: number }, budget: Scenario['budget']): BudgetCheck {
  for (const [name, v] of Object.entries({ perRunUsd: cost.perRunUsd, perMonthUsd: cost.perMonthUsd, 'budget.perRunUsd': budget.perRunUsd, 'budget.perMonthUsd': budget.perMonthUsd })) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${v}`);
  }
  const overPerRun = cost.perRunUsd > budget.perRunUsd;
  const overPerMonth = cost.perMonthUsd > budget.perMonthUsd;
  return { perRunUsd: cost.perRunUsd, perMonthUsd: cost.perMonthUsd, budget, overPerRun, overPerMonth, withinBudget: !overPerRun && !overPerMonth };
}

/** Budget flags for every design that has a cost. */
export function checkBudgets(
  costs: Readonly<Partial<Record<DesignName, { readonly perRunUsd: number; readonly perMonthUsd: number }>>>,
  budget: Scenario['budget'],
): Partial<Record<DesignName, BudgetCheck>> {
  const out: Partial<Record<DesignName, BudgetCheck>> = {};
  for (const [design, cost] of Object.entries(costs) as [DesignName, { perRunUsd: number; perMonthUsd: number } | undefined][]) {
    if (cost) out[design] = checkBudget(cost, budget);
  }
  return out;
}

/** One line per design over budget, e.g. `distributed: $0.62 per run > $0.50 budget`; empty when all fit. */
export function describeOverruns(checks: Readonly<Partial<Record<DesignName, BudgetCheck>>>): string[] {
  const lines: string[] = [];
  for (const [design, c] of Object.entries(checks) as [DesignName, BudgetCheck | undefined][]) {
    if (!c) continue;
    if (c.overPerRun) lines.push(`${design}: $${c.perRunUsd.toFixed(4)} per run > $${c.budget.perRunUsd.toFixed(2)} budget`);
    if (c.overPerMonth) lines.push(`${design}: $${c.perMonthUsd.toFixed(2)} per month > $${c.budget.perMonthUsd.toFixed(2)} budget`);
  }
  return lines;
}

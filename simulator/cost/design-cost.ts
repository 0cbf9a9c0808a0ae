import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { Scenario } from '../scenario/schema';
import { checkBudget } from './budget';
import { priceTableFromSnapshot } from './prices/table';
import { projectUsage, type ProjectedUsage, type ProjectionAssumptions } from './project';
import { costPerRun } from './run-cost';
import type { CostBasis, DesignCostRecord } from '../results/cost';
import type { DesignResult } from '../results/design';
import type { DesignUsage } from '../results/usage';
import { type LoadedPriceSnapshot, snapshotRef } from './prices/loaded';

/**
 * `results.json` → `designs[design].cost` (the record, `DesignCostRecord`, is defined in the results
 * contract, simulator/results/cost.ts): the usage of a run priced at a snapshot's list prices.
 */

/** How reports label each basis. */
export const COST_BASIS_LABELS: Readonly<Record<CostBasis, string>> = {
  'measured-usage': 'measured-usage × list price',
  projected: 'projected',
};

export interface DesignCostOptions {
  /**
   * Apply monthly free tiers (see `costPerRun`).
   * @default false
   */
  readonly freeTier?: boolean;
  /**
   * Days each run's S3 outputs are kept.
   * @default 30
   */
  readonly storageRetentionDays?: number;
}

export function designCost(
  prices: LoadedPriceSnapshot,
  usage: DesignUsage,
  scenario: Scenario,
  basis: CostBasis,
  options: DesignCostOptions = {},
): DesignCostRecord {
  const cost = costPerRun(priceTableFromSnapshot(prices.snapshot), usage, {
    runsPerMonth: scenario.schedule.runsPerMonth,
    events: scenario.workload.events,
    freeTier: options.freeTier,
    storageRetentionDays: options.storageRetentionDays,
  });
  return {
    perRunUsd: cost.perRunUsd,
    perMillionEventsUsd: cost.perMillionEventsUsd,
    perMonthUsd: cost.perMonthUsd,
    breakdown: cost.breakdown,
    monthlyBreakdown: cost.monthlyBreakdown,
    priceSnapshot: snapshotRef(prices),
    basis,
    budget: checkBudget(cost, scenario.budget),
    events: cost.events,
    runsPerMonth: cost.runsPerMonth,
    freeTier: options.freeTier ?? false,
  };
}

/**
 * The part of results.json this module reads and writes (`Results` in simulator/results/results.ts
 * fits it); everything else passes through untouched.
 */
export interface ResultsWithUsage {
  readonly scenario: { readonly spec: Scenario };
  readonly designs: Readonly<Partial<Record<DesignName, object>>>;
}

/** What fillDesignCosts reads from (`usage`) and adds to (`cost`) one design's entry. */
export type DesignResults = Pick<DesignResult, 'usage' | 'cost'>;

/**
 * A copy of `results` with `designs[d].cost` filled for every design that has `usage` (basis
 * `measured-usage`). Designs without usage are left as they are. For report and run code.
 */
export function fillDesignCosts<R extends ResultsWithUsage>(results: R, prices: LoadedPriceSnapshot, options: DesignCostOptions = {}): R {
  const designs: Record<string, unknown> = { ...results.designs };
  for (const design of DESIGNS) {
    const entry = results.designs[design] as DesignResults | undefined;
    if (!entry?.usage) continue;
    designs[design] = { ...entry, cost: designCost(prices, entry.usage, results.scenario.spec, 'measured-usage', options) };
  }
  return { ...results, designs } as R;
}

/**
 * Projected cost of both designs for a scenario that has not run, e.g. for the budget guard before
 * anything is deployed on `--emulator aws`. Every record has basis `projected`.
 */
export function projectedDesignCosts(
  prices: LoadedPriceSnapshot,
  scenario: Scenario,
  assumptions: Partial<ProjectionAssumptions> = {},
  options: DesignCostOptions = {},
): { readonly projection: ProjectedUsage; readonly costs: Readonly<Record<DesignName, DesignCostRecord>> } {
  const projection = projectUsage(scenario, assumptions);
  const costs = Object.fromEntries(DESIGNS.map((d) => [d, designCost(prices, projection.designs[d], scenario, 'projected', options)])) as Record<
    DesignName,
    DesignCostRecord
  >;
  return { projection, costs };
}

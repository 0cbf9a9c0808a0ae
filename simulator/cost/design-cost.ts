import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { Scenario } from '../scenario/schema';
import { checkBudget } from './budget';
import { priceTableFromSnapshot, resourcePriceTableFromSnapshot } from './prices/table';
import { projectUsage, type ProjectedUsage, type ProjectionAssumptions } from './project';
import { topFixedLever } from './levers';
import { DEFAULT_RESOURCE_ASSUMPTIONS, type AssetSizes, type ResourceCostAssumptions, type TemplateResource } from './resources';
import { costPerRun, type RunCost } from './run-cost';
import type { PriceTable } from './price-table';
import { markShared, priceTemplate, serviceOfType, topDriver } from './template-cost';
import type { CostBasis, CostService, DesignCostRecord, ResourceCostLine } from '../results/cost';
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
  /**
   * The synthesized template of the design and its asset sizes: every resource is priced, and the
   * totals include the fixed monthly cost.
   * @default - only the run's own services are priced
   */
  readonly template?: DesignTemplate;
  /**
   * Estimates the resource rules use (see ResourceCostAssumptions).
   * @default DEFAULT_RESOURCE_ASSUMPTIONS
   */
  readonly resourceAssumptions?: Partial<ResourceCostAssumptions>;
}

/** A design's template resources and asset sizes, read from a cloud assembly. */
export interface DesignTemplate {
  readonly resources: readonly TemplateResource[];
  readonly assets: AssetSizes;
}

export function designCost(
  prices: LoadedPriceSnapshot,
  usage: DesignUsage,
  scenario: Scenario,
  basis: CostBasis,
  options: DesignCostOptions = {},
  design: DesignName = usage.lambda ? 'distributed' : 'single-node',
): DesignCostRecord {
  const table = priceTableFromSnapshot(prices.snapshot);
  const cost = costPerRun(table, usage, {
    runsPerMonth: scenario.schedule.runsPerMonth,
    events: scenario.workload.events,
    freeTier: options.freeTier,
    storageRetentionDays: options.storageRetentionDays,
  });
  if (options.template) return templateCostRecord({ prices, table, cost, usage, scenario, basis, design, options, template: options.template });
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

/** What designCost hands to templateCostRecord once the run's own services are priced. */
interface TemplateCostInput {
  readonly prices: LoadedPriceSnapshot;
  readonly table: PriceTable;
  readonly cost: RunCost;
  readonly usage: DesignUsage;
  readonly scenario: Scenario;
  readonly basis: CostBasis;
  readonly design: DesignName;
  readonly options: DesignCostOptions;
  readonly template: DesignTemplate;
}

/** Monthly USD of the template's resource lines, summed by the service each type belongs to. */
function monthlyByService(lines: readonly ResourceCostLine[]): Partial<Record<CostService, number>> {
  const out: Partial<Record<CostService, number>> = {};
  for (const l of lines) {
    const service = serviceOfType(l.type);
    if (service && l.monthlyUsd > 0) out[service] = (out[service] ?? 0) + l.monthlyUsd;
  }
  return out;
}

/** The record when every template resource is priced: totals include the fixed monthly cost. */
function templateCostRecord(input: TemplateCostInput): DesignCostRecord {
  const { prices, table, cost, usage, scenario, basis, design, options, template } = input;
  const assumptions = { ...DEFAULT_RESOURCE_ASSUMPTIONS, ...options.resourceAssumptions };
  const runsPerMonth = cost.runsPerMonth;
  const resourcePrices = resourcePriceTableFromSnapshot(prices.snapshot);
  const t = priceTemplate(template.resources, { design, runsPerMonth, usage, prices: table, resourcePrices, assumptions, assets: template.assets });
  const perRunUsd = t.runDependentPerRunUsd + t.fixedMonthlyUsd / runsPerMonth;
  const monthlyBreakdown = monthlyByService(t.lines);
  const lever = topFixedLever(t.lines, { usage, runsPerMonth, prices: resourcePrices });
  return {
    perRunUsd,
    perMillionEventsUsd: (perRunUsd / cost.events) * 1e6,
    perMonthUsd: t.perMonthUsd,
    breakdown: Object.fromEntries(Object.entries(monthlyBreakdown).map(([k, v]) => [k, v / runsPerMonth])),
    monthlyBreakdown,
    fixedMonthlyUsd: t.fixedMonthlyUsd,
    runDependentPerRunUsd: t.runDependentPerRunUsd,
    amortisedFixedPerRunUsd: t.fixedMonthlyUsd / runsPerMonth,
    horizonMonth: assumptions.horizonMonth,
    month1Usd: t.month1Usd,
    resources: t.lines,
    topDriver: topDriver(t.lines, t.perMonthUsd),
    unpricedCount: t.unpricedCount,
    ...(lever ? { lever } : {}),
    priceSnapshot: snapshotRef(prices),
    basis,
    budget: checkBudget({ perRunUsd, perMonthUsd: t.perMonthUsd }, scenario.budget),
    events: cost.events,
    runsPerMonth,
    freeTier: false,
  };
}

/**
 * Both designs' records with each resource line marked `shared` or not, the split of the monthly
 * total into shared and design-dependent USD, and each design's top driver among the lines the
 * choice changes. Records without resource lines pass through unchanged.
 */
function compareDesignCosts<R extends Partial<Record<DesignName, DesignCostRecord>>>(records: R): R {
  const lines: Partial<Record<DesignName, readonly ResourceCostLine[]>> = {};
  for (const d of DESIGNS) if (records[d]?.resources) lines[d] = records[d]!.resources;
  if (Object.keys(lines).length < 2) return records;
  const marked = markShared(lines);
  const out: Partial<Record<DesignName, DesignCostRecord>> = { ...records };
  for (const d of DESIGNS) {
    const r = records[d];
    const m = marked[d];
    if (!r || !m) continue;
    const sharedMonthlyUsd = m.filter((l) => l.shared).reduce((n, l) => n + l.monthlyUsd, 0);
    out[d] = { ...r, resources: m, split: { sharedMonthlyUsd, designMonthlyUsd: r.perMonthUsd - sharedMonthlyUsd }, topDriver: topDriver(m, r.perMonthUsd) };
  }
  return out as R;
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
export function fillDesignCosts<R extends ResultsWithUsage>(
  results: R,
  prices: LoadedPriceSnapshot,
  options: DesignCostOptions = {},
  templates?: Readonly<Partial<Record<DesignName, DesignTemplate>>>,
): R {
  const designs: Record<string, unknown> = { ...results.designs };
  const costs: Partial<Record<DesignName, DesignCostRecord>> = {};
  for (const design of DESIGNS) {
    const entry = results.designs[design] as DesignResults | undefined;
    if (!entry?.usage) continue;
    costs[design] = designCost(prices, entry.usage, results.scenario.spec, 'measured-usage', { ...options, template: templates?.[design] ?? options.template }, design);
  }
  const compared = compareDesignCosts(costs);
  for (const design of DESIGNS) {
    if (compared[design]) designs[design] = { ...(results.designs[design] as DesignResults), cost: compared[design] };
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
  templates?: Readonly<Partial<Record<DesignName, DesignTemplate>>>,
): { readonly projection: ProjectedUsage; readonly costs: Readonly<Record<DesignName, DesignCostRecord>> } {
  const projection = projectUsage(scenario, assumptions);
  const costs = Object.fromEntries(
    DESIGNS.map((d) => [d, designCost(prices, projection.designs[d], scenario, 'projected', { ...options, template: templates?.[d] ?? options.template }, d)]),
  ) as Record<DesignName, DesignCostRecord>;
  return { projection, costs: compareDesignCosts(costs) };
}

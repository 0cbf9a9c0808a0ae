import { z } from 'zod';
import { SNAPSHOT_SOURCE_KINDS } from '../cost/prices/schema';
import { scenarioSchema } from '../scenario/schema';
import { num, type DeepReadonly } from './common';

/**
 * results.json `designs[d].cost`: the record the memo's cost table and the comparison read, produced by
 * simulator/cost/design-cost.ts.
 */

/** The services a run is billed for, in report order. */
export const COST_SERVICES = ['lambda', 'stepFunctions', 'fargate', 's3', 'logs', 'network', 'encryption', 'monitoring'] as const;
export type CostService = (typeof COST_SERVICES)[number];

/** USD by service; a service the design does not use is absent. */
export const costBreakdownSchema = z.partialRecord(z.enum(COST_SERVICES), num);
export type CostBreakdown = DeepReadonly<z.output<typeof costBreakdownSchema>>;

export const COST_BASES = ['measured-usage', 'projected'] as const;
/** `measured-usage`: usage collected from a run, priced at list prices. `projected`: usage from `projectUsage`. */
export type CostBasis = (typeof COST_BASES)[number];

/** What a report records about the prices it used. */
export const priceSnapshotRefSchema = z.strictObject({
  file: z.string(),
  date: z.string(),
  sha256: z.string(),
  source: z.enum(SNAPSHOT_SOURCE_KINDS),
});
export type PriceSnapshotRef = DeepReadonly<z.output<typeof priceSnapshotRefSchema>>;

/** A design's cost against the scenario's budget. */
export const budgetCheckSchema = z.strictObject({
  perRunUsd: num,
  perMonthUsd: num,
  budget: scenarioSchema.shape.budget,
  overPerRun: z.boolean(),
  overPerMonth: z.boolean(),
  /** False when either limit is exceeded. */
  withinBudget: z.boolean(),
});
export type BudgetCheck = DeepReadonly<z.output<typeof budgetCheckSchema>>;

/** How a resource is billed. */
export const RESOURCE_PRICINGS = ['fixed', 'usage', 'free', 'unpriced'] as const;
/**
 * `fixed`: it bills for existing (per hour, per month) whether or not a run happens, plus any usage;
 * `usage`: it bills only for what is done with it; `free`: AWS charges nothing for it (the reason says
 * why); `unpriced`: scalesim has no price for it, so the totals leave it out and say so.
 */
export type ResourcePricing = (typeof RESOURCE_PRICINGS)[number];

/** One resource of a synthesized template, priced by its type's rule (simulator/cost/resources). */
export const resourceCostLineSchema = z.strictObject({
  logicalId: z.string(),
  type: z.string(),
  /** The construct path (`aws:cdk:path`). */
  cdkPath: z.string(),
  pricing: z.enum(RESOURCE_PRICINGS),
  /** USD in the horizon month: fixed + runs per month × per run. */
  monthlyUsd: num,
  fixedMonthlyUsd: num,
  perRunUsd: num,
  /** USD in month 1 (differs from `monthlyUsd` for storage that accumulates). */
  month1Usd: num,
  reason: z.string(),
  priceKeys: z.array(z.string()),
  /**
   * True when the other design deploys the same resource (same construct path below the stack, same
   * type) at the same monthly cost within 1%: the choice between the designs does not change it.
   * @default - not compared
   */
  shared: z.boolean().optional(),
});
export type ResourceCostLine = DeepReadonly<z.output<typeof resourceCostLineSchema>>;

/** The resource type that costs a design most a month. */
export const costDriverSchema = z.strictObject({
  type: z.string(),
  logicalIds: z.array(z.string()),
  monthlyUsd: num,
  fixedMonthlyUsd: num,
  /** Fraction of the design's monthly total. */
  share: num,
  /** False when every line is shared (then the driver is the biggest line overall). */
  designDependent: z.boolean(),
});
export type CostDriver = DeepReadonly<z.output<typeof costDriverSchema>>;

/** What removes a design's biggest fixed cost, and what it gives up. */
export const costLeverSchema = z.strictObject({
  /** The resource type whose fixed cost the lever removes. */
  type: z.string(),
  removesMonthlyUsd: num,
  /** USD a month the replacement costs instead (at the scenario's runs). */
  addsMonthlyUsd: num,
  /** The change, in one sentence. */
  change: z.string(),
  /** What it gives up, in one sentence, for the security architect. */
  tradeOff: z.string(),
});
export type CostLever = DeepReadonly<z.output<typeof costLeverSchema>>;

export const designCostRecordSchema = z.strictObject({
  /**
   * USD per run. With the template priced (`resources` present): what one run adds plus its share of
   * the fixed monthly cost (`runDependentPerRunUsd + fixedMonthlyUsd / runsPerMonth`). Without it
   * (results files from before): the run's own services only.
   */
  perRunUsd: num,
  perMillionEventsUsd: num,
  /** USD per month: `fixedMonthlyUsd + runsPerMonth × runDependentPerRunUsd` when the template is priced. */
  perMonthUsd: num,
  /** USD per run, by service (fixed costs amortised over the month's runs). */
  breakdown: costBreakdownSchema,
  /** USD per month, by service. */
  monthlyBreakdown: costBreakdownSchema,
  /**
   * USD a month that no run changes: endpoint hours, key-months, alarms, stored images.
   * @default - absent in results files written before templates were priced
   */
  fixedMonthlyUsd: num.optional(),
  /** USD one more run adds. @default - absent before templates were priced */
  runDependentPerRunUsd: num.optional(),
  /** `fixedMonthlyUsd / runsPerMonth`. @default - absent before templates were priced */
  amortisedFixedPerRunUsd: num.optional(),
  /** Month of operation `perMonthUsd` describes (storage accumulates). @default - absent before templates were priced */
  horizonMonth: num.optional(),
  /** The month-1 bill, for comparison with the horizon month. @default - absent before templates were priced */
  month1Usd: num.optional(),
  /** One line per template resource, priced by its type's rule. @default - absent before templates were priced */
  resources: z.array(resourceCostLineSchema).optional(),
  /** Monthly USD of the lines both designs share, and of those the choice changes. @default - absent with one design */
  split: z.strictObject({ sharedMonthlyUsd: num, designMonthlyUsd: num }).optional(),
  /** The resource type that costs the design most among the lines the choice changes. @default - absent before templates were priced */
  topDriver: costDriverSchema.optional(),
  /** Resources with no price: their cost is not in the totals. @default - absent before templates were priced */
  unpricedCount: num.optional(),
  /** What removes the design's biggest fixed cost, and its trade-off. @default - absent when none is known */
  lever: costLeverSchema.optional(),
  priceSnapshot: priceSnapshotRefSchema,
  basis: z.enum(COST_BASES),
  budget: budgetCheckSchema,
  events: num,
  runsPerMonth: num,
  /** Whether monthly free tiers were applied. */
  freeTier: z.boolean(),
});
export type DesignCostRecord = DeepReadonly<z.output<typeof designCostRecordSchema>>;

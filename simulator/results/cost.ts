import { z } from 'zod';
import { SNAPSHOT_SOURCE_KINDS } from '../cost/prices/schema';
import { scenarioSchema } from '../scenario/schema';
import { num, type DeepReadonly } from './common';

/**
 * results.json `designs[d].cost`: the record the memo's cost table and the comparison read, produced by
 * simulator/cost/design-cost.ts.
 */

/** The services a run is billed for, in report order. */
export const COST_SERVICES = ['lambda', 'stepFunctions', 'fargate', 's3', 'logs'] as const;
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

export const designCostRecordSchema = z.strictObject({
  perRunUsd: num,
  perMillionEventsUsd: num,
  perMonthUsd: num,
  /** USD per run, by service. */
  breakdown: costBreakdownSchema,
  /** USD per month, by service. */
  monthlyBreakdown: costBreakdownSchema,
  priceSnapshot: priceSnapshotRefSchema,
  basis: z.enum(COST_BASES),
  budget: budgetCheckSchema,
  events: num,
  runsPerMonth: num,
  /** Whether monthly free tiers were applied. */
  freeTier: z.boolean(),
});
export type DesignCostRecord = DeepReadonly<z.output<typeof designCostRecordSchema>>;

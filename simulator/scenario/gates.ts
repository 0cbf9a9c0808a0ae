import { z } from 'zod';

/**
 * The optional `gates:` section of a scenario: the limits `scalesim check` enforces. Every field is
 * optional; what is left out falls back to the scenario's own budget and SLA (see simulator/check/config.ts),
 * and a flag on the command line overrides the field.
 */
export const gatesSchema = z.strictObject({
  /**
   * Largest monthly cost each design may have, USD: fixed + runs × per run, as `scalesim cost` totals it
   * (`perMonthUsd`, the horizon month).
   * @default budget.perMonthUsd
   */
  maxMonthlyUsd: z.number().min(0).max(1e9).optional(),
  /**
   * Longest projected AWS runtime each design may have, minutes, read at the projection's p95.
   * @default sla.deadlineMinutes
   */
  maxRuntimeMinutes: z.number().gt(0).max(7 * 24 * 60).optional(),
  /** Fail when a principal may do something the baseline did not allow (needs a baseline). */
  noNewAccess: z.boolean().default(true),
  /** Fail on a high or medium IAM finding the baseline did not have (needs a baseline). */
  noNewFindings: z.boolean().default(true),
  /** Fail when a template resource has no price (its cost would be missing from the totals). */
  noUnpriced: z.boolean().default(true),
  /** Fail when a run broke `input = curated + quarantined + duplicates` or lost a partition (results files only). */
  accounting: z.boolean().default(true),
});

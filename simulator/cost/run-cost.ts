import { fargateCost } from './fargate';
import { lambdaCost } from './lambda';
import { logsCost } from './logs';
import type { PriceTable } from './price-table';
import { s3Cost } from './s3';
import { stepFunctionsCost } from './step-functions';
import { requireInteger } from './tiers';
import { repeatUsage } from './usage';
import { COST_SERVICES, type CostBreakdown, type CostService } from '../results/cost';
import type { DesignUsage } from '../results/usage';

export const COST_SERVICE_LABELS: Readonly<Record<CostService, string>> = {
  lambda: 'Lambda',
  stepFunctions: 'Step Functions',
  fargate: 'Fargate',
  s3: 'S3',
  logs: 'CloudWatch Logs',
  network: 'VPC endpoints / NAT / IPv4',
  encryption: 'KMS',
  monitoring: 'Alarms, Insights, alerts',
};

export interface CostOptions {
  /** Runs in a month, from the scenario's `schedule.runsPerMonth`. */
  readonly runsPerMonth: number;
  /** Events per run, used when the usage does not say (`usage.events`). */
  readonly events: number;
  /**
   * Apply the monthly free tiers (Lambda requests and GB-seconds, Step Functions transitions) to
   * the monthly figure; per-run cost is then the month's cost divided by its runs. Off, per-run
   * cost prices one run as if nothing else ran that month.
   * @default false
   */
  readonly freeTier?: boolean;
  /**
   * Days the run's S3 outputs are kept: each run pays that much storage.
   * @default 30
   */
  readonly storageRetentionDays?: number;
}

export interface RunCost {
  readonly perRunUsd: number;
  readonly perMillionEventsUsd: number;
  /** The month's cost at `runsPerMonth`, with monthly tiers (and free tiers if asked) applied. */
  readonly perMonthUsd: number;
  /** USD per run, by service. */
  readonly breakdown: CostBreakdown;
  /** USD per month, by service. */
  readonly monthlyBreakdown: CostBreakdown;
  readonly events: number;
  readonly runsPerMonth: number;
}

interface ServiceCostContext {
  readonly freeTier: boolean;
  readonly storageMonths: number;
}

/** One pricing function per service (STYLE.md rule 8); `undefined` when the design does not use it. */
const SERVICE_COSTS: Readonly<Record<CostService, (p: PriceTable, u: DesignUsage, c: ServiceCostContext) => number | undefined>> = {
  lambda: (p, u, c) => (u.lambda ? lambdaCost(p.lambda, u.lambda, { freeTier: c.freeTier }).usd : undefined),
  stepFunctions: (p, u, c) => stepFunctionsCost(p.stepFunctions, u.stepFunctions, { freeTier: c.freeTier }).usd,
  fargate: (p, u) => (u.fargate ? fargateCost(p.fargate, u.fargate).usd : undefined),
  s3: (p, u, c) => s3Cost(p.s3, u.s3, { storageMonths: c.storageMonths }).usd,
  logs: (p, u) => logsCost(p.logs, u.logs).usd,
  // Resource-level services: priced per template resource (template-cost.ts), not from run usage alone.
  network: () => undefined,
  encryption: () => undefined,
  monitoring: () => undefined,
};

/** Average days in a month (365.25 / 12), for turning a retention in days into storage months. */
const DAYS_PER_MONTH = 30.4375;

function price(prices: PriceTable, usage: DesignUsage, ctx: ServiceCostContext): { total: number; breakdown: CostBreakdown } {
  const breakdown: Partial<Record<CostService, number>> = {};
  let total = 0;
  for (const service of COST_SERVICES) {
    const usd = SERVICE_COSTS[service](prices, usage, ctx);
    if (usd === undefined) continue;
    breakdown[service] = usd;
    total += usd;
  }
  return { total, breakdown };
}

/**
 * Cost of one run of one design, per million events and per month. Pure: prices and usage are
 * arguments. Labels are the caller's job: usage that was measured gives *measured-usage × list
 * price*; usage from `projectUsage` gives *projected*.
 */
export function costPerRun(prices: PriceTable, usage: DesignUsage, options: CostOptions): RunCost {
  const runsPerMonth = requireInteger('runsPerMonth', options.runsPerMonth, 1);
  const events = requireInteger('events', usage.events ?? options.events, 1);
  const retentionDays = options.storageRetentionDays ?? 30;
  if (!(retentionDays >= 0)) throw new RangeError(`storageRetentionDays must be >= 0, got ${retentionDays}`);
  const storageMonths = retentionDays / DAYS_PER_MONTH;
  const freeTier = options.freeTier ?? false;

  const month = price(prices, repeatUsage(usage, runsPerMonth), { freeTier, storageMonths });
  const run = freeTier
    ? { total: month.total / runsPerMonth, breakdown: scale(month.breakdown, 1 / runsPerMonth) }
    : price(prices, usage, { freeTier: false, storageMonths });
  return {
    perRunUsd: run.total,
    perMillionEventsUsd: (run.total / events) * 1e6,
    perMonthUsd: month.total,
    breakdown: run.breakdown,
    monthlyBreakdown: month.breakdown,
    events,
    runsPerMonth,
  };
}

function scale(breakdown: CostBreakdown, factor: number): CostBreakdown {
  return Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, (v ?? 0) * factor]));
}

import type { DesignName } from '../../../lib/workload/contract';
import type { PriceTable } from '../price-table';
import type { PriceTier } from '../tiers';
import type { DesignUsage } from '../../results/usage';

/**
 * A pricing rule per CloudFormation resource type (STYLE.md rule 8, like the IAM risk rules): a pure
 * function from one template resource, the usage it serves and the price table to what it costs. Rules
 * live one per file in this folder and are registered in `index.ts`; a type with no rule is listed as
 * `unpriced`, never skipped.
 */

import type { ResourcePricing } from '../../results/cost';

/** One resource of a synthesized template. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  /** The construct path (`aws:cdk:path`), e.g. `scalesim-baseline-single-node/Vpc/EcrApi/Resource`. */
  readonly cdkPath: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Sizes of the assets a template deploys from, read from the cloud assembly. */
export interface AssetSizes {
  /**
   * Bytes of the container image the task runs, as stored in ECR (compressed layers).
   * @default - no container image
   */
  readonly imageBytes?: number;
  /** How `imageBytes` was obtained, for the line's reason. @default - none */
  readonly imageNote?: string;
  /**
   * Bytes of the Lambda code assets, as stored in the CDK bootstrap bucket.
   * @default - no code asset
   */
  readonly codeBytes?: number;
}

/** Prices the rules use beyond the run's services (`PriceTable`), as plain numbers in USD. */
export interface ResourcePriceTable {
  readonly hoursPerMonth: number;
  readonly s3Lifecycle: {
    readonly standardIaStoragePerGbMonth: number;
    readonly glacierInstantRetrievalStoragePerGbMonth: number;
    readonly transitionToStandardIaPerRequest: number;
    readonly transitionToGlacierInstantRetrievalPerRequest: number;
  };
  readonly logs: { readonly storagePerGbMonth: number; readonly vendedIngestionPerGb: readonly PriceTier[] };
  readonly vpc: {
    readonly interfaceEndpointPerAzHour: number;
    readonly interfaceEndpointPerGb: number;
    readonly natGatewayPerHour: number;
    readonly natGatewayPerGb: number;
    readonly publicIpv4PerHour: number;
  };
  readonly kms: { readonly perKeyMonth: number; readonly perRequest: number; readonly freeRequestsPerMonth: number };
  readonly cloudwatch: { readonly standardAlarmPerMonth: number; readonly highResolutionAlarmPerMonth: number; readonly customMetricPerMonth: number };
  readonly budgets: { readonly actionEnabledPerBudgetDay: number; readonly freeActionBudgetDaysPerMonth: number };
  readonly ecr: { readonly storagePerGbMonth: number };
  readonly sns: { readonly perRequest: number; readonly freeRequestsPerMonth: number };
  readonly xray: { readonly perTraceRecorded: number; readonly freeTracesRecordedPerMonth: number };
}

/**
 * Quantities no template or run records, each a documented estimate. Every line that uses one says so
 * in its reason.
 */
export interface ResourceCostAssumptions {
  /**
   * Month of operation the monthly figures describe. Zones that expire reach steady state within it;
   * a zone with no expiration keeps growing, so its cost is shown for month 1 and this month.
   * @default 12
   */
  readonly horizonMonth: number;
  /**
   * Bytes a Step Functions execution logs per state transition at log level ALL (entered and exited
   * events, execution data excluded).
   * @default 1000
   */
  readonly stateMachineLogBytesPerTransition: number;
  /**
   * VPC flow log records per hour (one per flow and 10-minute aggregation window). An isolated VPC with
   * no inbound route rejects little.
   * @default 6
   */
  readonly flowLogRecordsPerHour: number;
  /** @default 150 - bytes of one default-format flow log record */
  readonly flowLogBytesPerRecord: number;
  /**
   * Alert publishes to the SNS topic per month: the budget's actual and forecast notifications; alarms
   * fire only on failures.
   * @default 2
   */
  readonly alertPublishesPerMonth: number;
  /**
   * Container Insights metrics one Fargate task family publishes while a task runs (cluster and task
   * definition family dimensions; no service).
   * @default 24
   */
  readonly containerInsightsMetrics: number;
  /**
   * Container Insights performance log bytes per task-minute (task and container events, once a minute).
   * @default 2000
   */
  readonly containerInsightsLogBytesPerTaskMinute: number;
  /**
   * Bytes one S3 server access log record takes in the access-log bucket, per request to a zone.
   * @default 400
   */
  readonly accessLogBytesPerRequest: number;
  /**
   * Bytes one run lands in the raw zone, when the usage does not say.
   * @default - the events at the scenario's median size plus 230 bytes of envelope, gzip at 4:1
   */
  readonly rawBytesPerRun?: number;
  /**
   * Objects one run lands in the raw zone, when the usage does not say.
   * @default - the scenario's partitions
   */
  readonly rawObjectsPerRun?: number;
}

export const DEFAULT_RESOURCE_ASSUMPTIONS: ResourceCostAssumptions = {
  horizonMonth: 12,
  stateMachineLogBytesPerTransition: 1000,
  flowLogRecordsPerHour: 6,
  flowLogBytesPerRecord: 150,
  alertPublishesPerMonth: 2,
  containerInsightsMetrics: 24,
  containerInsightsLogBytesPerTaskMinute: 2000,
  accessLogBytesPerRequest: 400,
};

/** What every rule sees: the whole template (to follow references), the run's usage and the prices. */
export interface PricingContext {
  readonly design: DesignName;
  readonly runsPerMonth: number;
  /** Usage of ONE run of this design (measured, or projected). */
  readonly usage: DesignUsage;
  readonly prices: PriceTable;
  readonly resourcePrices: ResourcePriceTable;
  readonly assumptions: ResourceCostAssumptions;
  readonly assets: AssetSizes;
  /** Every resource of the template, for rules that follow references (who writes to a log group). */
  readonly resources: readonly TemplateResource[];
}

/** What a rule returns for one resource. */
export interface ResourcePrice {
  readonly pricing: ResourcePricing;
  /** USD a month that does not depend on runs (hours, key-months, alarm-months, stored images). */
  readonly fixedMonthlyUsd: number;
  /** USD each run adds, in month `horizonMonth`. */
  readonly perRunUsd: number;
  /**
   * USD in month 1, where it differs from month `horizonMonth` (storage that accumulates).
   * @default - the same as the horizon month
   */
  readonly month1Usd?: number;
  /** One sentence: what is billed, how much of it, and every estimate used. */
  readonly reason: string;
  /** Price table entries used, e.g. `vpc.interfaceEndpointPerAzHour`. */
  readonly priceKeys: readonly string[];
}

/** A pricing rule: one per CloudFormation type. */
export interface ResourceRule {
  /** The CloudFormation types it prices. */
  readonly types: readonly string[];
  readonly price: (resource: TemplateResource, ctx: PricingContext) => ResourcePrice;
}

/** Shorthand for a line that costs nothing. */
export function free(reason: string): ResourcePrice {
  return { pricing: 'free', fixedMonthlyUsd: 0, perRunUsd: 0, reason, priceKeys: [] };
}

/** Shorthand for a line scalesim cannot price. */
export function unpriced(reason: string): ResourcePrice {
  return { pricing: 'unpriced', fixedMonthlyUsd: 0, perRunUsd: 0, reason, priceKeys: [] };
}

/** True when `value` (any part of a template property) references `logicalId` with Ref or Fn::GetAtt. */
function references(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => references(v, logicalId));
  if (value === null || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (o.Ref === logicalId) return true;
  const getAtt = o['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId) return true;
  if (typeof getAtt === 'string' && getAtt.split('.')[0] === logicalId) return true;
  return Object.values(o).some((v) => references(v, logicalId));
}

/** referencedBy's answers per template (the resources array), so pricing one template many times walks it once. */
const referencesCache = new WeakMap<readonly TemplateResource[], Map<string, TemplateResource[]>>();

/** The resources of the template whose properties reference `logicalId`. */
export function referencedBy(ctx: PricingContext, logicalId: string): TemplateResource[] {
  let byId = referencesCache.get(ctx.resources);
  if (!byId) referencesCache.set(ctx.resources, (byId = new Map()));
  let hit = byId.get(logicalId);
  if (!hit) byId.set(logicalId, (hit = ctx.resources.filter((r) => r.logicalId !== logicalId && references(r.properties, logicalId))));
  return hit;
}

/** Average days in a month (365.25 / 12). */
export const DAYS_PER_MONTH = 30.4375;

/**
 * Months one run's bytes are billed in month `month`, for data kept `keptDays` (null: forever): runs
 * are spread evenly over the months, so in month N the oldest surviving run is at most N − 0.5 months
 * old on average. Multiply by runs per month for the stored amount.
 */
export function monthsBilled(keptDays: number | null, month: number): number {
  const age = Math.max(0, month - 0.5);
  return keptDays === null ? age : Math.min(keptDays / DAYS_PER_MONTH, age);
}

/** Dollars for a reason text: 2 decimals from $1, else 3 significant digits. */
export function usd(x: number): string {
  if (x === 0) return '$0';
  if (x >= 1) return `$${x.toFixed(2)}`;
  const decimals = Math.min(8, 2 - Math.floor(Math.log10(x)));
  return `$${x.toFixed(decimals)}`;
}

/** Bytes for a reason text. */
export function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${Math.round(n)} B`;
}

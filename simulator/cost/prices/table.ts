import type { PriceTable } from '../price-table';
import type { ResourcePriceTable } from '../resources/rule';
import type { PriceTier } from '../tiers';
import type { PriceSnapshot } from './schema';

type TieredPrice = PriceSnapshot['prices']['lambda']['x86_64']['durationPerGbSecond'];

function tiers(t: TieredPrice): readonly PriceTier[] {
  return t.tiers.map(({ upTo, usd }) => ({ upTo, usd }));
}

/** The plain-number price table the cost math takes, from a validated snapshot. */
export function priceTableFromSnapshot(snapshot: PriceSnapshot): PriceTable {
  const p = snapshot.prices;
  return {
    lambda: {
      x86_64: { durationPerGbSecond: tiers(p.lambda.x86_64.durationPerGbSecond), perRequest: p.lambda.x86_64.perRequest.usd },
      arm64: { durationPerGbSecond: tiers(p.lambda.arm64.durationPerGbSecond), perRequest: p.lambda.arm64.perRequest.usd },
      ephemeralStoragePerGbSecond: p.lambda.ephemeralStoragePerGbSecond.usd,
      freeTier: p.lambda.freeTier,
    },
    stepFunctions: {
      standardPerTransition: p.stepFunctions.standardPerTransition.usd,
      standardFreeTransitions: p.stepFunctions.standardFreeTransitionsPerMonth,
      expressPerRequest: p.stepFunctions.expressPerRequest.usd,
      expressDurationPerGbSecond: tiers(p.stepFunctions.expressDurationPerGbSecond),
    },
    fargate: {
      x86_64: { perVcpuHour: p.fargate.x86_64.perVcpuHour.usd, perGbHour: p.fargate.x86_64.perGbHour.usd },
      arm64: { perVcpuHour: p.fargate.arm64.perVcpuHour.usd, perGbHour: p.fargate.arm64.perGbHour.usd },
      minimumBillableSeconds: p.fargate.minimumBillableSeconds,
    },
    s3: {
      tier1PerRequest: p.s3.tier1PerRequest.usd,
      tier2PerRequest: p.s3.tier2PerRequest.usd,
      storagePerGbMonth: tiers(p.s3.storagePerGbMonth),
    },
    logs: { ingestionPerGb: p.logs.ingestionPerGb.usd },
  };
}

/** True when any value in the snapshot is marked secondary (from a third-party table). */
export function hasSecondaryPrices(snapshot: PriceSnapshot): boolean {
  const visit = (node: unknown): boolean => {
    if (node === null || typeof node !== 'object') return false;
    if ((node as { secondary?: unknown }).secondary === true) return true;
    return Object.values(node).some(visit);
  };
  return visit(snapshot.prices);
}

/** The prices of what the templates deploy besides the run's services, from a validated snapshot. */
export function resourcePriceTableFromSnapshot(snapshot: PriceSnapshot): ResourcePriceTable {
  const p = snapshot.prices;
  const v = <K extends string>(o: Readonly<Record<K, { usd: number }>>) =>
    Object.fromEntries(Object.entries(o).map(([k, x]) => [k, (x as { usd: number }).usd])) as Record<K, number>;
  return {
    hoursPerMonth: HOURS_PER_MONTH,
    s3Lifecycle: v(p.s3Lifecycle),
    logs: { storagePerGbMonth: p.logs.storagePerGbMonth.usd, vendedIngestionPerGb: tiers(p.logs.vendedIngestionPerGb) },
    vpc: v(p.vpc),
    kms: { perKeyMonth: p.kms.perKeyMonth.usd, perRequest: p.kms.perRequest.usd, freeRequestsPerMonth: p.kms.freeRequestsPerMonth },
    cloudwatch: v(p.cloudwatch),
    budgets: { actionEnabledPerBudgetDay: p.budgets.actionEnabledPerBudgetDay.usd, freeActionBudgetDaysPerMonth: p.budgets.freeActionBudgetDaysPerMonth },
    ecr: v(p.ecr),
    sns: { perRequest: p.sns.perRequest.usd, freeRequestsPerMonth: p.sns.freeRequestsPerMonth },
    xray: { perTraceRecorded: p.xray.perTraceRecorded.usd, freeTracesRecordedPerMonth: p.xray.freeTracesRecordedPerMonth },
  };
}

/** Hours in a month in every fixed-cost figure (shared/AWS-FACTS.md). */
const HOURS_PER_MONTH = 730;

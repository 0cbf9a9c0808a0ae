import type { ResourcePriceTable } from './resources';
import type { DesignUsage } from '../results/usage';
import type { CostLever, ResourceCostLine } from '../results/cost';

export interface LeverContext {
  readonly usage: DesignUsage;
  readonly runsPerMonth: number;
  readonly prices: ResourcePriceTable;
}

type LeverRule = (lines: readonly ResourceCostLine[], ctx: LeverContext) => CostLever;

const money = (x: number) => (x >= 1 ? `$${x.toFixed(2)}` : `$${x.toFixed(4)}`);

const LEVERS: Readonly<Record<string, LeverRule>> = {
  'AWS::EC2::VPCEndpoint': (lines, ctx) => {
    const endpoints = lines.filter((l) => l.fixedMonthlyUsd > 0);
    const removes = endpoints.reduce((n, l) => n + l.fixedMonthlyUsd, 0);
    const taskHours = (ctx.usage.fargate?.taskSeconds ?? []).reduce((n, s) => n + s / 3600, 0) * ctx.runsPerMonth;
    const ip = taskHours * ctx.prices.vpc.publicIpv4PerHour;
    const nat = ctx.prices.hoursPerMonth * ctx.prices.vpc.natGatewayPerHour;
    return {
      type: 'AWS::EC2::VPCEndpoint',
      removesMonthlyUsd: removes,
      addsMonthlyUsd: ip,
      change: `public subnet + public IPv4 (${money(ip)}/month at ${money(ctx.prices.vpc.publicIpv4PerHour)}/h while running) instead of ${endpoints.length} interface endpoints (${money(removes)}/month), or NAT (${money(nat)}/month + ${money(ctx.prices.vpc.natGatewayPerGb)}/GB)`,
      tradeOff: 'an internet route, bounded only by the security group and IAM',
    };
  },
  'AWS::EC2::NatGateway': (lines, ctx) => {
    const removes = lines.reduce((n, l) => n + l.fixedMonthlyUsd, 0);
    const endpoints = 3 * 2 * ctx.prices.hoursPerMonth * ctx.prices.vpc.interfaceEndpointPerAzHour;
    return {
      type: 'AWS::EC2::NatGateway',
      removesMonthlyUsd: removes,
      addsMonthlyUsd: endpoints,
      change: `interface endpoints for ECR and Logs (${money(endpoints)} a month, 3 in 2 AZs) and the free S3 gateway endpoint instead of the NAT gateway (${money(removes)} a month)`,
      tradeOff: 'none for security: no internet route at all, at a different fixed cost',
    };
  },
  'AWS::KMS::Key': (lines) => {
    const removes = lines.reduce((n, l) => n + l.fixedMonthlyUsd, 0);
    return {
      type: 'AWS::KMS::Key',
      removesMonthlyUsd: removes,
      addsMonthlyUsd: 0,
      change: `AWS-managed SNS key (free) instead of the alert key (${money(removes)}/month)`,
      tradeOff: 'Budgets and alarms cannot publish under it, so alerts stop or the topic goes unencrypted',
    };
  },
  'AWS::CloudWatch::Alarm': (lines) => {
    const removes = lines.reduce((n, l) => n + l.fixedMonthlyUsd, 0);
    return {
      type: 'AWS::CloudWatch::Alarm',
      removesMonthlyUsd: removes,
      addsMonthlyUsd: 0,
      change: `drop the ${lines.length} alarm${lines.length > 1 ? 's' : ''} (${money(removes)} a month)`,
      tradeOff: 'failures and throttling are seen only when someone reads the logs',
    };
  },
};

/** The lever for the type with the largest fixed monthly cost; undefined when no fixed cost has one. */
export function topFixedLever(lines: readonly ResourceCostLine[], ctx: LeverContext): CostLever | undefined {
  const byType = new Map<string, ResourceCostLine[]>();
  for (const l of lines) if (l.fixedMonthlyUsd > 0) byType.set(l.type, [...(byType.get(l.type) ?? []), l]);
  const ranked = [...byType].sort((a, b) => b[1].reduce((n, l) => n + l.fixedMonthlyUsd, 0) - a[1].reduce((n, l) => n + l.fixedMonthlyUsd, 0));
  const [type, group] = ranked[0] ?? [];
  if (!type || !group) return undefined;
  const rule = LEVERS[type];
  return rule ? rule(group, ctx) : undefined;
}

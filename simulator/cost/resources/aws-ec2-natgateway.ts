import { BYTES_PER_GB } from '../usage';
import { bytes, usd, type ResourceRule } from './rule';

/**
 * AWS::EC2::NatGateway: every hour of the month, plus every GB it processes: the run's traffic to
 * AWS APIs that no VPC endpoint carries (image pull and log bytes, an estimate).
 */
export const natGatewayRule: ResourceRule = {
  types: ['AWS::EC2::NatGateway'],
  price(_resource, ctx) {
    const p = ctx.resourcePrices;
    const fixed = p.hoursPerMonth * p.vpc.natGatewayPerHour;
    const tasks = ctx.usage.fargate?.taskSeconds.length ?? 0;
    const gb = tasks * (ctx.assets.imageBytes ?? 0) + ctx.usage.logs.ingestedBytes;
    return {
      pricing: 'fixed',
      fixedMonthlyUsd: fixed,
      perRunUsd: (gb / BYTES_PER_GB) * p.vpc.natGatewayPerGb,
      reason: `NAT gateway: ${p.hoursPerMonth} h × ${usd(p.vpc.natGatewayPerHour)} = ${usd(fixed)} a month, plus ${bytes(gb)} per run (image pulls and logs, estimated) at ${usd(p.vpc.natGatewayPerGb)}/GB`,
      priceKeys: ['vpc.natGatewayPerHour', 'vpc.natGatewayPerGb'],
    };
  },
};

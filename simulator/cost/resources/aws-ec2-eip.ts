import { usd, type ResourceRule } from './rule';

/** AWS::EC2::EIP: a public IPv4 address bills every hour it is allocated. */
export const eipRule: ResourceRule = {
  types: ['AWS::EC2::EIP'],
  price(_resource, ctx) {
    const p = ctx.resourcePrices;
    const fixed = p.hoursPerMonth * p.vpc.publicIpv4PerHour;
    return {
      pricing: 'fixed',
      fixedMonthlyUsd: fixed,
      perRunUsd: 0,
      reason: `public IPv4 address: ${p.hoursPerMonth} h × ${usd(p.vpc.publicIpv4PerHour)} = ${usd(fixed)} a month`,
      priceKeys: ['vpc.publicIpv4PerHour'],
    };
  },
};

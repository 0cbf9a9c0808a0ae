import { usd, type ResourceRule } from './rule';

/**
 * AWS::SNS::Topic: publish requests (the budget's notifications; alarms fire only when a run fails).
 * Deliveries to the subscribers AWS services create are free; the account's 1M free requests a month
 * are not applied to one resource.
 */
export const snsTopicRule: ResourceRule = {
  types: ['AWS::SNS::Topic'],
  price(_resource, ctx) {
    const n = ctx.assumptions.alertPublishesPerMonth;
    const p = ctx.resourcePrices.sns.perRequest;
    return {
      pricing: 'usage',
      fixedMonthlyUsd: n * p,
      perRunUsd: 0,
      reason: `~${n} alert publishes a month (estimated) at ${usd(p)} each`,
      priceKeys: ['sns.perRequest'],
    };
  },
};

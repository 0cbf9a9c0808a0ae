import { usd, type ResourceRule } from './rule';

/**
 * AWS::KMS::Key: a customer managed key bills per key-month (prorated hourly) and per request. The
 * requests are the alert topic's publishes (SNS asks KMS for a data key per publish). The account's
 * 20,000 free requests a month are not applied to one resource.
 */
export const kmsKeyRule: ResourceRule = {
  types: ['AWS::KMS::Key'],
  price(resource, ctx) {
    const p = ctx.resourcePrices.kms;
    const requests = ctx.assumptions.alertPublishesPerMonth;
    const rotation = resource.properties.EnableKeyRotation === true;
    const fixed = p.perKeyMonth + requests * p.perRequest;
    return {
      pricing: 'fixed',
      fixedMonthlyUsd: fixed,
      perRunUsd: 0,
      reason:
        `customer managed key: ${usd(p.perKeyMonth)} a key-month, plus ~${requests} requests a month (alert publishes, estimated) at ${usd(p.perRequest)}` +
        (rotation ? '; automatic rotation adds a key-month per rotated version from the first rotation on (after a year)' : ''),
      priceKeys: ['kms.perKeyMonth', 'kms.perRequest'],
    };
  },
};

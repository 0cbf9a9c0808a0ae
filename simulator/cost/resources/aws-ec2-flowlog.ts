import { chargeTiered } from '../tiers';
import { BYTES_PER_GB } from '../usage';
import { flowLogBytesPerMonth } from './aws-logs-loggroup';
import { bytes, unpriced, usd, type ResourceRule } from './rule';

/**
 * AWS::EC2::FlowLog to CloudWatch Logs: vended-log ingestion, per GB (storage is on the log group's
 * line). The bytes are an estimate: records per hour × bytes per record (assumptions).
 */
export const flowLogRule: ResourceRule = {
  types: ['AWS::EC2::FlowLog'],
  price(resource, ctx) {
    const destination = String(resource.properties.LogDestinationType ?? 'cloud-watch-logs');
    if (destination !== 'cloud-watch-logs') return unpriced(`flow log delivered to ${destination}: only CloudWatch Logs delivery is in the price table`);
    const monthly = flowLogBytesPerMonth(ctx);
    const charge = chargeTiered(ctx.resourcePrices.logs.vendedIngestionPerGb, monthly / BYTES_PER_GB);
    const a = ctx.assumptions;
    return {
      pricing: 'usage',
      fixedMonthlyUsd: charge.usd,
      perRunUsd: 0,
      reason: `${String(resource.properties.TrafficType ?? 'ALL')} traffic, ~${a.flowLogRecordsPerHour} records/h × ${a.flowLogBytesPerRecord} B = ${bytes(monthly)} a month (estimated) of vended logs at ${usd(ctx.resourcePrices.logs.vendedIngestionPerGb[0].usd)}/GB`,
      priceKeys: ['logs.vendedIngestionPerGb'],
    };
  },
};

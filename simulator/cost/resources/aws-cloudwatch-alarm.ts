import { usd, type ResourceRule } from './rule';

/**
 * AWS::CloudWatch::Alarm: billed per alarm metric per month, at the high-resolution price when the
 * period is under 60 seconds. A metric-math alarm bills each metric it reads.
 */
export const cloudwatchAlarmRule: ResourceRule = {
  types: ['AWS::CloudWatch::Alarm'],
  price(resource, ctx) {
    const props = resource.properties;
    const metrics = Array.isArray(props.Metrics) ? (props.Metrics as { MetricStat?: { Period?: unknown } }[]).filter((m) => m.MetricStat) : [];
    const periods = metrics.length ? metrics.map((m) => Number(m.MetricStat?.Period ?? 60)) : [Number(props.Period ?? 60)];
    const highRes = periods.some((s) => s < 60);
    const count = Math.max(1, metrics.length);
    const p = ctx.resourcePrices.cloudwatch;
    const each = highRes ? p.highResolutionAlarmPerMonth : p.standardAlarmPerMonth;
    return {
      pricing: 'fixed',
      fixedMonthlyUsd: count * each,
      perRunUsd: 0,
      reason: `${highRes ? 'high-resolution' : 'standard-resolution'} alarm (period ${Math.min(...periods)} s), ${count} metric${count > 1 ? 's' : ''} × ${usd(each)} a month`,
      priceKeys: [highRes ? 'cloudwatch.highResolutionAlarmPerMonth' : 'cloudwatch.standardAlarmPerMonth'],
    };
  },
};

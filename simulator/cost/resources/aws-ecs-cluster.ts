import { BYTES_PER_GB } from '../usage';
import { free, unpriced, usd, type ResourceRule } from './rule';

/**
 * AWS::ECS::Cluster: free, unless Container Insights is on. Standard Container Insights publishes
 * performance log events (billed as log ingestion) and metrics from them (billed as custom metrics,
 * prorated by the hours they are published: here, the hours a task runs). Enhanced observability is
 * billed per observation, which the price table does not have.
 */
export const ecsClusterRule: ResourceRule = {
  types: ['AWS::ECS::Cluster'],
  price(resource, ctx) {
    const settings = Array.isArray(resource.properties.ClusterSettings) ? (resource.properties.ClusterSettings as { Name?: unknown; Value?: unknown }[]) : [];
    const insights = String(settings.find((s) => s.Name === 'containerInsights')?.Value ?? 'disabled');
    if (insights === 'disabled') return free('ECS clusters are free; Container Insights is off');
    if (insights !== 'enabled') return unpriced(`Container Insights "${insights}" (enhanced observability) bills per observation, which is not in the price table`);
    const tasks = ctx.usage.fargate?.taskSeconds ?? [];
    const hours = tasks.reduce((n, s) => n + Math.max(1, Math.ceil(s / 3600)), 0);
    const minutes = tasks.reduce((n, s) => n + Math.ceil(s / 60), 0);
    const a = ctx.assumptions;
    const p = ctx.resourcePrices;
    const metricHourUsd = p.cloudwatch.customMetricPerMonth / p.hoursPerMonth;
    const metrics = a.containerInsightsMetrics * hours * metricHourUsd;
    const logBytes = minutes * a.containerInsightsLogBytesPerTaskMinute;
    const logs = (logBytes / BYTES_PER_GB) * ctx.prices.logs.ingestionPerGb;
    return {
      pricing: 'usage',
      fixedMonthlyUsd: 0,
      perRunUsd: metrics + logs,
      reason:
        `Container Insights (standard): ~${a.containerInsightsMetrics} metrics (estimated) × ${hours} task-hour${hours === 1 ? '' : 's'} per run at ${usd(p.cloudwatch.customMetricPerMonth)} a metric-month prorated hourly = ${usd(metrics)}, ` +
        `plus ${minutes} task-minutes × ${a.containerInsightsLogBytesPerTaskMinute} B of performance events at ${usd(ctx.prices.logs.ingestionPerGb)}/GB`,
      priceKeys: ['cloudwatch.customMetricPerMonth', 'logs.ingestionPerGb'],
    };
  },
};

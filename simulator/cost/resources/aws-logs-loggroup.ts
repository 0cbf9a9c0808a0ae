import { BYTES_PER_GB } from '../usage';
import { bytes, DAYS_PER_MONTH, monthsBilled, referencedBy, usd, type PricingContext, type ResourceRule, type TemplateResource } from './rule';

/**
 * AWS::Logs::LogGroup: ingestion of what its writers send, and storage of those bytes for as long as
 * RetentionInDays keeps them (forever without it, so the cost grows month by month). The writers are
 * found by reference: the task's awslogs driver or the function's LoggingConfig (the run's log bytes,
 * measured or projected), the state machine's logging (transitions × an estimate per transition) and
 * a VPC flow log (vended ingestion is priced on the flow log's own line; only storage here). Storage
 * is priced on uncompressed bytes, an upper bound: CloudWatch bills compressed storage.
 */
export const logGroupRule: ResourceRule = {
  types: ['AWS::Logs::LogGroup'],
  price(resource, ctx) {
    const writers = referencedBy(ctx, resource.logicalId);
    const retention = typeof resource.properties.RetentionInDays === 'number' ? resource.properties.RetentionInDays : null;
    const p = ctx.resourcePrices.logs;
    let ingestedPerRun = 0;
    let storedPerRun = 0;
    let storedPerMonth = 0;
    const what: string[] = [];
    for (const w of writers) {
      const perRun = runBytes(w, ctx);
      if (perRun !== undefined) {
        ingestedPerRun += perRun.bytes;
        storedPerRun += perRun.bytes;
        what.push(`${perRun.what} ${bytes(perRun.bytes)} per run`);
      } else if (w.type === 'AWS::EC2::FlowLog') {
        const monthly = flowLogBytesPerMonth(ctx);
        storedPerMonth += monthly;
        what.push(`flow log records ${bytes(monthly)} a month (estimated; ingestion on the flow log's line)`);
      }
    }
    if (what.length === 0) {
      return { pricing: 'usage', fixedMonthlyUsd: 0, perRunUsd: 0, reason: 'no resource in the template writes to it: nothing ingested or stored', priceKeys: [] };
    }
    const h = ctx.assumptions.horizonMonth;
    const storage = (month: number) => monthsBilled(retention, month) * p.storagePerGbMonth;
    const ingestion = (ingestedPerRun / BYTES_PER_GB) * ctx.prices.logs.ingestionPerGb;
    const perRun = ingestion + (storedPerRun / BYTES_PER_GB) * storage(h);
    // Flow-log bytes arrive all month long: a month's worth is stored for the retention.
    const fixed = (storedPerMonth / BYTES_PER_GB) * storage(h);
    const month1 = ctx.runsPerMonth * (ingestion + (storedPerRun / BYTES_PER_GB) * storage(1)) + (storedPerMonth / BYTES_PER_GB) * storage(1);
    const kept = retention === null ? 'kept forever (no RetentionInDays), so storage grows every month' : `kept ${retention} days (${(retention / DAYS_PER_MONTH).toFixed(2)} months)`;
    return {
      pricing: 'usage',
      fixedMonthlyUsd: fixed,
      perRunUsd: perRun,
      month1Usd: month1,
      reason: `${what.join('; ')}; ingestion ${usd(ctx.prices.logs.ingestionPerGb)}/GB, storage ${usd(p.storagePerGbMonth)}/GB-month, ${kept}`,
      priceKeys: ['logs.ingestionPerGb', 'logs.storagePerGbMonth'],
    };
  },
};

/** Bytes one run sends from `writer` to a log group, or undefined when the writer is not per run. */
function runBytes(writer: TemplateResource, ctx: PricingContext): { bytes: number; what: string } | undefined {
  if (writer.type === 'AWS::ECS::TaskDefinition' || writer.type === 'AWS::Lambda::Function') {
    return { bytes: ctx.usage.logs.ingestedBytes, what: 'the run\'s worker logs' };
  }
  if (writer.type === 'AWS::StepFunctions::StateMachine') {
    const transitions = ctx.usage.stepFunctions.standardTransitions;
    return { bytes: transitions * ctx.assumptions.stateMachineLogBytesPerTransition, what: `execution events (${transitions} transitions × ${ctx.assumptions.stateMachineLogBytesPerTransition} B, estimated)` };
  }
  return undefined;
}

/** Flow log bytes a month, from the assumed rate of rejected flows. */
export function flowLogBytesPerMonth(ctx: PricingContext): number {
  return ctx.assumptions.flowLogRecordsPerHour * ctx.resourcePrices.hoursPerMonth * ctx.assumptions.flowLogBytesPerRecord;
}

import { BYTES_PER_GB } from '../usage';
import { bytes, free, unpriced, usd, type PricingContext, type ResourceRule, type TemplateResource } from './rule';

/**
 * AWS::EC2::VPCEndpoint. Gateway endpoints (S3, DynamoDB) are free. An interface endpoint bills per AZ
 * it has a network interface in (one per subnet) for every hour of the month, plus every GB it
 * processes. The GB are estimated from what the run sends through it: the task image pull (ecr.dkr,
 * an upper bound: ECR serves layers from S3, through the free gateway endpoint) and the task's log
 * bytes (logs).
 */
export const vpcEndpointRule: ResourceRule = {
  types: ['AWS::EC2::VPCEndpoint'],
  price(resource, ctx) {
    const type = String(resource.properties.VpcEndpointType ?? 'Gateway');
    const service = serviceOf(resource);
    if (type === 'Gateway') return free(`gateway endpoint (${service}): AWS charges nothing for gateway endpoints`);
    if (type !== 'Interface') return unpriced(`${type} endpoints are not in the price table`);
    const subnets = Array.isArray(resource.properties.SubnetIds) ? resource.properties.SubnetIds.length : 0;
    if (subnets === 0) return unpriced('interface endpoint without SubnetIds: its AZ count is unknown');
    const p = ctx.resourcePrices;
    const fixed = subnets * p.hoursPerMonth * p.vpc.interfaceEndpointPerAzHour;
    const gbBytes = processedBytesPerRun(service, ctx);
    const perRun = (gbBytes / BYTES_PER_GB) * p.vpc.interfaceEndpointPerGb;
    return {
      pricing: 'fixed',
      fixedMonthlyUsd: fixed,
      perRunUsd: perRun,
      reason:
        `interface endpoint (${service}) in ${subnets} AZ${subnets > 1 ? 's' : ''}: ${subnets} × ${p.hoursPerMonth} h × ${usd(p.vpc.interfaceEndpointPerAzHour)} = ${usd(fixed)} a month, ` +
        `plus ${bytes(gbBytes)} processed per run (${processedNote(service)}) at ${usd(p.vpc.interfaceEndpointPerGb)}/GB`,
      priceKeys: ['vpc.interfaceEndpointPerAzHour', 'vpc.interfaceEndpointPerGb'],
    };
  },
};

/** `ecr.dkr`, `logs`, `s3`, ... from the endpoint's ServiceName (a string or an Fn::Join). */
export function serviceOf(resource: TemplateResource): string {
  const text = JSON.stringify(resource.properties.ServiceName ?? '');
  const m = /com\.amazonaws\.(?:[^"]*?\.)?((?:ecr\.(?:dkr|api))|[a-z0-9-]+)"/.exec(text) ?? /\.((?:ecr\.(?:dkr|api))|[a-z0-9-]+)"/.exec(text);
  return m?.[1] ?? 'unknown service';
}

/** Tasks a run starts, each pulling the image once; a Lambda design pulls none through the VPC. */
function tasksPerRun(ctx: PricingContext): number {
  return ctx.usage.fargate?.taskSeconds.length ?? 0;
}

function processedBytesPerRun(service: string, ctx: PricingContext): number {
  if (service === 'ecr.dkr') return tasksPerRun(ctx) * (ctx.assets.imageBytes ?? 0);
  if (service === 'logs') return ctx.usage.logs.ingestedBytes;
  return 0;
}

function processedNote(service: string): string {
  if (service === 'ecr.dkr') return 'one image pull per task, an upper bound';
  if (service === 'logs') return "the run's log bytes";
  return 'API calls only, negligible';
}

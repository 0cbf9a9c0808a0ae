import { fargateCost } from '../fargate';
import { BYTES_PER_GB } from '../usage';
import { bytes, usd, type ResourceRule } from './rule';

/**
 * AWS::ECS::TaskDefinition (Fargate): the run's task seconds at the task's vCPU and memory (the
 * Fargate math in ../fargate.ts), plus ECR storage of the task's image, which stays in the repository
 * between runs.
 */
export const ecsTaskDefinitionRule: ResourceRule = {
  types: ['AWS::ECS::TaskDefinition'],
  price(_resource, ctx) {
    const fargate = ctx.usage.fargate;
    const perRun = fargate ? fargateCost(ctx.prices.fargate, fargate).usd : 0;
    const image = ctx.assets.imageBytes ?? 0;
    const fixed = (image / BYTES_PER_GB) * ctx.resourcePrices.ecr.storagePerGbMonth;
    const run = fargate
      ? `Fargate ${fargate.vcpu} vCPU / ${fargate.memoryGb} GB ${fargate.architecture}, ${fargate.taskSeconds.length} task${fargate.taskSeconds.length === 1 ? '' : 's'} (${fargate.taskSeconds.map((s) => `${s.toFixed(0)} s`).join(', ')}) per run = ${usd(perRun)}`
      : 'no task ran';
    return {
      pricing: image > 0 ? 'fixed' : 'usage',
      fixedMonthlyUsd: fixed,
      perRunUsd: perRun,
      reason: `${run}; ECR stores its image, ${bytes(image)}${ctx.assets.imageNote ? ` (${ctx.assets.imageNote})` : ''}, at ${usd(ctx.resourcePrices.ecr.storagePerGbMonth)}/GB-month`,
      priceKeys: ['fargate.*', 'ecr.storagePerGbMonth'],
    };
  },
};

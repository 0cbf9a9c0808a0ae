import { lambdaCost } from '../lambda';
import { BYTES_PER_GB } from '../usage';
import { chargeTiered } from '../tiers';
import { bytes, usd, type ResourceRule } from './rule';

/**
 * AWS::Lambda::Function: the run's invocations (../lambda.ts: GB-seconds and requests, init billed),
 * plus S3 storage of its code asset in the CDK bootstrap bucket. A template with several functions
 * splits the run's invocations evenly (the designs have one worker function).
 */
export const lambdaFunctionRule: ResourceRule = {
  types: ['AWS::Lambda::Function'],
  price(_resource, ctx) {
    const functions = ctx.resources.filter((r) => r.type === 'AWS::Lambda::Function').length;
    const lambda = ctx.usage.lambda;
    const perRun = lambda ? lambdaCost(ctx.prices.lambda, lambda, { freeTier: false }).usd / functions : 0;
    const code = (ctx.assets.codeBytes ?? 0) / functions;
    const fixed = chargeTiered(ctx.prices.s3.storagePerGbMonth, code / BYTES_PER_GB).usd;
    const invocations = lambda?.invocations.reduce((n, i) => n + (i.count ?? 1), 0) ?? 0;
    return {
      pricing: code > 0 ? 'fixed' : 'usage',
      fixedMonthlyUsd: fixed,
      perRunUsd: perRun,
      reason: `${invocations} invocations per run${functions > 1 ? ` (split over ${functions} functions)` : ''} = ${usd(perRun)}; its code asset (${bytes(code)}) is stored in the CDK bootstrap bucket`,
      priceKeys: ['lambda.*', 's3.storagePerGbMonth'],
    };
  },
};

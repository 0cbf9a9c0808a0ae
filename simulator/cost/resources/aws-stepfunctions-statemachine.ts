import { stepFunctionsCost } from '../step-functions';
import { usd, type ResourceRule } from './rule';

/**
 * AWS::StepFunctions::StateMachine: the run's state transitions (../step-functions.ts), one X-Ray
 * trace per execution when tracing is on, and a public IPv4 address for every task-hour when the
 * definition starts its Fargate task with AssignPublicIp ENABLED. Its log bytes are on the log
 * group's line.
 */
export const stateMachineRule: ResourceRule = {
  types: ['AWS::StepFunctions::StateMachine'],
  price(resource, ctx) {
    const sfn = stepFunctionsCost(ctx.prices.stepFunctions, ctx.usage.stepFunctions, { freeTier: false }).usd;
    const tracing = (resource.properties.TracingConfiguration as { Enabled?: unknown } | undefined)?.Enabled === true;
    const xray = tracing ? ctx.resourcePrices.xray.perTraceRecorded : 0;
    const publicIp = /\\?"AssignPublicIp\\?"\s*:\s*\\?"ENABLED/.test(JSON.stringify(resource.properties.DefinitionString ?? resource.properties.Definition ?? ''));
    const taskHours = (ctx.usage.fargate?.taskSeconds ?? []).reduce((n, s) => n + s / 3600, 0);
    const ip = publicIp ? taskHours * ctx.resourcePrices.vpc.publicIpv4PerHour : 0;
    const parts = [`${ctx.usage.stepFunctions.standardTransitions} standard transitions per run = ${usd(sfn)}`];
    if (tracing) parts.push(`1 X-Ray trace per execution at ${usd(xray)}`);
    if (publicIp) parts.push(`a public IPv4 address for ${taskHours.toFixed(3)} task-hours at ${usd(ctx.resourcePrices.vpc.publicIpv4PerHour)}/h = ${usd(ip)}`);
    return {
      pricing: 'usage',
      fixedMonthlyUsd: 0,
      perRunUsd: sfn + xray + ip,
      reason: parts.join('; '),
      priceKeys: ['stepFunctions.standardPerTransition', ...(tracing ? ['xray.perTraceRecorded'] : []), ...(publicIp ? ['vpc.publicIpv4PerHour'] : [])],
    };
  },
};

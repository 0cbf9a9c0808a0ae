import { LAMBDA_MAX_TIMEOUT_SECONDS } from '../../lib/aws-limits';
import type { DesignName } from '../../lib/workload/contract';
import type { DesignTemplate } from '../cost/design-cost';
import type { PriceTable } from '../cost/price-table';
import { s3Zones } from '../cost/project';
import { DEFAULT_RESOURCE_ASSUMPTIONS, type ResourceCostAssumptions, type ResourcePriceTable } from '../cost/resources';
import { priceTemplate } from '../cost/template-cost';
import type { AwsAssumptions } from '../model/assumptions';
import type { Draw } from '../model/bands';
import { projectDistributedConfigured, projectSingleNodeConfigured, type ConfiguredProjection, type WorkloadRates } from '../model/project-aws';
import type { DesignUsage } from '../results/usage';
import type { Configuration, EvaluatedPoint, Infeasibility } from '../results/tune';
import type { Scenario } from '../scenario/schema';
import { CONSTRAINT_RULES, type ConstraintRule, type PointFacts, type TuneLimits } from './constraints';
import { p95Ms } from './runtime-p95';
import { applyConfiguration, configurationId, currentConfiguration, describeConfiguration } from './search-space';

/**
 * One configuration through the model and the cost math: its projected runtime (p95), its monthly
 * cost (the template's fixed cost + runs per month × the run's usage, as `scalesim cost` totals it) and
 * every feasibility rule it breaks. Pure: the scenario, the workload rates, the AWS assumptions, the
 * prices and the synthesized templates are arguments. Nothing here throws for a bad configuration: an
 * unusable one is a point marked infeasible, with its reasons.
 */

export interface EvaluationContext {
  /** The scenario the configurations are applied to. */
  readonly scenario: Scenario;
  /** The workload's rates for a configured scenario (they depend on the partition size and batch). */
  readonly ratesFor: (s: Scenario) => WorkloadRates;
  /** The AWS constants: the calibration profile resolved for the scenario's artefacts. */
  readonly assumptions: AwsAssumptions;
  /**
   * The Monte Carlo draws every configuration is projected under (simulator/model/bands.ts sampleDraws):
   * the same draws for all of them, so sampling noise does not reorder configurations.
   * @default - none: bands collapse to the point estimate and p95 reads the point
   */
  readonly draws?: readonly Draw[];
  readonly prices: PriceTable;
  readonly resourcePrices: ResourcePriceTable;
  /** Each design's synthesized template: every resource is priced for every configuration. */
  readonly templates: Readonly<Record<DesignName, DesignTemplate>>;
  readonly limits: TuneLimits;
  /** @default CONSTRAINT_RULES */
  readonly rules?: readonly ConstraintRule[];
  /** @default DEFAULT_RESOURCE_ASSUMPTIONS */
  readonly resourceAssumptions?: ResourceCostAssumptions;
}

/** The scenario's limits, with Lambda's 900 s. */
export function limitsOf(s: Scenario): TuneLimits {
  return { slaMs: s.sla.deadlineMinutes * 60_000, budgetPerRunUsd: s.budget.perRunUsd, budgetPerMonthUsd: s.budget.perMonthUsd, lambdaMaxTimeoutMs: LAMBDA_MAX_TIMEOUT_SECONDS * 1000 };
}

/**
 * Headroom of the tuned Lambda timeout over the p95 cold invocation. A judgement, not an AWS figure: by
 * definition 5% of invocations take longer than p95, and a timeout at p95 would fail them; 1.5× lets a
 * tail half again as slow finish, while a hung invocation still fails long before Lambda's 900 s maximum.
 */
const LAMBDA_TIMEOUT_HEADROOM = 1.5;

/**
 * The Lambda timeout a configuration gets: the scenario's, raised to LAMBDA_TIMEOUT_HEADROOM × its p95
 * cold invocation when that needs more, at most 900 s (beyond, the lambda-timeout rule marks it infeasible).
 */
export function tunedLambdaTimeoutSeconds(current: number, invocationP95Ms: number): number {
  return Math.min(LAMBDA_MAX_TIMEOUT_SECONDS, Math.max(current, Math.ceil((LAMBDA_TIMEOUT_HEADROOM * invocationP95Ms) / 1000)));
}

/** The model's projection of a configured scenario, exactly as configured, at its own volume. */
export function projectConfigured(design: DesignName, s: Scenario, ctx: Pick<EvaluationContext, 'ratesFor' | 'assumptions' | 'prices' | 'draws'>, events = s.workload.events): ConfiguredProjection {
  const rates = ctx.ratesFor(s);
  return design === 'distributed'
    ? projectDistributedConfigured(events, s, rates, ctx.assumptions, ctx.prices, ctx.draws)
    : projectSingleNodeConfigured(events, s, rates, ctx.assumptions, ctx.prices, ctx.draws);
}

export function evaluateConfiguration(c: Configuration, ctx: EvaluationContext): EvaluatedPoint {
  const design = c.design;
  let scenario = applyConfiguration(ctx.scenario, c);
  let projection = projectConfigured(design, scenario, ctx);
  let lambdaTimeoutSeconds: number | undefined;
  if (design === 'distributed' && projection.invocationMs) {
    lambdaTimeoutSeconds = tunedLambdaTimeoutSeconds(ctx.scenario.distributed.lambda.timeoutSeconds, p95Ms(projection.invocationMs));
    if (lambdaTimeoutSeconds !== scenario.distributed.lambda.timeoutSeconds) {
      scenario = applyConfiguration(ctx.scenario, c, { lambdaTimeoutSeconds });
      projection = projectConfigured(design, scenario, ctx);
    }
  }
  const usage = withZones(projection.usage, scenario);
  const t = priceTemplate(ctx.templates[design].resources, {
    design,
    runsPerMonth: scenario.schedule.runsPerMonth,
    usage,
    prices: ctx.prices,
    resourcePrices: ctx.resourcePrices,
    assumptions: ctx.resourceAssumptions ?? DEFAULT_RESOURCE_ASSUMPTIONS,
    assets: ctx.templates[design].assets,
  });
  const perRunUsd = t.runDependentPerRunUsd + t.fixedMonthlyUsd / scenario.schedule.runsPerMonth;
  const facts: PointFacts = {
    design,
    scenario,
    projection,
    runtimeP95Ms: p95Ms(projection.runtimeMs),
    ...(projection.invocationMs ? { invocationP95Ms: p95Ms(projection.invocationMs) } : {}),
    ...(projection.startupMs ? { startupP95Ms: p95Ms(projection.startupMs) } : {}),
    monthlyUsd: t.perMonthUsd,
    perRunUsd,
  };
  const infeasible: Infeasibility[] = [];
  for (const rule of ctx.rules ?? CONSTRAINT_RULES) {
    const message = rule.check(facts, ctx.limits);
    if (message) infeasible.push({ kind: rule.kind, message });
  }
  const id = configurationId(c);
  return {
    id,
    configuration: c,
    label: describeConfiguration(c),
    current: id === configurationId(currentConfiguration(design, ctx.scenario)),
    basis: 'projected',
    monthlyUsd: t.perMonthUsd,
    fixedMonthlyUsd: t.fixedMonthlyUsd,
    runDependentPerRunUsd: t.runDependentPerRunUsd,
    perRunUsd,
    runtimeP95Ms: facts.runtimeP95Ms,
    runtimeMs: projection.runtimeMs,
    memoryNeedMb: projection.memoryNeedMb,
    memoryMb: projection.memoryMb,
    ...(facts.invocationP95Ms !== undefined ? { invocationP95Ms: facts.invocationP95Ms } : {}),
    ...(facts.startupP95Ms !== undefined ? { startupP95Ms: facts.startupP95Ms } : {}),
    ...(lambdaTimeoutSeconds !== undefined ? { lambdaTimeoutSeconds } : {}),
    feasible: infeasible.length === 0,
    infeasible,
  };
}

/**
 * The model's usage with its S3 bytes split by zone (simulator/cost/project.ts s3Zones), so each
 * bucket's own lifecycle prices its bytes, as `scalesim cost <scenario>` prices them. The curated,
 * quarantine and audit zones add up to the usage's own `storedBytes`.
 */
export function withZones(usage: DesignUsage, s: Scenario): DesignUsage {
  return { ...usage, s3: { ...usage.s3, zones: s3Zones(s, usage.s3.storedBytes) } };
}

/** Evaluates every configuration; `onProgress` is called every `every` points and at the end. */
export function evaluateSpace(configs: readonly Configuration[], ctx: EvaluationContext, onProgress?: (done: number, total: number) => void, every = 250): EvaluatedPoint[] {
  const out: EvaluatedPoint[] = [];
  for (const c of configs) {
    out.push(evaluateConfiguration(c, ctx));
    if (onProgress && (out.length % every === 0 || out.length === configs.length)) onProgress(out.length, configs.length);
  }
  return out;
}

import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { ruleRegistry, RESOURCE_RULES, type PricingContext, type ResourceRule, type TemplateResource } from './resources';
import type { CostDriver, CostService, ResourceCostLine } from '../results/cost';

/**
 * Every resource of a synthesized template, priced by its type's rule (./resources), and the totals:
 * per month = fixed + runs × per run. Pure: the resources, usage and prices are arguments.
 */

export interface TemplateCost {
  readonly lines: readonly ResourceCostLine[];
  /** Sum of the lines' fixed monthly USD. */
  readonly fixedMonthlyUsd: number;
  /** Sum of the lines' per-run USD: what one more run adds. */
  readonly runDependentPerRunUsd: number;
  /** fixed + runs × run-dependent, in the horizon month. */
  readonly perMonthUsd: number;
  readonly month1Usd: number;
  readonly unpricedCount: number;
}

/** The service each type's cost is reported under in the by-service breakdown. */
export function serviceOfType(type: string): CostService | undefined {
  return TYPE_SERVICES[type];
}

const TYPE_SERVICES: Readonly<Record<string, CostService>> = {
  'AWS::Lambda::Function': 'lambda',
  'AWS::StepFunctions::StateMachine': 'stepFunctions',
  'AWS::ECS::TaskDefinition': 'fargate',
  'AWS::S3::Bucket': 's3',
  'AWS::Logs::LogGroup': 'logs',
  'AWS::EC2::FlowLog': 'logs',
  'AWS::EC2::VPCEndpoint': 'network',
  'AWS::EC2::NatGateway': 'network',
  'AWS::EC2::EIP': 'network',
  'AWS::KMS::Key': 'encryption',
  'AWS::CloudWatch::Alarm': 'monitoring',
  'AWS::ECS::Cluster': 'monitoring',
  'AWS::SNS::Topic': 'monitoring',
  'AWS::Budgets::Budget': 'monitoring',
  'AWS::Budgets::BudgetsAction': 'monitoring',
};

/** Prices every resource; a type without a rule becomes an `unpriced` line, never a missing one. */
export function priceTemplate(
  resources: readonly TemplateResource[],
  ctx: Omit<PricingContext, 'resources'>,
  rules: readonly ResourceRule[] = RESOURCE_RULES,
): TemplateCost {
  const registry = ruleRegistry(rules);
  const full: PricingContext = { ...ctx, resources };
  const lines = resources.map((resource): ResourceCostLine => {
    const rule = registry.get(resource.type);
    const base = { logicalId: resource.logicalId, type: resource.type, cdkPath: resource.cdkPath };
    if (!rule) {
      return { ...base, pricing: 'unpriced', monthlyUsd: 0, fixedMonthlyUsd: 0, perRunUsd: 0, month1Usd: 0, reason: `no pricing rule for ${resource.type} (simulator/cost/resources): not in the totals`, priceKeys: [] };
    }
    const p = rule.price(resource, full);
    for (const [k, v] of Object.entries({ fixedMonthlyUsd: p.fixedMonthlyUsd, perRunUsd: p.perRunUsd, month1Usd: p.month1Usd ?? 0 })) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`pricing rule for ${resource.type} gave ${k} ${v} for ${resource.logicalId}`);
    }
    const monthlyUsd = p.fixedMonthlyUsd + ctx.runsPerMonth * p.perRunUsd;
    return { ...base, pricing: p.pricing, monthlyUsd, fixedMonthlyUsd: p.fixedMonthlyUsd, perRunUsd: p.perRunUsd, month1Usd: p.month1Usd ?? monthlyUsd, reason: p.reason, priceKeys: p.priceKeys };
  });
  const sum = (f: (l: ResourceCostLine) => number) => lines.reduce((n, l) => n + f(l), 0);
  const fixedMonthlyUsd = sum((l) => l.fixedMonthlyUsd);
  const runDependentPerRunUsd = sum((l) => l.perRunUsd);
  return {
    lines,
    fixedMonthlyUsd,
    runDependentPerRunUsd,
    perMonthUsd: fixedMonthlyUsd + ctx.runsPerMonth * runDependentPerRunUsd,
    month1Usd: sum((l) => l.month1Usd),
    unpricedCount: lines.filter((l) => l.pricing === 'unpriced').length,
  };
}

/** The construct path below the stack: `Platform/Zones/Raw/Resource`. */
function pathInStack(cdkPath: string): string {
  return cdkPath.split('/').slice(1).join('/');
}

/** Two amounts equal up to measurement noise: within 1 %, or both under $0.0001. */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-4, 0.01 * Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * Marks each line `shared` when the other design deploys the same resource at the same monthly cost.
 * With one design only, nothing is shared.
 */
export function markShared(lines: Readonly<Partial<Record<DesignName, readonly ResourceCostLine[]>>>): Partial<Record<DesignName, ResourceCostLine[]>> {
  const out: Partial<Record<DesignName, ResourceCostLine[]>> = {};
  for (const d of DESIGNS) {
    const mine = lines[d];
    if (!mine) continue;
    const other = DESIGNS.filter((x) => x !== d).map((x) => lines[x]).find((x) => x !== undefined);
    const index = new Map((other ?? []).map((l) => [`${l.type} ${pathInStack(l.cdkPath)}`, l]));
    out[d] = mine.map((l) => {
      const twin = index.get(`${l.type} ${pathInStack(l.cdkPath)}`);
      return { ...l, shared: twin !== undefined && same(twin.monthlyUsd, l.monthlyUsd) };
    });
  }
  return out;
}

/** The type whose lines cost most a month, preferring the lines not shared with the other design. */
export function topDriver(lines: readonly ResourceCostLine[], perMonthUsd: number): CostDriver | undefined {
  const dependent = lines.filter((l) => !l.shared && l.monthlyUsd > 0);
  const pool = dependent.length ? dependent : lines.filter((l) => l.monthlyUsd > 0);
  const byType = new Map<string, ResourceCostLine[]>();
  for (const l of pool) byType.set(l.type, [...(byType.get(l.type) ?? []), l]);
  let best: CostDriver | undefined;
  for (const [type, ls] of byType) {
    const monthlyUsd = ls.reduce((n, l) => n + l.monthlyUsd, 0);
    if (!best || monthlyUsd > best.monthlyUsd) {
      best = {
        type,
        logicalIds: ls.map((l) => l.logicalId),
        monthlyUsd,
        fixedMonthlyUsd: ls.reduce((n, l) => n + l.fixedMonthlyUsd, 0),
        share: perMonthUsd > 0 ? monthlyUsd / perMonthUsd : 0,
        designDependent: dependent.length > 0,
      };
    }
  }
  return best;
}

import type { DesignName } from '../../lib/workload/contract';
import type { EvaluatedPoint, InfeasibilityKind, Picks, TuneStrategy } from '../results/tune';
import { TUNE_STRATEGIES } from '../results/tune';
import { CONSTRAINT_RULES, type ConstraintRule, type TuneLimits } from './constraints';
import { less, paretoFront, same, type Objectives } from './pareto';
import { sizeKey } from './search-space';

/**
 * How `scalesim tune` picks a configuration from a design's Pareto front: one strategy per name, in a
 * registry (STYLE.md rule 8, like Power Tuning's cost / speed / balanced). Every strategy picks among
 * the feasible points only, and every tie is broken the same way, so a pick is deterministic: the
 * cheaper, then the faster, then the smaller configuration (search-space.ts sizeKey), then the id. Pure.
 */

export type Strategy = (front: readonly EvaluatedPoint[]) => EvaluatedPoint;

const objectives = (p: EvaluatedPoint): Objectives => ({ id: p.id, cost: p.monthlyUsd, time: p.runtimeP95Ms });

/** -1 when a comes first: cheaper, faster, smaller, then by id. */
function tieBreak(a: EvaluatedPoint, b: EvaluatedPoint): number {
  if (less(a.monthlyUsd, b.monthlyUsd)) return -1;
  if (less(b.monthlyUsd, a.monthlyUsd)) return 1;
  if (less(a.runtimeP95Ms, b.runtimeP95Ms)) return -1;
  if (less(b.runtimeP95Ms, a.runtimeP95Ms)) return 1;
  const ka = sizeKey(a.configuration);
  const kb = sizeKey(b.configuration);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The point with the least `score`, ties (within noise) broken by tieBreak. */
function minBy(points: readonly EvaluatedPoint[], score: (p: EvaluatedPoint) => number): EvaluatedPoint {
  if (!points.length) throw new RangeError('pick: no point to pick from');
  return points.reduce((best, p) => {
    const a = score(p);
    const b = score(best);
    return less(a, b) || (same(a, b) && tieBreak(p, best) < 0) ? p : best;
  });
}

export const STRATEGIES: Readonly<Record<TuneStrategy, Strategy>> = {
  /** The cheapest a month that meets every constraint. */
  cost: (front) => minBy(front, (p) => p.monthlyUsd),
  /** The fastest at p95. */
  speed: (front) => minBy(front, (p) => p.runtimeP95Ms),
  /**
   * The point nearest the ideal corner (cheapest and fastest at once): cost and runtime are each
   * scaled to 0-1 over the front, and the sum of the two is the least.
   */
  balanced(front) {
    const span = (f: (p: EvaluatedPoint) => number) => {
      const xs = front.map(f);
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      return (v: number) => (hi > lo ? (v - lo) / (hi - lo) : 0);
    };
    const c = span((p) => p.monthlyUsd);
    const t = span((p) => p.runtimeP95Ms);
    return minBy(front, (p) => c(p.monthlyUsd) + t(p.runtimeP95Ms));
  },
};

/**
 * Constraints a fallback may relax when nothing meets them: the SLA and the budget are goals a user can
 * move; memory, the Lambda timeout and service limits are not (such a configuration would fail to run).
 */
const SOFT_KINDS: readonly InfeasibilityKind[] = ['sla', 'budget-per-run', 'budget-per-month'];

export interface DesignPicks {
  /** The feasible points on the front, cheapest first; with a fallback, the front of its candidates. */
  readonly front: readonly EvaluatedPoint[];
  /** Each strategy's pick; all null when nothing is feasible. */
  readonly picks: Picks;
  /** One line naming the constraint nothing meets; absent when a point is feasible. */
  readonly noFeasible?: string;
  /**
   * When nothing is feasible but every point breaks only the SLA or the budget: the strategy's pick among
   * the points that break no other constraint, so tuned.yaml and the verification still have the
   * closest configuration, labelled with the constraints it misses.
   */
  readonly fallback?: { readonly pointId: string; readonly relaxed: readonly InfeasibilityKind[] };
}

/** The front of points and each strategy's pick from it. */
function frontAndPicks(points: readonly EvaluatedPoint[]): { front: EvaluatedPoint[]; picks: Record<TuneStrategy, EvaluatedPoint> } {
  const byId = new Map(points.map((p) => [p.id, p]));
  const front = paretoFront(points.map(objectives)).map((o) => byId.get(o.id)!);
  const picks = Object.fromEntries(TUNE_STRATEGIES.map((s) => [s, STRATEGIES[s](front)])) as Record<TuneStrategy, EvaluatedPoint>;
  return { front, picks };
}

/**
 * The front of the feasible points and each strategy's pick; when nothing is feasible, why, and the
 * fallback for `strategy` when only soft constraints (SOFT_KINDS) stand in the way.
 */
export function pickConfigurations(design: DesignName, points: readonly EvaluatedPoint[], limits: TuneLimits, strategy: TuneStrategy = 'balanced'): DesignPicks {
  const feasible = points.filter((p) => p.feasible);
  if (feasible.length) {
    const { front, picks } = frontAndPicks(feasible);
    return { front, picks: { cost: picks.cost.id, speed: picks.speed.id, balanced: picks.balanced.id } };
  }
  const none: Picks = { cost: null, speed: null, balanced: null };
  const noFeasible = nothingMeets(design, points, limits);
  // The soft constraints every point breaks; candidates break nothing else.
  const universal = SOFT_KINDS.filter((k) => points.length > 0 && points.every((p) => p.infeasible.some((i) => i.kind === k)));
  const candidates = points.filter((p) => p.infeasible.every((i) => universal.includes(i.kind)));
  if (!universal.length || !candidates.length) return { front: [], picks: none, noFeasible };
  const { front, picks } = frontAndPicks(candidates);
  return { front, picks: none, noFeasible, fallback: { pointId: picks[strategy].id, relaxed: universal } };
}

/**
 * One line naming the constraint no configuration meets: the first rule (in CONSTRAINT_RULES order)
 * that every point breaks, with the closest any point came; when no single rule is broken by all,
 * the rules that are never met together.
 */
export function nothingMeets(design: DesignName, points: readonly EvaluatedPoint[], limits: TuneLimits): string {
  if (!points.length) return `${design}: no configuration to evaluate`;
  const broken = (kind: InfeasibilityKind) => points.every((p) => p.infeasible.some((i) => i.kind === kind));
  const rule = CONSTRAINT_RULES.find((r) => broken(r.kind));
  const n = points.length.toLocaleString('en-US');
  if (rule) {
    // The closest is looked for among the points that break only this rule, when there are any.
    const only = points.filter((p) => p.infeasible.every((i) => i.kind === rule.kind));
    return `${design}: no configuration of ${n} meets ${rule.describe(limits)}; ${closest(rule, only.length ? only : points, limits)}`;
  }
  const kinds = [...new Set(points.flatMap((p) => p.infeasible.map((i) => i.kind)))];
  const names = CONSTRAINT_RULES.filter((r) => kinds.includes(r.kind)).map((r) => r.describe(limits));
  return `${design}: no configuration of ${n} meets ${names.join(' and ')} together`;
}

/** The configuration closest to meeting the rule, by the rule; else the first and its reason. */
function closest(rule: ConstraintRule, points: readonly EvaluatedPoint[], limits: TuneLimits): string {
  if (rule.closest) return rule.closest(points, limits);
  const first = points[0]!.infeasible.find((i) => i.kind === rule.kind)!;
  return `e.g. ${points[0]!.label}: ${first.message}`;
}

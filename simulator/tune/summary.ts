import { formatMs, formatRatio, formatUsd } from '../cost/format';
import type { DesignName } from '../../lib/workload/contract';
import type { DesignTune, EvaluatedPoint, InfeasibilityKind, TuneStrategy } from '../results/tune';
import { INFEASIBILITY_KINDS } from '../results/tune';
import { ruleOf, type StatedLimits } from './constraints';
import type { DesignPicks } from './pick';
import type { Knob } from './search-space';

/** A design's section of tune.json from its points and picks. Pure. */
export function designTune(design: DesignName, points: readonly EvaluatedPoint[], picks: DesignPicks, knobs: readonly Knob[]): DesignTune {
  const byKind: Partial<Record<InfeasibilityKind, number>> = {};
  for (const p of points) {
    const k = p.infeasible[0]?.kind;
    if (k) byKind[k] = (byKind[k] ?? 0) + 1;
  }
  const infeasibleByKind = Object.fromEntries(INFEASIBILITY_KINDS.filter((k) => byKind[k]).map((k) => [k, byKind[k]!]));
  return {
    design,
    points: [...points],
    front: picks.front.map((p) => p.id),
    picks: picks.picks,
    evaluated: points.length,
    feasible: points.filter((p) => p.feasible).length,
    infeasibleByKind,
    ...(picks.noFeasible ? { noFeasible: picks.noFeasible } : {}),
    ...(picks.fallback ? { fallback: { pointId: picks.fallback.pointId, relaxed: [...picks.fallback.relaxed] } } : {}),
    knobs: knobs.map((k) => ({ name: k.name, values: [...k.values], ...(k.note ? { note: k.note } : {}) })),
  };
}

/** What a design contributes to tuned.yaml and the verification: its pick, or its fallback, or nothing. */
export interface Chosen {
  readonly point: EvaluatedPoint;
  /** The constraints it misses (a fallback); empty for a feasible pick. */
  readonly relaxed: readonly InfeasibilityKind[];
}

export function chosenPoint(d: DesignTune, strategy: TuneStrategy): Chosen | undefined {
  const id = d.picks[strategy] ?? d.fallback?.pointId;
  const point = id ? d.points.find((p) => p.id === id) : undefined;
  if (!point) return undefined;
  return { point, relaxed: d.picks[strategy] ? [] : [...(d.fallback?.relaxed ?? [])] };
}

export function relaxedWords(kinds: readonly InfeasibilityKind[]): string {
  return kinds.map((k) => ruleOf(k).words).join(' and ');
}

/** `X is 9.4× cheaper and 3.1× faster` from the point of view of `a` against `b`. */
function versus(a: EvaluatedPoint, b: EvaluatedPoint): string {
  const cost = a.monthlyUsd <= b.monthlyUsd ? `${formatRatio(b.monthlyUsd / a.monthlyUsd)} cheaper` : `${formatRatio(a.monthlyUsd / b.monthlyUsd)} more expensive`;
  const time = a.runtimeP95Ms <= b.runtimeP95Ms ? `${formatRatio(b.runtimeP95Ms / a.runtimeP95Ms)} faster` : `${formatRatio(a.runtimeP95Ms / b.runtimeP95Ms)} slower`;
  const joint = (a.monthlyUsd <= b.monthlyUsd) === (a.runtimeP95Ms <= b.runtimeP95Ms) ? 'and' : 'but';
  return `${cost} ${joint} ${time}`;
}

const brief = (p: EvaluatedPoint) => `${p.label} (${formatUsd(p.monthlyUsd)} a month, ${formatMs(p.runtimeP95Ms)} at p95)`;

/**
 * One sentence comparing the best single-node configuration with the best distributed one, by the
 * strategy, from the distributed design's side. A design with only a fallback is named as its closest
 * configuration, with the constraint none of its configurations meets.
 */
export function compareDesigns(designs: Readonly<Record<DesignName, DesignTune>>, strategy: TuneStrategy, limits?: StatedLimits): string {
  const sn = chosenPoint(designs['single-node'], strategy);
  const di = chosenPoint(designs.distributed, strategy);
  const name = (d: DesignName, c: Chosen) => `${c.relaxed.length ? 'the closest' : 'the best'} ${d} configuration, ${brief(c.point)}`;
  const why = (d: DesignName, c: Chosen) => (c.relaxed.length ? `; no ${d} configuration meets ${relaxedWords(c.relaxed)}${limits ? ` (${limitWords(c.relaxed, limits)})` : ''}` : '');
  if (sn && di) {
    return `By the ${strategy} pick, ${name('distributed', di)}, is ${versus(di.point, sn.point)} than ${name('single-node', sn)}${why('distributed', di)}${why('single-node', sn)}.`;
  }
  if (di) return `Only the distributed design has a configuration to use: ${brief(di.point)}${why('distributed', di)}; ${designs['single-node'].noFeasible ?? 'single-node: nothing could be evaluated'}.`;
  if (sn) return `Only the single-node design has a configuration to use: ${brief(sn.point)}${why('single-node', sn)}; ${designs.distributed.noFeasible ?? 'distributed: nothing could be evaluated'}.`;
  return `Neither design has a configuration to use: ${designs['single-node'].noFeasible}; ${designs.distributed.noFeasible}.`;
}

function limitWords(kinds: readonly InfeasibilityKind[], l: StatedLimits): string {
  return kinds.map((k) => ruleOf(k).limitText?.(l) ?? k).join(', ');
}

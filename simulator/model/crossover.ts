import type { DesignName } from '../../lib/workload/contract';
import type { PriceTable } from '../cost/price-table';
import type { Scenario } from '../scenario/schema';
import type { AwsAssumptions } from './assumptions';
import { BAND_QUANTILES, type Draw, midDraw, uncertainInputs } from './bands';
import { distributedPoint, fmtS, type PointProjection, projectDistributed, type Projection, projectSingleNode, singleNodePoint, type WorkloadRates } from './project-aws';
import { quantile } from './stats';
import type { Crossover, CrossoverPoint, Curves, DesignCurve, MemorySweep } from '../results/model';

export type Projector = (events: number) => Projection;
export type PointProjector = (events: number) => PointProjection;

/** Both designs with bands over `draws`. */
export function projectors(scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable, draws?: readonly Draw[], distributedMemoryMb?: number): Record<DesignName, Projector> {
  return {
    'single-node': (v) => projectSingleNode(v, scenario, rates, a, prices, draws),
    distributed: (v) => projectDistributed(v, scenario, rates, a, prices, { memoryMb: distributedMemoryMb }, draws),
  };
}

/** Both designs under one draw (no band). */
export function pointProjectors(scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable, x: Draw, distributedMemoryMb?: number): Record<DesignName, PointProjector> {
  return {
    'single-node': (v) => singleNodePoint(v, scenario, rates, a, prices, x),
    distributed: (v) => distributedPoint(v, scenario, rates, a, prices, x, { memoryMb: distributedMemoryMb }),
  };
}

/** Log-spaced volumes from `from` to `to`, `perDecade` points per decade, rounded to 2 significant digits. */
export function logGrid(from: number, to: number, perDecade = 4): number[] {
  if (!(from >= 1 && to > from)) throw new RangeError(`logGrid: need 1 <= from < to, got ${from}..${to}`);
  const out: number[] = [];
  const steps = Math.ceil(Math.log10(to / from) * perDecade);
  for (let i = 0; i <= steps; i++) out.push(sig2(from * 10 ** (i / perDecade)));
  return [...new Set(out.map((v) => Math.min(v, to)))];
}

export function curvesOver(volumes: readonly number[], p: Record<DesignName, Projector>): Curves {
  const designs = {} as Record<DesignName, DesignCurve>;
  for (const d of ['single-node', 'distributed'] as const) {
    const projections = volumes.map((v) => p[d](v));
    designs[d] = {
      runtimeMs: projections.map((x) => x.runtimeMs),
      costUsd: projections.map((x) => x.costUsd),
      infeasible: projections.map((x) => x.infeasible),
      configuration: projections.map((x) => x.configuration),
    };
  }
  return { volumes: [...volumes], designs };
}

type Predicate = 'faster' | 'cheaper' | 'infeasible';
type Memo = (d: DesignName, v: number) => PointProjection;

/** A projector a comparison reads: one draw (a point), or a band, of which the point estimate is compared. */
export type ComparedProjector = PointProjector | Projector;

function memoized(p: Readonly<Record<DesignName, ComparedProjector>>): Memo {
  const cache = new Map<string, PointProjection>();
  return (d, v) => {
    const k = `${d}:${v}`;
    let x = cache.get(k);
    if (!x) cache.set(k, (x = asPoint(p[d](v))));
    return x;
  };
}

function asPoint(x: PointProjection | Projection): PointProjection {
  if (typeof x.runtimeMs === 'number' && typeof x.costUsd === 'number') return x as PointProjection;
  const mid = (b: number | { readonly mid: number }) => (typeof b === 'number' ? b : b.mid);
  return { runtimeMs: mid(x.runtimeMs), costUsd: mid(x.costUsd), infeasible: x.infeasible, configuration: x.configuration, usage: x.usage };
}

/** Fixed monthly cost of each design's template and the scenario's runs a month. */
export interface MonthlyTotals {
  readonly fixedMonthlyUsd: Readonly<Record<DesignName, number>>;
  readonly runsPerMonth: number;
}

/** The cost a comparison uses: with the templates' fixed costs, the monthly total (fixed + runs × per run); else per run. */
function comparedUsd(m: Memo, d: DesignName, v: number, monthly: MonthlyTotals | undefined): number {
  const perRun = m(d, v).costUsd;
  return monthly ? monthly.fixedMonthlyUsd[d] + monthly.runsPerMonth * perRun : perRun;
}

function predicates(monthly: MonthlyTotals | undefined): Readonly<Record<Predicate, (m: Memo, v: number) => boolean>> {
  return {
    faster: (m, v) => m('distributed', v).runtimeMs < m('single-node', v).runtimeMs,
    cheaper: (m, v) => comparedUsd(m, 'distributed', v, monthly) < comparedUsd(m, 'single-node', v, monthly),
    infeasible: (m, v) => m('single-node', v).infeasible !== null,
  };
}

/**
 * The three volumes that answer "when does scale require distributed computation?", each found on
 * the grid and refined by bisection between the grid points around the change (the projections are
 * monotone in volume), at the point estimate. Pure. Intervals: crossoverIntervals.
 */
export function findCrossover(volumes: readonly number[], p: Readonly<Record<DesignName, ComparedProjector>>, monthly?: MonthlyTotals): Crossover {
  const m = memoized(p);
  const s = (v: number) => m('single-node', v);
  const d = (v: number) => m('distributed', v);
  const pred = predicates(monthly);
  const lo = volumes[0];
  const hi = volumes[volumes.length - 1];
  // With the templates' fixed costs, "cheaper" compares monthly totals: fixed + runs × per run.
  const total = (design: DesignName, v: number) => comparedUsd(m, design, v, monthly);

  const faster = change(volumes, (v) => pred.faster(m, v));
  const cheaper = change(volumes, (v) => pred.cheaper(m, v));
  const infeasible = change(volumes, (v) => pred.infeasible(m, v));

  const fasterPoint = describe(faster, lo, hi, 'distributed is faster', (v) => `at ${fmtV(v)} events: distributed ${fmtS(d(v).runtimeMs)} vs single-node ${fmtS(s(v).runtimeMs)} (${s(v).configuration})`);
  const cheaperPoint = describe(cheaper, lo, hi, monthly ? 'distributed is cheaper per month' : 'distributed is cheaper', (v) =>
    monthly
      ? `at ${fmtV(v)} events and ${monthly.runsPerMonth} runs a month: distributed $${total('distributed', v).toFixed(2)} vs single-node $${total('single-node', v).toFixed(2)} per month, fixed costs included`
      : `at ${fmtV(v)} events: distributed $${d(v).costUsd.toFixed(4)} vs single-node $${s(v).costUsd.toFixed(4)} per run`,
  );
  const infeasibleAt = infeasible.kind === 'from-start' ? lo : infeasible.kind === 'changes' && infeasible.to ? infeasible.at : null;
  const reason = infeasibleAt !== null ? s(infeasibleAt).infeasible : null;
  const infeasiblePoint = {
    volume: infeasibleAt,
    holds: (infeasibleAt === null ? 'nowhere' : infeasible.kind === 'from-start' ? 'everywhere' : 'above') as CrossoverPoint['holds'],
    reason,
    reasoning:
      infeasibleAt === null
        ? `single-node stays feasible up to ${fmtV(hi)} events (${s(hi).configuration}, ${fmtS(s(hi).runtimeMs)})`
        : `from ${fmtV(infeasibleAt)} events: ${reason}`,
    low: infeasibleAt ?? hi,
    high: infeasibleAt ?? hi,
    ...(infeasibleAt === null ? { highOpen: true } : {}),
  };
  return {
    faster: fasterPoint,
    cheaper: cheaperPoint,
    singleNodeInfeasible: infeasiblePoint,
    sentence: sentence(fasterPoint, cheaperPoint, infeasiblePoint, hi, monthly),
  };
}

/** Where each draw's comparison flips, on the projected range; a draw that never flips sits at an end. */
interface Position {
  readonly at: number;
  readonly open: 'low' | 'high' | null;
}

function position(c: Change, lo: number, hi: number, orientation: 'above' | 'below'): Position {
  if (c.kind === 'changes') return { at: c.at, open: null };
  // True everywhere: the boundary is past the low end when the statement holds above it, past the high end when below.
  const trueEverywhere = c.kind === 'from-start' || c.kind === 'always';
  const pastLow = trueEverywhere === (orientation === 'above');
  return pastLow ? { at: lo, open: 'low' } : { at: hi, open: 'high' };
}

/** Which way the flip runs: from the point estimate, or (when it does not flip) from the draws that do. */
function orientationOf(p: CrossoverPoint, changes: readonly Change[]): 'above' | 'below' {
  if (p.holds === 'above' || p.holds === 'below') return p.holds;
  const flips = changes.filter((c): c is Extract<Change, { kind: 'changes' }> => c.kind === 'changes');
  const below = flips.filter((c) => !c.to).length;
  return flips.length && below > flips.length / 2 ? 'below' : 'above';
}

export interface IntervalInputs {
  /** Point projectors for every Monte Carlo draw. */
  readonly draws: readonly Record<DesignName, PointProjector>[];
  /** Point projectors with one input at its low and at its high end (the others at their point estimates). */
  readonly sensitivity: readonly { readonly key: string; readonly name: string; readonly range: string; readonly atLow: Record<DesignName, PointProjector>; readonly atHigh: Record<DesignName, PointProjector> }[];
  /**
   * The templates' fixed monthly costs and the runs a month: "cheaper" then compares each draw's
   * monthly totals (fixed + runs × that draw's cost per run), as findCrossover does at the point estimate.
   * @default - per-run cost only
   */
  readonly monthly?: MonthlyTotals;
}

/**
 * Each crossover of `mid` as an interval: the 5th–95th percentile of where it falls over the draws,
 * with the inputs that move it most (one at a time to its low and its high end) and a sentence saying
 * how wide it is and why. Pure.
 */
export function crossoverIntervals(volumes: readonly number[], mid: Crossover, x: IntervalInputs): Crossover {
  const lo = volumes[0];
  const hi = volumes[volumes.length - 1];
  const keys: readonly [keyof Omit<Crossover, 'sentence'>, Predicate][] = [
    ['faster', 'faster'],
    ['cheaper', 'cheaper'],
    ['singleNodeInfeasible', 'infeasible'],
  ];
  const predicate = predicates(x.monthly);
  const perDraw = x.draws.map((p) => {
    const m = memoized(p);
    return Object.fromEntries(keys.map(([, pred]) => [pred, change(volumes, (v) => predicate[pred](m, v))])) as Record<Predicate, Change>;
  });
  const flipAt = (p: Record<DesignName, PointProjector>, pred: Predicate): number | null => {
    const m = memoized(p);
    const c = change(volumes, (v) => predicate[pred](m, v));
    return c.kind === 'changes' ? c.at : null;
  };
  const out = { ...mid } as { -readonly [K in keyof Crossover]: Crossover[K] };
  for (const [key, pred] of keys) {
    const point = mid[key];
    const orientation = orientationOf(point, perDraw.map((c) => c[pred]));
    const pos = perDraw.map((c) => position(c[pred], lo, hi, orientation));
    const openEnd = orientation === 'above' ? lo : hi;
    const at = pos.map((q) => q.at);
    const low = quantile(at, BAND_QUANTILES.low);
    const high = quantile(at, BAND_QUANTILES.high);
    const openLow = pos.filter((q) => q.open === 'low').length / pos.length > BAND_QUANTILES.low;
    const openHigh = pos.filter((q) => q.open === 'high').length / pos.length > 1 - BAND_QUANTILES.high;
    const drivers = x.sensitivity
      .map((s) => ({ key: s.key, name: s.name, range: s.range, atLow: flipAt(s.atLow, pred), atHigh: flipAt(s.atHigh, pred) }))
      .map((s) => ({ ...s, swing: swing(s.atLow, s.atHigh, openEnd, lo, hi) }))
      .filter((s) => s.swing > 0)
      .sort((p, q) => q.swing - p.swing)
      .slice(0, 3);
    const interval = {
      low: Math.round(low),
      high: Math.round(high),
      ...(openLow ? { lowOpen: true } : {}),
      ...(openHigh ? { highOpen: true } : {}),
      drivers: drivers.map(({ key: k, name, range, atLow, atHigh }) => ({ key: k, name, range, atLow, atHigh })),
    };
    const base: Record<string, unknown> = { ...point };
    delete base.lowOpen;
    delete base.highOpen;
    out[key] = { ...base, ...interval, why: why(point, interval, drivers, hi) } as never;
  }
  out.sentence = sentence(out.faster, out.cheaper, out.singleNodeInfeasible, hi, x.monthly);
  return out;
}

/** How far (in log volume) setting one input to its low and then its high end moves the flip; no flip counts as the open end. */
function swing(atLow: number | null, atHigh: number | null, openEnd: number, lo: number, hi: number): number {
  const [a, b] = [atLow, atHigh].map((v) => Math.log(Math.min(hi, Math.max(lo, v ?? openEnd))));
  return Math.abs(a - b);
}

function why(
  p: CrossoverPoint,
  i: { low: number; high: number; lowOpen?: boolean; highOpen?: boolean },
  drivers: readonly { name: string; range: string; atLow: number | null; atHigh: number | null }[],
  hi: number,
): string {
  const span = `${i.lowOpen ? 'below ' : ''}${fmtV(i.low)}–${i.highOpen ? 'beyond ' : ''}${fmtV(i.high)}`;
  if (p.volume === null && (p.holds === 'everywhere' || p.holds === 'nowhere') && i.low === i.high) {
    return `It does not flip inside the projected range in 90% of the draws, so no input within its range moves it.`;
  }
  const width = i.low > 0 && !i.lowOpen && !i.highOpen ? ` (×${(i.high / i.low).toFixed(2)} wide)` : '';
  const d = drivers.length
    ? `; it is set mostly by ${drivers
        .slice(0, 2)
        .map((x) => `${x.name} (${x.range} moves it to ${fmtV(x.atLow ?? hi)}–${fmtV(x.atHigh ?? hi)})`)
        .join(' and ')}`
    : '';
  return `90% of the draws put it at ${span} events${width}${d}.`;
}

type Change = { kind: 'never' } | { kind: 'always' } | { kind: 'from-start' } | { kind: 'changes'; at: number; to: boolean };

/** Where predicate `f` first changes value along the grid, refined by bisection. */
function change(volumes: readonly number[], f: (v: number) => boolean): Change {
  const first = f(volumes[0]);
  for (let i = 1; i < volumes.length; i++) {
    if (f(volumes[i]) !== first) {
      let a = volumes[i - 1];
      let b = volumes[i];
      for (let k = 0; k < 30 && b - a > Math.max(1, a * 0.005); k++) {
        const m = Math.round(Math.sqrt(a * b));
        if (f(m) === first) a = m;
        else b = m;
      }
      return { kind: 'changes', at: Math.round(b), to: !first };
    }
  }
  return first ? { kind: 'from-start' } : { kind: 'never' };
}

function describe(c: Change, lo: number, hi: number, what: string, detail: (v: number) => string): CrossoverPoint {
  switch (c.kind) {
    case 'from-start':
    case 'always':
      return { volume: lo, holds: 'everywhere', reasoning: `${what} at every projected volume from ${fmtV(lo)} to ${fmtV(hi)} events; ${detail(lo)}`, low: lo, high: lo, lowOpen: true };
    case 'never':
      return { volume: null, holds: 'nowhere', reasoning: `${what.replace(' is ', ' is not ')} at any projected volume up to ${fmtV(hi)} events; ${detail(hi)}`, low: hi, high: hi, highOpen: true };
    case 'changes':
      return c.to
        ? { volume: c.at, holds: 'above', reasoning: `${what} from ${fmtV(c.at)} events up; ${detail(c.at)}`, low: c.at, high: c.at }
        : { volume: c.at, holds: 'below', reasoning: `${what} only below ${fmtV(c.at)} events; above it the single node is ahead; ${detail(c.at)}`, low: c.at, high: c.at };
  }
}

/** "(560k–780k)", or "(below 10k–…)" when the interval runs past the projected range. */
function intervalText(p: CrossoverPoint): string {
  if (p.low === undefined || p.high === undefined || (p.low === p.high && !p.lowOpen && !p.highOpen)) return '';
  return ` (interval ${p.lowOpen ? '≤' : ''}${fmtV(p.low)}–${p.highOpen ? '≥' : ''}${fmtV(p.high)})`;
}

function sentence(f: CrossoverPoint, c: CrossoverPoint, i: CrossoverPoint & { reason: string | null }, hi: number, monthly?: MonthlyTotals): string {
  const phrase = (p: CrossoverPoint, adj: string) => {
    switch (p.holds) {
      case 'everywhere':
        return `is ${adj} at every projected volume`;
      case 'nowhere':
        return `is never ${adj} up to ${fmtV(hi)} events`;
      case 'above':
        return `becomes ${adj} from ${fmtV(p.volume!)} events${intervalText(p)}`;
      case 'below':
        return `is ${adj} only below ${fmtV(p.volume!)} events${intervalText(p)}`;
    }
  };
  const required =
    i.volume === null
      ? `is not required up to ${fmtV(hi)} events, because one Fargate task still meets the SLA there`
      : `is required from ${fmtV(i.volume)} events per run${intervalText(i)}, where the single node fails (${i.reason})`;
  const cheaper = monthly ? 'cheaper per month (fixed costs included)' : 'cheaper';
  return `Projected on AWS, distributed ${phrase(f, 'faster')}, ${phrase(c, cheaper)}, and ${required}.`;
}

/** Power Tuning style: cost, speed and balanced optima over Lambda memory sizes (projected, at the point estimate). */
export function memorySweep(sizes: readonly number[], at: (memoryMb: number) => PointProjection | Projection): MemorySweep {
  const points = sizes.map((m) => {
    const p = at(m);
    const wall = typeof p.runtimeMs === 'number' ? p.runtimeMs : p.runtimeMs.mid;
    const cost = typeof p.costUsd === 'number' ? p.costUsd : p.costUsd.mid;
    return { memoryMb: m, wallMs: wall, costUsd: cost, basis: 'projected' as const, feasible: p.infeasible === null };
  });
  const ok = points.filter((p) => p.feasible);
  const pool = ok.length ? ok : points;
  const minCost = Math.min(...pool.map((p) => p.costUsd));
  const minWall = Math.min(...pool.map((p) => p.wallMs));
  const byCost = [...pool].sort((a, b) => a.costUsd - b.costUsd || a.wallMs - b.wallMs)[0];
  const bySpeed = [...pool].sort((a, b) => a.wallMs - b.wallMs || a.costUsd - b.costUsd)[0];
  // Balanced: the smallest sum of cost and time, each relative to its best.
  const balanced = [...pool].sort((a, b) => a.costUsd / minCost + a.wallMs / minWall - (b.costUsd / minCost + b.wallMs / minWall))[0];
  return {
    points: points.map(({ memoryMb, wallMs, costUsd, basis }) => ({ memoryMb, wallMs, costUsd, basis })),
    optima: { cost: byCost.memoryMb, speed: bySpeed.memoryMb, balanced: balanced.memoryMb },
  };
}

/** Sensitivity inputs: every uncertain input at its low and at its high end, the others at their point estimates. */
export function sensitivityProjectors(scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable): IntervalInputs['sensitivity'] {
  const mid = midDraw(rates, a);
  return uncertainInputs(rates, a)
    .filter((i) => i.range.high > i.range.low)
    .map((i) => ({
      key: i.key,
      name: i.name,
      range:
        i.key === 'cpuPerEventMs'
          ? `${(i.range.low * 1000).toFixed(2)}–${(i.range.high * 1000).toFixed(2)} µs`
          : `${fmtNum(i.range.low)}–${fmtNum(i.range.high)}${i.range.unit ? ` ${i.range.unit}` : ''}`.replace(/ ×$/, '×'),
      atLow: pointProjectors(scenario, rates, a, prices, i.set(mid, i.range.low)),
      atHigh: pointProjectors(scenario, rates, a, prices, i.set(mid, i.range.high)),
    }));
}

function fmtNum(x: number): string {
  if (x !== 0 && Math.abs(x) < 0.1) return x.toPrecision(2);
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/\.?0+$/, '');
}

function fmtV(v: number): string {
  if (v >= 1e9) return `${trim(v / 1e9)}B`;
  if (v >= 1e6) return `${trim(v / 1e6)}M`;
  if (v >= 1e3) return `${trim(v / 1e3)}k`;
  return String(Math.round(v));
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(2).replace(/\.?0+$/, '');
}

function sig2(v: number): number {
  if (v <= 0) return v;
  const p = 10 ** (Math.floor(Math.log10(v)) - 1);
  return Math.round(v / p) * p;
}

import type { DesignName } from '../../lib/workload/contract';
import type { PriceTable } from '../cost/price-table';
import type { Scenario } from '../scenario/schema';
import type { AwsAssumptions } from './assumptions';
import { fmtS, projectDistributed, Projection, projectSingleNode, WorkloadRates } from './project-aws';
import type { Crossover, CrossoverPoint, Curves, DesignCurve, MemorySweep } from '../results/model';

export type Projector = (events: number) => Projection;

export function projectors(scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable, distributedMemoryMb?: number): Record<DesignName, Projector> {
  return {
    'single-node': (v) => projectSingleNode(v, scenario, rates, a, prices),
    distributed: (v) => projectDistributed(v, scenario, rates, a, prices, { memoryMb: distributedMemoryMb }),
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

/**
 * The three volumes that answer "when does scale require distributed computation?", each found on
 * the grid and refined by bisection between the grid points around the change (the projections are
 * monotone in volume). Pure.
 */
export function findCrossover(volumes: readonly number[], p: Record<DesignName, Projector>, monthly?: MonthlyTotals): Crossover {
  const s = p['single-node'];
  const d = p.distributed;
  const lo = volumes[0];
  const hi = volumes[volumes.length - 1];
  // With the templates' fixed costs, "cheaper" compares monthly totals: fixed + runs × per run.
  const total = (design: DesignName, v: number) => (monthly ? monthly.fixedMonthlyUsd[design] + monthly.runsPerMonth * p[design](v).costUsd.mid : p[design](v).costUsd.mid);

  const faster = change(volumes, (v) => d(v).runtimeMs.mid < s(v).runtimeMs.mid);
  const cheaper = change(volumes, (v) => total('distributed', v) < total('single-node', v));
  const infeasible = change(volumes, (v) => s(v).infeasible !== null);

  const fasterPoint = describe(faster, lo, hi, 'distributed is faster', (v) => `at ${fmtV(v)} events: distributed ${fmtS(d(v).runtimeMs.mid)} vs single-node ${fmtS(s(v).runtimeMs.mid)} (${s(v).configuration})`);
  const cheaperPoint = describe(cheaper, lo, hi, monthly ? 'distributed is cheaper per month' : 'distributed is cheaper', (v) =>
    monthly
      ? `at ${fmtV(v)} events and ${monthly.runsPerMonth} runs a month: distributed $${total('distributed', v).toFixed(2)} vs single-node $${total('single-node', v).toFixed(2)} per month, fixed costs included`
      : `at ${fmtV(v)} events: distributed $${d(v).costUsd.mid.toFixed(4)} vs single-node $${s(v).costUsd.mid.toFixed(4)} per run`,
  );
  const infeasibleAt = infeasible.kind === 'from-start' ? lo : infeasible.kind === 'changes' && infeasible.to ? infeasible.at : null;
  const reason = infeasibleAt !== null ? s(infeasibleAt).infeasible : null;
  const infeasiblePoint = {
    volume: infeasibleAt,
    holds: (infeasibleAt === null ? 'nowhere' : infeasible.kind === 'from-start' ? 'everywhere' : 'above') as CrossoverPoint['holds'],
    reason,
    reasoning:
      infeasibleAt === null
        ? `single-node stays feasible up to ${fmtV(hi)} events (${s(hi).configuration}, ${fmtS(s(hi).runtimeMs.mid)})`
        : `from ${fmtV(infeasibleAt)} events: ${reason}`,
  };
  return {
    faster: fasterPoint,
    cheaper: cheaperPoint,
    singleNodeInfeasible: infeasiblePoint,
    sentence: sentence(fasterPoint, cheaperPoint, infeasiblePoint, hi, monthly),
  };
}

/** Fixed monthly cost of each design's template and the scenario's runs a month. */
export interface MonthlyTotals {
  readonly fixedMonthlyUsd: Readonly<Record<DesignName, number>>;
  readonly runsPerMonth: number;
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
      return { volume: lo, holds: 'everywhere', reasoning: `${what} at every projected volume from ${fmtV(lo)} to ${fmtV(hi)} events; ${detail(lo)}` };
    case 'never':
      return { volume: null, holds: 'nowhere', reasoning: `${what.replace(' is ', ' is not ')} at any projected volume up to ${fmtV(hi)} events; ${detail(hi)}` };
    case 'changes':
      return c.to
        ? { volume: c.at, holds: 'above', reasoning: `${what} from ${fmtV(c.at)} events up; ${detail(c.at)}` }
        : { volume: c.at, holds: 'below', reasoning: `${what} only below ${fmtV(c.at)} events; above it the single node is ahead; ${detail(c.at)}` };
  }
}

function sentence(f: CrossoverPoint, c: CrossoverPoint, i: CrossoverPoint & { reason: string | null }, hi: number, monthly?: MonthlyTotals): string {
  const phrase = (p: CrossoverPoint, adj: string) => {
    switch (p.holds) {
      case 'everywhere':
        return `is ${adj} at every projected volume`;
      case 'nowhere':
        return `is never ${adj} up to ${fmtV(hi)} events`;
      case 'above':
        return `becomes ${adj} from ${fmtV(p.volume!)} events`;
      case 'below':
        return `is ${adj} only below ${fmtV(p.volume!)} events`;
    }
  };
  const required =
    i.volume === null
      ? `is not required up to ${fmtV(hi)} events, because one Fargate task still meets the SLA there`
      : `is required from ${fmtV(i.volume)} events per run, where the single node fails (${i.reason})`;
  const cheaper = monthly ? 'cheaper per month (fixed costs included)' : 'cheaper';
  return `Projected on AWS, distributed ${phrase(f, 'faster')}, ${phrase(c, cheaper)}, and ${required}.`;
}

/** Power Tuning style: cost, speed and balanced optima over Lambda memory sizes (projected). */
export function memorySweep(sizes: readonly number[], at: (memoryMb: number) => Projection): MemorySweep {
  const points = sizes.map((m) => {
    const p = at(m);
    return { memoryMb: m, wallMs: p.runtimeMs.mid, costUsd: p.costUsd.mid, basis: 'projected' as const, feasible: p.infeasible === null };
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

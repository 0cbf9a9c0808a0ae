import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { Projector } from './crossover';
import type { DecisionCell, DecisionMap } from '../results/model';

/**
 * The answer over the two things a platform owner changes: events per run and runs per month. In each
 * cell, each design's monthly total is its fixed monthly cost (what the template deploys) plus runs ×
 * its projected cost per run, and the SLA check is the projection's at that volume. Pure: projectors
 * and fixed costs are arguments.
 */

/** Runs a month the map shows by default: monthly, weekly, daily, hourly. */
export const DEFAULT_RUNS_PER_MONTH = [1, 4, 30, 730] as const;

export type { DecisionCell, DecisionMap } from '../results/model';

function decisionCell(events: number, runsPerMonth: number, p: Readonly<Record<DesignName, Projector>>, fixed: Readonly<Record<DesignName, number>>): DecisionCell {
  const projections = { 'single-node': p['single-node'](events), distributed: p.distributed(events) };
  const monthlyUsd = Object.fromEntries(DESIGNS.map((d) => [d, fixed[d] + runsPerMonth * projections[d].costUsd.mid])) as Record<DesignName, number>;
  const meetsSla = Object.fromEntries(DESIGNS.map((d) => [d, projections[d].infeasible === null])) as Record<DesignName, boolean>;
  // Ties go to single-node: the simpler design.
  const cheaper: DesignName = monthlyUsd.distributed < monthlyUsd['single-node'] ? 'distributed' : 'single-node';
  const feasible = DESIGNS.filter((d) => meetsSla[d]);
  const choice = feasible.length === 2 ? cheaper : (feasible[0] ?? null);
  return { events, runsPerMonth, monthlyUsd, cheaper, meetsSla, choice };
}

export function decisionMap(
  p: Readonly<Record<DesignName, Projector>>,
  fixed: Readonly<Record<DesignName, number>>,
  events: readonly number[],
  runsPerMonth: readonly number[],
  scenario: { readonly events: number; readonly runsPerMonth: number },
): DecisionMap {
  for (const d of DESIGNS) {
    if (!Number.isFinite(fixed[d]) || fixed[d] < 0) throw new RangeError(`fixed monthly cost of ${d} must be a finite number >= 0, got ${fixed[d]}`);
  }
  const cells = events.map((v) => runsPerMonth.map((n) => decisionCell(v, n, p, fixed)));
  const s = p['single-node'](scenario.events).costUsd.mid;
  const d = p.distributed(scenario.events).costUsd.mid;
  const n = (fixed['single-node'] - fixed.distributed) / (d - s);
  return {
    basis: 'projected',
    events: [...events],
    runsPerMonth: [...runsPerMonth],
    fixedMonthlyUsd: { ...fixed },
    cells,
    scenario: decisionCell(scenario.events, scenario.runsPerMonth, p, fixed),
    breakEvenRunsPerMonth: Number.isFinite(n) && n > 0 ? n : null,
  };
}

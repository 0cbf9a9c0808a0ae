import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { Projector } from './crossover';

/**
 * The answer over the two things a platform owner changes: events per run and runs per month. In each
 * cell, each design's monthly total is its fixed monthly cost (what the template deploys) plus runs ×
 * its projected cost per run, and the SLA check is the projection's at that volume. Pure: projectors
 * and fixed costs are arguments.
 */

/** Runs a month the map shows by default: monthly, weekly, daily, hourly. */
export const DEFAULT_RUNS_PER_MONTH = [1, 4, 30, 730] as const;

export interface DecisionCell {
  readonly events: number;
  readonly runsPerMonth: number;
  /** fixed + runs × projected per-run cost, USD (projected). */
  readonly monthlyUsd: Readonly<Record<DesignName, number>>;
  readonly cheaper: DesignName;
  /** Whether each design meets the SLA at this volume (runs a month do not change it). */
  readonly meetsSla: Readonly<Record<DesignName, boolean>>;
  /** The cheaper design among those that meet the SLA; null when neither does. */
  readonly choice: DesignName | null;
}

export interface DecisionMap {
  readonly basis: 'projected';
  readonly events: readonly number[];
  readonly runsPerMonth: readonly number[];
  readonly fixedMonthlyUsd: Readonly<Record<DesignName, number>>;
  /** `cells[i][j]`: events[i], runsPerMonth[j]. */
  readonly cells: readonly (readonly DecisionCell[])[];
  /** The scenario's own cell (its events and runs, not snapped to the grid). */
  readonly scenario: DecisionCell;
  /**
   * Runs a month at the scenario's volume where the monthly totals cross, when they do: below it the
   * design with the lower fixed cost is cheaper, above it the one with the lower per-run cost.
   * @default - null when one design is cheaper at any number of runs
   */
  readonly breakEvenRunsPerMonth: number | null;
}

export function decisionCell(events: number, runsPerMonth: number, p: Readonly<Record<DesignName, Projector>>, fixed: Readonly<Record<DesignName, number>>): DecisionCell {
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

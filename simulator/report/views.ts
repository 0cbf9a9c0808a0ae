import type { AccessComparison, CapabilityCell, DesignAccessSummary, Finding, MatrixCell, MatrixDifference } from '../access/types';
import type { ProbeSummary } from '../access/probe-types';
import type { FaultEvidence } from '../collect/faults';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { RunSummary } from '../../lib/workload/quality';
import type { DesignCostRecord } from '../cost/design-cost';
import type { Band, ModelResult } from '../model/types';
import { formatVolume } from './format';
import type { Comparison, DesignResult, InvocationStats, Results } from './results';

/**
 * Typed views of the parts of results.json that the schema keeps `unknown` (cost, access, quality,
 * model, faults): each is filled by another step, so the report checks the shape it relies on and
 * treats anything else as "not present" instead of crashing on a half-written file. Pure.
 *
 * The access shapes are declared here, structurally, with only the fields the report reads: the access
 * step (simulator/access/types.ts) may add fields without breaking the report.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function costOf(d: DesignResult | undefined): DesignCostRecord | undefined {
  const c = d?.cost;
  if (!isObject(c) || !isNum(c.perRunUsd) || !isNum(c.perMonthUsd) || !isNum(c.perMillionEventsUsd) || !isObject(c.breakdown)) return undefined;
  return c as unknown as DesignCostRecord;
}

export function qualityOf(d: DesignResult | undefined): RunSummary | undefined {
  const q = d?.quality;
  if (!isObject(q) || !isNum(q.input) || !isObject(q.partitions) || !isObject(q.drift) || !isObject(q.freshness) || !isObject(q.lineage)) return undefined;
  return q as unknown as RunSummary;
}

export function invocationsOf(d: DesignResult | undefined): InvocationStats | undefined {
  const i = d?.profile.invocations;
  if (!isObject(i) || !isNum(i.count) || !isNum(i.cold) || !isNum(i.throttled)) return undefined;
  return i as unknown as InvocationStats;
}

export function modelOf(r: Results): ModelResult | undefined {
  const m = r.model;
  if (!isObject(m) || !isObject(m.curves) || !isObject(m.crossover) || !Array.isArray(m.measuredPoints) || !isObject(m.validation)) return undefined;
  const curves = m.curves as Record<string, unknown>;
  if (!Array.isArray(curves.volumes) || !isObject(curves.designs)) return undefined;
  // Results from before the calibration profile recorded assumptions as plain strings, with no source.
  const assumptions = Array.isArray(m.assumptions)
    ? m.assumptions.map((a, i) => (typeof a === 'string' ? { key: `assumption-${i}`, text: a, source: 'not recorded (an older results.json)' } : a))
    : [];
  return { ...(m as unknown as ModelResult), assumptions };
}

/** A crossover's interval, or undefined when it has none (an older results.json) or it is a single point. */
export function crossoverInterval(p: { readonly volume: number | null; readonly low?: number; readonly high?: number; readonly lowOpen?: boolean; readonly highOpen?: boolean }):
  | { readonly low: number; readonly high: number; readonly lowOpen: boolean; readonly highOpen: boolean }
  | undefined {
  if (!isNum(p.low) || !isNum(p.high)) return undefined;
  // A single point: an older file, or a comparison that does not flip in at least 95% of the draws.
  if (p.low === p.high) return undefined;
  return { low: p.low, high: p.high, lowOpen: p.lowOpen === true, highOpen: p.highOpen === true };
}

/**
 * The access step's own types (simulator/access/types.ts). accessOf still checks the shape at run time,
 * because a results.json from another version may carry a different one.
 */
export type AccessSummaryView = DesignAccessSummary;
export type MatrixCellView = MatrixCell;
export type CapabilityCellView = CapabilityCell;
export type MatrixDifferenceView = MatrixDifference;
export type FindingView = Finding;
export type ProbeSummaryView = ProbeSummary;

export interface AccessView {
  readonly basis: string;
  readonly summary: AccessSummaryView;
  readonly matrix: {
    readonly cells: readonly MatrixCellView[];
    readonly capabilities: readonly CapabilityCellView[];
    readonly differences: readonly MatrixDifferenceView[];
  };
  readonly findings: readonly FindingView[];
  readonly runtime?: { readonly summary: ProbeSummaryView };
}

export function accessOf(d: DesignResult | undefined): AccessView | undefined {
  const a = d?.access;
  if (!isObject(a) || !isObject(a.summary) || !isObject(a.matrix) || !Array.isArray(a.findings)) return undefined;
  const s = a.summary;
  if (!isNum(s.blastRadiusScore) || !isNum(s.workloadPrincipals) || !isObject(s.actionsByLevel) || !isObject(s.findingsBySeverity)) return undefined;
  const m = a.matrix;
  if (!Array.isArray(m.cells) || !Array.isArray(m.differences)) return undefined;
  const runtime = isObject(a.runtime) && isObject(a.runtime.summary) && isNum(a.runtime.summary.checks) ? a.runtime : undefined;
  return { ...(a as unknown as AccessView), matrix: { ...(m as unknown as AccessView['matrix']), capabilities: Array.isArray(m.capabilities) ? (m.capabilities as CapabilityCellView[]) : [] }, runtime: runtime as AccessView['runtime'] };
}

/** Write-level actions (Write, Permissions management, Tagging) summed over workload principals. */
export function writeLevelActions(a: AccessView): number {
  const l = a.summary.actionsByLevel;
  return (l.Write ?? 0) + (l['Permissions management'] ?? 0) + (l.Tagging ?? 0);
}

/** `comparison.access`, as the access step writes it. */
export type AccessComparisonView = AccessComparison;

/** The comparison with the keys other steps add (the access step writes `access`). */
export type ComparisonView = Omit<Partial<Comparison>, 'access'> & { readonly access?: AccessComparisonView };

export function comparisonOf(r: Results): ComparisonView | undefined {
  const c = r.comparison as unknown;
  if (!isObject(c)) return undefined;
  const access = isObject(c.access) && Array.isArray(c.access.dimensions) ? (c.access as unknown as AccessComparisonView) : undefined;
  const base = typeof c.fasterDesign === 'string' && isNum(c.wallRatio) ? (c as unknown as Comparison) : undefined;
  // The typed `access` (or its absence) replaces whatever shape the base carried.
  const rest = Object.fromEntries(Object.entries(base ?? {}).filter(([k]) => k !== 'access')) as Omit<Partial<Comparison>, 'access'>;
  return { ...rest, ...(access ? { access } : {}) };
}

/**
 * `designs[d].faults`: what fault injection did and what the run observed. The emulator step writes
 * `{ injected: {name: value}, observed: {name: value}, notes: [sentence] }`; any other object is shown
 * as its scalar fields.
 */
export interface FaultsView {
  /** What was injected, in words (e.g. `5 throws`, `crash after 5 partitions`). */
  readonly injected: readonly string[];
  readonly retries: number;
  readonly observedErrors: Readonly<Record<string, number>>;
  readonly failedForGood: FaultEvidence['failedForGood'];
  readonly affectedPartitions: number;
  readonly costOfFailure: FaultEvidence['costOfFailure'];
}

/** The fault evidence of a design in words, or undefined when nothing was injected or failed. */
export function faultsOf(d: DesignResult | undefined): FaultsView | undefined {
  const f = d?.faults;
  if (!f) return undefined;
  const injected: string[] = [];
  for (const [kind, n] of Object.entries(f.injected.lambda ?? {})) if (n > 0) injected.push(`${n} Lambda ${kind}${n > 1 ? 's' : ''}`);
  if (f.injected.singleNodeCrashAfterPartitions > 0) injected.push(`a task crash after ${f.injected.singleNodeCrashAfterPartitions} partitions`);
  if (f.injected.truncatedGzipPartitions.length) injected.push(`${f.injected.truncatedGzipPartitions.length} truncated gzip partition(s)`);
  if (f.injected.corruptRecords > 0) injected.push(`${f.injected.corruptRecords} corrupt records`);
  if (!injected.length && !f.retries && !f.failedForGood.length) return undefined;
  return {
    injected,
    retries: f.retries,
    observedErrors: f.observedErrors,
    failedForGood: f.failedForGood,
    affectedPartitions: f.affectedPartitions.length,
    costOfFailure: f.costOfFailure,
  };
}

/** Designs present in the results, in the canonical order. */
export function designsIn(r: Results): DesignName[] {
  return DESIGNS.filter((d) => r.designs[d] !== undefined);
}

/** Interpolates a band-valued curve at `volume` on log–log axes; undefined outside the grid. */
export function bandAt(volumes: readonly number[], bands: readonly Band[], volume: number): Band | undefined {
  if (!volumes.length || volume < volumes[0]! || volume > volumes[volumes.length - 1]!) return undefined;
  const i = volumes.findIndex((v) => v >= volume);
  if (volumes[i] === volume) return bands[i];
  const [v0, v1, b0, b1] = [volumes[i - 1]!, volumes[i]!, bands[i - 1]!, bands[i]!];
  const t = Math.log(volume / v0) / Math.log(v1 / v0);
  const lerp = (a: number, b: number) => (a > 0 && b > 0 ? Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a))) : a + t * (b - a));
  return { mid: lerp(b0.mid, b1.mid), low: lerp(b0.low, b1.low), high: lerp(b0.high, b1.high) };
}

/** The model's projection of one design at the scenario's own volume, when there is a model. */
export interface ProjectionAt {
  readonly runtimeMs: Band;
  readonly costUsd: Band;
  readonly infeasible: string | null;
  readonly configuration: string;
}

export function projectionAt(model: ModelResult, design: DesignName, volume: number): ProjectionAt | undefined {
  const curve = model.curves.designs[design];
  if (!curve) return undefined;
  const runtimeMs = bandAt(model.curves.volumes, curve.runtimeMs, volume);
  const costUsd = bandAt(model.curves.volumes, curve.costUsd, volume);
  if (!runtimeMs || !costUsd) return undefined;
  // Feasibility and configuration come from the nearest grid point at or above the volume: conservative.
  const i = model.curves.volumes.findIndex((v) => v >= volume);
  return { runtimeMs, costUsd, infeasible: curve.infeasible[i] ?? null, configuration: curve.configuration[i] ?? '' };
}

/** Where a crossover statement holds (results written before `holds` existed: a volume means `above`). */
export type Holds = 'above' | 'below' | 'everywhere' | 'nowhere';

export function holdsOf(p: { readonly volume: number | null; readonly holds?: Holds }): Holds {
  return p.holds ?? (p.volume === null ? 'nowhere' : 'above');
}

/** `from 320M events up`, `only below 600k events`, `at every projected volume`, `at no projected volume`. */
export function whereText(p: { readonly volume: number | null; readonly holds?: Holds }): string {
  const h = holdsOf(p);
  if (h === 'everywhere') return 'at every projected volume';
  if (h === 'nowhere' || p.volume === null) return 'at no projected volume';
  return h === 'above' ? `from ${formatVolume(p.volume)} events up` : `only below ${formatVolume(p.volume)} events`;
}

/**
 * The smallest volume at which single-node is infeasible: the crossover's volume when it holds above
 * it, the grid's first volume when it holds everywhere, null when single-node stays feasible.
 */
export function singleNodeInfeasibleFrom(m: ModelResult): number | null {
  const p = m.crossover.singleNodeInfeasible;
  const h = holdsOf(p);
  if (h === 'everywhere') return m.curves.volumes[0] ?? p.volume;
  return h === 'above' ? p.volume : null;
}

/** Events per run the scenario asked for (the workload record, which includes --events overrides). */
export function scenarioVolume(r: Results): number {
  return r.workload.events;
}

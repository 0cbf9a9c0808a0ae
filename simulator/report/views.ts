import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { RunSummary } from '../../lib/workload/quality';
import { formatVolume } from './format';
import type { DesignCostRecord } from '../results/cost';
import type { FaultEvidence } from '../results/faults';
import type { DesignAccess } from '../results/access';
import type { Assumption, Band, CrossoverPoint, ModelResult } from '../results/model';
import type { Comparison, Results } from '../results/results';
import type { DesignResult, InvocationStats } from '../results/design';

/**
 * Accessors for the sections of results.json that other steps fill (cost, access, quality, model,
 * faults, comparison). The results contract (simulator/results) types and validates every section, and
 * migrates files of older schema versions, so a section here is either absent or of its declared shape.
 * Pure.
 */

export function costOf(d: DesignResult | undefined): DesignCostRecord | undefined {
  return d?.cost;
}

export function qualityOf(d: DesignResult | undefined): RunSummary | undefined {
  return d?.quality;
}

export function invocationsOf(d: DesignResult | undefined): InvocationStats | undefined {
  return d?.profile.invocations;
}

/** The model as the report reads it: every assumption with a source. */
export type ModelView = Omit<ModelResult, 'assumptions'> & { readonly assumptions: readonly Assumption[] };

export function modelOf(r: Results): ModelView | undefined {
  const m = r.model;
  if (!m) return undefined;
  // Results from before the calibration profile recorded assumptions as plain sentences, with no source.
  const assumptions = m.assumptions.map((a, i): Assumption => (typeof a === 'string' ? { key: `assumption-${i}`, text: a, source: 'not recorded (an older results.json)' } : a));
  return { ...m, assumptions };
}

/** A crossover's interval, or undefined when it has none (an older results.json) or it is a single point. */
export function crossoverInterval(p: CrossoverPoint): { readonly low: number; readonly high: number; readonly lowOpen: boolean; readonly highOpen: boolean } | undefined {
  if (p.low === undefined || p.high === undefined) return undefined;
  // A single point: a comparison that does not flip in at least 95% of the draws.
  if (p.low === p.high) return undefined;
  return { low: p.low, high: p.high, lowOpen: p.lowOpen === true, highOpen: p.highOpen === true };
}

/** `designs[d].access`, as the access step writes it. */
export type AccessView = DesignAccess;

export function accessOf(d: DesignResult | undefined): AccessView | undefined {
  return d?.access;
}

/** Write-level actions (Write, Permissions management, Tagging) summed over workload principals. */
export function writeLevelActions(a: AccessView): number {
  const l = a.summary.actionsByLevel;
  return (l.Write ?? 0) + (l['Permissions management'] ?? 0) + (l.Tagging ?? 0);
}

/** `comparison`: the derived fields (report step) and `access` (access step), each possibly absent. */
export type ComparisonView = Comparison;

export function comparisonOf(r: Results): ComparisonView | undefined {
  return r.comparison;
}

/** `designs[d].faults` (simulator/collect/faults.ts) in the words the report uses. */
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

/**
 * A sentence on how the file was migrated from an older schemaVersion (and what it could not keep), or
 * undefined when it was written with the current one.
 */
export function migrationNote(r: Results): string | undefined {
  const m = r.migratedFrom;
  if (!m) return undefined;
  const dropped = m.dropped.length ? `; sections of an unrecognised shape were left out: ${m.dropped.join('; ')}` : '; nothing was left out';
  return `results.json was written with schema ${m.schemaVersion} and migrated to schema ${r.schemaVersion} on read${dropped}.`;
}

/** Designs present in the results, in the canonical order. */
export function designsIn(r: Results): DesignName[] {
  return DESIGNS.filter((d) => r.designs[d] !== undefined);
}

/** Interpolates a band-valued curve at `volume` on log–log axes; undefined outside the grid. */
function bandAt(volumes: readonly number[], bands: readonly Band[], volume: number): Band | undefined {
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

/**
 * What a run without a model (no AWS projection, no crossover) should do to get one, in markdown
 * (`code()` renders it in the HTML): `scalesim run` validates by default, measuring three volumes,
 * holding one out, and projecting.
 */
export function modelHint(r: Results): string {
  return `a complete \`scalesim run ${r.scenario.file}\` (validation is on by default) measures three volumes, holds one out and projects`;
}

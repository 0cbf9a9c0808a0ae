import type { DesignName } from '../../lib/workload/contract';
import type { ComparisonRow, DesignTune, EvaluatedPoint, TuneReport, TuneStrategy } from '../results/tune';
import { TUNE_STRATEGIES } from '../results/tune';
import { formatMs, formatSignedPct, formatUsd } from './format';

/** Formatting and selections shared by tune.md and tune.html. Pure. */

/** A comparison's predicted-vs-measured gap, `+9.5%`, or `n/a` when there is nothing to compare. */
export function gap(r: ComparisonRow): string {
  return r.gapPct === null ? 'n/a' : formatSignedPct(r.gapPct);
}

export function quantity(v: number, unit: string): string {
  if (unit === 'ms') return v >= 1000 ? formatMs(v) : `${v.toPrecision(3)} ms`;
  if (unit === 'USD') return formatUsd(v);
  if (unit === 's') return `${v.toFixed(1)} s`;
  if (unit === 'MB') return `${Math.round(v)} MB`;
  return Math.round(v).toLocaleString('en-US');
}

export const BASIS_WORDS: Readonly<Record<ComparisonRow['basis'], string>> = {
  count: 'count (same on AWS)',
  'emulator-vs-aws': 'measured on the emulator vs projected for AWS',
  assumption: 'model input vs measured',
};

/** The strategies that picked this point, e.g. `cost, balanced`. */
export function pickedBy(d: DesignTune, id: string): TuneStrategy[] {
  return TUNE_STRATEGIES.filter((s) => d.picks[s] === id);
}

export function pointById(d: DesignTune): Map<string, EvaluatedPoint> {
  return new Map(d.points.map((p) => [p.id, p]));
}

/** Front rows shown in full; a longer front is shown at its ends and around the picks. */
const FRONT_ROWS = 24;

/** The front points to list: all of them when short, else evenly spaced ones plus every pick. */
export function frontRows(d: DesignTune): EvaluatedPoint[] {
  const byId = pointById(d);
  const front = d.front.map((id) => byId.get(id)!).filter(Boolean);
  if (front.length <= FRONT_ROWS) return front;
  const keep = new Set<number>();
  for (let i = 0; i < FRONT_ROWS; i++) keep.add(Math.round((i * (front.length - 1)) / (FRONT_ROWS - 1)));
  front.forEach((p, i) => {
    if (pickedBy(d, p.id).length || d.fallback?.pointId === p.id) keep.add(i);
  });
  return [...keep].sort((a, b) => a - b).map((i) => front[i]!);
}

export function designTitle(d: DesignName): string {
  return d === 'single-node' ? 'single-node (one Fargate task)' : 'distributed (Step Functions Map → Lambda)';
}

export function reasonsOf(p: EvaluatedPoint): string {
  return p.infeasible.map((i) => i.message).join('; ');
}

export function verificationHeadline(r: TuneReport): string {
  if (!r.verification.length) return 'No verification run (--no-verify, or no configuration to verify).';
  const v = r.verification[0]!;
  return `One run of each verified configuration on the emulator: ${v.events.toLocaleString('en-US')} events in ${v.partitions} partition${v.partitions === 1 ? '' : 's'} (measured), against the model's prediction for that same run (projected).`;
}

import type { DesignName } from '../../lib/workload/contract';
import type { ProxyDataLimits, ProxyProjection, ProxySide } from '../results/proxy-limits';
import { formatBytes, formatInt, formatMs, formatRatio, formatUs, formatUsd, formatVolume } from './format';
import type { Results } from '../results/results';

/**
 * The memo's and the HTML report's "proxy-data limits" table: the synthetic proxy and the real sample
 * side by side, measured on both, with the sample ÷ synthetic ratio (what the proxy data got wrong).
 * Every cell carries its label. Pure: results in, rows out; the renderers format them.
 */

export interface ProxyRow {
  readonly label: string;
  readonly synthetic: string;
  readonly sample: string;
  readonly ratio: string;
  readonly basis: 'measured' | 'projected';
}

const STAGES_SHOWN = ['decompress', 'parse', 'validate', 'aggregate', 'write'] as const;

/** Microseconds in the CPU row: the row's label carries the unit. */
function us(x: number): string {
  return formatUs(x, { unit: false });
}

/** A rate with the precision a comparison needs: `0.21%`, `2.1%`, `25%`. */
function rate(x: number): string {
  const p = x * 100;
  return `${p < 1 ? p.toFixed(2) : p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

function ratio(sample: number, synthetic: number): string {
  return synthetic > 0 && Number.isFinite(sample / synthetic) ? formatRatio(sample / synthetic) : 'n/a';
}

function both(f: (d: DesignName) => string): string {
  return `${f('single-node')}; ${f('distributed')}`;
}

function crossoverText(p: ProxyProjection): string {
  const w = (x: ProxyProjection['crossover']['cheaper']) =>
    x.holds === 'everywhere' ? 'everywhere' : x.holds === 'nowhere' ? 'nowhere' : `${x.holds} ${formatVolume(x.volume ?? 0)}`;
  return `${w(p.crossover.cheaper)}; ${w(p.crossover.singleNodeInfeasible)}`;
}

/** The rows, or an empty list when the results carry no proxy-data measurement. */
export function proxyRows(r: Results): ProxyRow[] {
  const p = r.proxyDataLimits;
  if (!p) return [];
  return [...measuredRows(p.sample, p.synthetic), ...(p.projected ? projectedRows(p.projected) : [])];
}

/** CPU per event by stage, bytes per event, compression and quarantine rate, measured on both sides. */
function measuredRows(s: ProxySide, y: ProxySide | null): ProxyRow[] {
  const cell = (f: (x: ProxySide) => string) => (y ? f(y) : 'not measured');
  const row = (label: string, f: (x: ProxySide) => string, of: (x: ProxySide) => number): ProxyRow => ({
    label,
    synthetic: cell(f),
    sample: f(s),
    ratio: y ? ratio(of(s), of(y)) : 'n/a',
    basis: 'measured',
  });
  return [
    row(`CPU µs/event: ${STAGES_SHOWN.join(' / ')}; total`, (x) => `${STAGES_SHOWN.map((st) => us(x.cpuPerEventUs[st] ?? 0)).join(' / ')}; ${us(x.cpuPerEventUsTotal)}`, (x) => x.cpuPerEventUsTotal),
    row('Bytes/event: NDJSON; stored', (x) => `${formatBytes(x.bytesPerEvent)}; ${formatBytes(x.storedBytesPerEvent)}`, (x) => x.bytesPerEvent),
    row('Compression ratio (gzip level 6)', (x) => formatRatio(x.compressionRatio), (x) => x.compressionRatio),
    row('Quarantine rate', (x) => rate(x.quarantineRate), (x) => x.quarantineRate),
  ];
}

/** AWS runtime, usage cost and the crossovers, projected from each side. */
function projectedRows(proj: NonNullable<ProxyDataLimits['projected']>): ProxyRow[] {
  const ps = proj.sample;
  const py = proj.synthetic;
  const pc = (f: (x: ProxyProjection) => string) => (py ? f(py) : 'not projected');
  return [
    {
      label: `AWS runtime at ${formatVolume(proj.volume)} events: single-node; distributed`,
      synthetic: pc((x) => both((d) => formatMs(x.runtimeMs[d].mid))),
      sample: both((d) => formatMs(ps.runtimeMs[d].mid)),
      ratio: py ? both((d) => ratio(ps.runtimeMs[d].mid, py.runtimeMs[d].mid)) : 'n/a',
      basis: 'projected',
    },
    {
      label: 'AWS usage cost per run: single-node; distributed',
      synthetic: pc((x) => both((d) => formatUsd(x.costUsd[d].mid))),
      sample: both((d) => formatUsd(ps.costUsd[d].mid)),
      ratio: py ? both((d) => ratio(ps.costUsd[d].mid, py.costUsd[d].mid)) : 'n/a',
      basis: 'projected',
    },
    { label: 'Crossover: distributed cheaper; required', synthetic: pc(crossoverText), sample: crossoverText(ps), ratio: '', basis: 'projected' },
  ];
}

/** How each side was measured, in one sentence (both renderers). */
export function proxyMeasureText(p: ProxyDataLimits): string {
  const m = p.method;
  const synthetic = p.synthetic ? "the synthetic side generated from the scenario's rates" : `no synthetic side (${p.syntheticNotMeasured ?? 'not measured'})`;
  return (
    `Each side: ${formatInt(p.sample.events)} events in ${formatInt(m.partitions)} partition${m.partitions === 1 ? '' : 's'}, the same processor and stage timer in one process, ` +
    `median of ${m.repeats} alternating rounds after a warm-up; ${synthetic}.`
  );
}

/** How both sides were projected onto AWS, or why they were not (both renderers). */
export function proxyProjectionText(p: ProxyDataLimits): string {
  return p.projected ? `Projected: ${p.method.projection}.` : `Not projected: ${p.projectionSkipped ?? 'no model'}.`;
}

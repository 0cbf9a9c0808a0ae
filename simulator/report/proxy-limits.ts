import type { DesignName } from '../../lib/workload/contract';
import type { ProxyDataLimits, ProxyProjection, ProxySide } from '../results/proxy-limits';
import { formatBytes, formatInt, formatMs, formatRatio, formatUsd, formatVolume } from './format';
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

function us(x: number): string {
  return x >= 10 ? x.toFixed(1) : x.toFixed(2);
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
  const s = p.sample;
  const y = p.synthetic;
  const cell = (side: ProxySide | null, f: (x: ProxySide) => string) => (side ? f(side) : 'not measured');
  const rows: ProxyRow[] = [
    {
      label: `CPU µs/event: ${STAGES_SHOWN.join(' / ')}; total`,
      synthetic: cell(y, (x) => `${STAGES_SHOWN.map((st) => us(x.cpuPerEventUs[st] ?? 0)).join(' / ')}; ${us(x.cpuPerEventUsTotal)}`),
      sample: `${STAGES_SHOWN.map((st) => us(s.cpuPerEventUs[st] ?? 0)).join(' / ')}; ${us(s.cpuPerEventUsTotal)}`,
      ratio: y ? ratio(s.cpuPerEventUsTotal, y.cpuPerEventUsTotal) : 'n/a',
      basis: 'measured',
    },
    {
      label: 'Bytes/event: NDJSON; stored',
      synthetic: cell(y, (x) => `${formatBytes(x.bytesPerEvent)}; ${formatBytes(x.storedBytesPerEvent)}`),
      sample: `${formatBytes(s.bytesPerEvent)}; ${formatBytes(s.storedBytesPerEvent)}`,
      ratio: y ? ratio(s.bytesPerEvent, y.bytesPerEvent) : 'n/a',
      basis: 'measured',
    },
    {
      label: 'Compression ratio (gzip level 6)',
      synthetic: cell(y, (x) => formatRatio(x.compressionRatio)),
      sample: formatRatio(s.compressionRatio),
      ratio: y ? ratio(s.compressionRatio, y.compressionRatio) : 'n/a',
      basis: 'measured',
    },
    {
      label: 'Quarantine rate',
      synthetic: cell(y, (x) => rate(x.quarantineRate)),
      sample: rate(s.quarantineRate),
      ratio: y ? ratio(s.quarantineRate, y.quarantineRate) : 'n/a',
      basis: 'measured',
    },
  ];
  const proj = p.projected;
  if (proj) {
    const ps = proj.sample;
    const py = proj.synthetic;
    const pc = (side: ProxyProjection | null, f: (x: ProxyProjection) => string) => (side ? f(side) : 'not projected');
    rows.push(
      {
        label: `AWS runtime at ${formatVolume(proj.volume)} events: single-node; distributed`,
        synthetic: pc(py, (x) => both((d) => formatMs(x.runtimeMs[d].mid))),
        sample: both((d) => formatMs(ps.runtimeMs[d].mid)),
        ratio: py ? both((d) => ratio(ps.runtimeMs[d].mid, py.runtimeMs[d].mid)) : 'n/a',
        basis: 'projected',
      },
      {
        label: 'AWS usage cost per run: single-node; distributed',
        synthetic: pc(py, (x) => both((d) => formatUsd(x.costUsd[d].mid))),
        sample: both((d) => formatUsd(ps.costUsd[d].mid)),
        ratio: py ? both((d) => ratio(ps.costUsd[d].mid, py.costUsd[d].mid)) : 'n/a',
        basis: 'projected',
      },
      {
        label: 'Crossover: distributed cheaper; required',
        synthetic: pc(py, crossoverText),
        sample: crossoverText(ps),
        ratio: '',
        basis: 'projected',
      },
    );
  }
  return rows;
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

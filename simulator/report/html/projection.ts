import type { DesignName } from '../../../lib/workload/contract';
import { type LogChartSpec, renderLogChart } from '../charts';
import { formatBudgetUsd, formatMs, formatUs, formatUsd, formatVolume } from '../format';
import { powerOfTenLabel, usdTickLabel } from '../svg';
import { sourceLine } from '../../model/calibration';
import { crossoverInterval, designsIn, type Holds, holdsOf, type ModelView, modelHint, singleNodeInfeasibleFrom, whereText } from '../views';
import type { Results } from '../../results/results';
import { code, dataTable, DESIGN_COLORS, labelled, labelledMix, section, table } from './parts';
import { html, type Html, joinHtml, raw } from './template';

function volumeLabel(v: number): string {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9 ? powerOfTenLabel(Math.round(e)) : formatVolume(v);
}

function crossoverMarkers(model: ModelView): LogChartSpec['markers'] {
  const c = model.crossover;
  // Only a statement that flips inside the range has a volume to mark; "everywhere" and "nowhere" are in the table.
  const flips = (p: { volume: number | null; holds?: Holds }) => p.volume !== null && (holdsOf(p) === 'above' || holdsOf(p) === 'below');
  const out: { x: number; label: string; kind: string }[] = [];
  if (flips(c.faster)) out.push({ x: c.faster.volume!, label: `distributed faster ${whereText(c.faster)}`, kind: 'faster' });
  if (flips(c.cheaper)) out.push({ x: c.cheaper.volume!, label: `distributed cheaper ${whereText(c.cheaper)}`, kind: 'cheaper' });
  if (flips(c.singleNodeInfeasible)) out.push({ x: c.singleNodeInfeasible.volume!, label: `single-node infeasible ${whereText(c.singleNodeInfeasible)}`, kind: 'single-node-infeasible' });
  return out;
}

function firstInfeasible(m: ModelView, d: DesignName): number | undefined {
  const i = m.curves.designs[d].infeasible.findIndex((x) => x !== null);
  return i >= 0 ? m.curves.volumes[i] : undefined;
}

/** The runtime and cost charts against volume, both log–log, built by charts.ts (trusted SVG). */
function charts(r: Results, m: ModelView, designs: readonly DesignName[]): { runtime: Html; cost: Html } {
  const infeasible = singleNodeInfeasibleFrom(m);
  const markers = crossoverMarkers(m);
  const shadeFrom = infeasible ? { x: infeasible, label: 'single-node infeasible (projected)' } : undefined;
  const series = (pick: 'runtimeMs' | 'costUsd') =>
    designs.map((d) => ({
      name: d,
      color: DESIGN_COLORS[d],
      points: m.curves.volumes.map((x, i) => ({ x, ...m.curves.designs[d][pick][i]! })),
      dashedFrom: firstInfeasible(m, d),
    }));
  const runtime = renderLogChart({
    id: 'runtime-chart',
    title: 'Runtime per run against volume (log–log)',
    description: `Projected AWS runtime of each design with its uncertainty band, emulator measurements as dots, the SLA as a line, and the crossover volumes as vertical markers. ${m.crossover.sentence}`,
    xLabel: 'events per run',
    yLabel: 'wall time per run',
    series: series('runtimeMs'),
    measured: m.measuredPoints
      .filter((p) => designs.includes(p.design))
      .map((p) => ({ series: p.design, color: DESIGN_COLORS[p.design], x: p.events, y: p.wallMs, heldOut: p.heldOut, label: `${p.design} at ${formatVolume(p.events)} events: ${formatMs(p.wallMs)} measured on the emulator${p.heldOut ? ' (held out of the fit)' : ''}` })),
    markers,
    hlines: [{ y: r.scenario.spec.sla.deadlineMinutes * 60_000, label: `SLA ${r.scenario.spec.sla.deadlineMinutes} min (scenario)`, kind: 'sla' }],
    xFormat: volumeLabel,
    yFormat: (v) => formatMs(v),
    yAxis: 'time',
    shadeFrom,
  });
  const cost = renderLogChart({
    id: 'cost-chart',
    title: 'Cost per run against volume (log–log)',
    description: `Projected AWS cost per run of each design with its band, measured usage priced at list prices as dots, the per-run budget as a line, and the crossover volumes.`,
    xLabel: 'events per run',
    yLabel: 'USD per run',
    series: series('costUsd'),
    measured: m.measuredPoints
      .filter((p) => designs.includes(p.design) && p.costUsd !== undefined && p.costUsd > 0)
      .map((p) => ({ series: p.design, color: DESIGN_COLORS[p.design], x: p.events, y: p.costUsd!, heldOut: p.heldOut, label: `${p.design} at ${formatVolume(p.events)} events: ${formatUsd(p.costUsd!)} measured usage at list prices` })),
    markers,
    hlines: [{ y: r.scenario.spec.budget.perRunUsd, label: `budget ${formatBudgetUsd(r.scenario.spec.budget.perRunUsd)} per run (scenario)`, kind: 'budget' }],
    xFormat: volumeLabel,
    yFormat: usdTickLabel,
    shadeFrom,
  });
  return { runtime: raw(runtime), cost: raw(cost) };
}

/** The projected curves, one row per volume: mid (low–high), infeasible where it is. */
function curveRows(m: ModelView, designs: readonly DesignName[], pick: 'runtimeMs' | 'costUsd', f: (v: number) => string): Html[][] {
  return m.curves.volumes.map((v, i) => [
    html`${formatVolume(v)}`,
    ...designs.map((d) => {
      const b = m.curves.designs[d][pick][i]!;
      const inf = m.curves.designs[d].infeasible[i];
      return html`${`${f(b.mid)} (${f(b.low)}–${f(b.high)})`}${inf ? html` <strong>infeasible</strong>` : ''}`;
    }),
    ...(pick === 'runtimeMs' ? designs.map((d) => html`${m.curves.designs[d].configuration[i] ?? ''}`) : []),
  ]);
}

/** A crossover's 5th–95th percentile interval over the draws, as volumes. */
function interval(p: ModelView['crossover']['faster']): string {
  const i = crossoverInterval(p);
  return i ? `${i.lowOpen ? '≤' : ''}${formatVolume(i.low)}–${i.highOpen ? '≥' : ''}${formatVolume(i.high)}` : p.low !== undefined ? 'the same in ≥95% of draws' : 'not computed';
}

function crossoverTable(m: ModelView): Html {
  const c = m.crossover;
  const row = (name: string, p: ModelView['crossover']['faster']) => [name, labelled(whereText(p), 'projected'), labelled(interval(p), 'projected'), p.why ?? '', p.reasoning];
  return table(
    ['crossover', 'where (events per run)', 'interval (5th–95th percentile of draws)', 'why that wide', 'reasoning'],
    [row('distributed faster', c.faster), row('distributed cheaper', c.cheaper), row('single-node infeasible', c.singleNodeInfeasible)],
  );
}

function validation(r: Results, m: ModelView): Html[] {
  const val = m.validation;
  const heldOut = table(
    ['held-out point', 'measured', 'predicted', 'measured ÷ predicted'],
    val.heldOut.map((h) => [`${h.design} at ${formatVolume(h.events)} events`, labelled(formatMs(h.measuredMs), 'measured'), labelled(formatMs(h.predictedMs), 'predicted'), html`${labelledMix(h.ratio.toFixed(3), 'measured', '÷', 'predicted')}${Math.abs(h.ratio - 1) > val.targetPct / 100 ? html` <strong>outside target</strong>` : ''}`]),
    [1, 2, 3],
  );
  const verdict = val.withinTarget ? html`met` : val.heldOut.length ? html`<strong>missed</strong>` : html`<strong>not measured, no held-out volume</strong>`;
  return [
    html`<h3>Validation: held-out error (target ±${val.targetPct}%: ${verdict})</h3>`,
    val.heldOut.length ? heldOut : html`<p>No held-out volume: ${code(`${modelHint(r)}; leave out \`--no-validate\` to measure the projection error.`)}</p>`,
    val.note ? html`<p>${val.note}</p>` : html``,
  ];
}

function memorySweep(m: ModelView): Html {
  const sweep = m.memorySweep;
  if (!sweep) return html``;
  const optimum = (mb: number) => (mb === sweep.optima.balanced ? ' (balanced optimum)' : mb === sweep.optima.cost ? ' (cost optimum)' : mb === sweep.optima.speed ? ' (speed optimum)' : '');
  const rows = sweep.points.map((p) => [`${p.memoryMb}${optimum(p.memoryMb)}`, formatMs(p.wallMs), formatUsd(p.costUsd), html`<span class="label ${p.basis}">${p.basis}</span>`]);
  return html`<h3>Lambda memory sweep</h3>${table(['memory (MB)', 'projected wall per run (scenario volume)', 'projected cost per run', 'basis'], rows, [1, 2])}`;
}

/** URLs as text without their scheme: the page links nothing and loads nothing (its CSP forbids it). */
function noScheme(text: string): string {
  return text.replace(/https?:\/\//g, '');
}

/** The calibration profile the projection used: every constant with its range and sources. */
function calibration(m: ModelView): Html {
  const c = m.calibration;
  if (!c) return html``;
  const rows = c.constants.map((k) => [
    k.name,
    `${k.value}${k.unit ? ` ${k.unit}` : ''}`,
    k.low !== undefined ? `${k.low}–${k.high}${k.p95 !== undefined ? `, p95 ${k.p95}` : ''}` : 'fixed',
    k.selected ?? '',
    joinHtml(k.sources.map((x) => noScheme(sourceLine([x]))), '<br>'),
  ]);
  return html`<h3>AWS calibration profile: ${c.file}</h3><p>${c.name}, updated ${c.updated}, sha256 <code>${c.sha256.slice(0, 12)}</code>. Every constant the projection used, with its range and sources (the file quotes each one).</p>${table(['constant', 'value (calibration input)', 'range (from the sources)', 'chosen', 'sources'], rows)}`;
}

/** The workload's measured CPU per event, the same for both designs, by stage. */
function workloadCost(m: ModelView): Html {
  const w = m.workloadCost;
  if (!w) return html``;
  const us = (ms: number) => formatUs(ms * 1000, { unit: false });
  const rows = Object.entries(w.perStageMs).map(([st, ms]) => [st, `${us(ms)} µs`]);
  return html`<h3>Workload cost (the same for both designs)</h3><p>${labelled(`${us(w.cpuPerEventMs.value)} µs CPU per event`, 'measured')} (${us(w.cpuPerEventMs.low)}–${us(w.cpuPerEventMs.high)} µs), JIT warm-up ${w.warmupCpuMs} ms per fresh process, on ${w.machine}. ${w.method}.</p>${table(['stage', 'CPU per event'], rows, [1])}`;
}

/** Runtime and cost against volume: the charts, their data tables, the crossovers, validation and assumptions. */
export function projectionSection(r: Results, m: ModelView): Html {
  const designs = designsIn(r).filter((d) => m.curves.designs[d]);
  const { runtime, cost } = charts(r, m, designs);
  const projected = designs.map((d) => html`${d} <span class="label projected">projected</span>`);
  const legend = html`<div class="legend-row">${designs.map((d) => html`<span><span class="swatch" style="background:${DESIGN_COLORS[d]}"></span>${d}: projected line, shaded band</span>`)}<span><span class="dot" style="background:#9ca3af"></span>measured on the emulator</span><span><span class="dot hollow"></span>measured, held out of the fit</span><span>- - - crossover / infeasible (projected)</span></div>`;
  const volumes = m.curves.volumes.length;
  return section('projection', 'Runtime and cost against volume', [
    html`<p>${m.crossover.sentence} <span class="label projected">projected</span></p>`,
    legend,
    html`<figure>${runtime}<figcaption>Runtime: lines and bands are ${labelled('', 'projected')} AWS wall time; dots are ${labelled('', 'measured')} emulator wall time (${r.environment.cpus} cores, so not AWS time).</figcaption></figure>`,
    dataTable('Data table: runtime per run by volume (projected, with band)', table(['events per run', ...projected, ...designs.map((d) => `${d} configuration`)], curveRows(m, designs, 'runtimeMs', formatMs), [1, 2]), volumes),
    html`<figure>${cost}<figcaption>Cost per run: lines and bands ${labelled('', 'projected')}; dots ${labelled('', 'measured')} usage at list prices.</figcaption></figure>`,
    dataTable('Data table: cost per run by volume (projected, with band)', table(['events per run', ...projected], curveRows(m, designs, 'costUsd', formatUsd), [1, 2]), volumes),
    html`<h3>Crossover volumes</h3>`,
    crossoverTable(m),
    ...validation(r, m),
    memorySweep(m),
    html`<h3>Model assumptions</h3><ul>${m.assumptions.map((a) => html`<li>${a.text} <small>(source: ${noScheme(a.source)})</small></li>`)}</ul>`,
    calibration(m),
    workloadCost(m),
  ]);
}

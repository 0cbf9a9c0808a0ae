import { ACCESS_MATRIX, PERSONAS, ZONES } from '../../lib/constructs/access-matrix';
import type { DesignName } from '../../lib/workload/contract';
import { COST_SERVICE_LABELS } from '../cost/run-cost';
import { cellCode, renderDecisionMapChart, scenarioCellSentence } from './decision-map';
import { type BarRow, type LogChartSpec, renderBarChart, renderLogChart } from './charts';
import { formatBytes, formatInt, formatMs, formatPct, formatUsd, formatVolume } from './format';
import { type DecisionFacts, decisionFacts } from './recommend';
import { observedRisks } from './risks';
import { escapeXml as esc, powerOfTenLabel, usdTickLabel } from './svg';
import {
  accessOf,
  type AccessView,
  comparisonOf,
  costOf,
  designsIn,
  faultsOf,
  type Holds,
  holdsOf,
  invocationsOf,
  migrationNote,
  modelOf,
  qualityOf,
  singleNodeInfeasibleFrom,
  whereText,
  writeLevelActions,
} from './views';
import { COST_SERVICES } from '../results/cost';
import type { ModelResult } from '../results/model';
import type { Results } from '../results/results';

/**
 * report.html: one self-contained page rendered from results.json: inline CSS and SVG, no scripts, no
 * fonts, no network (a Content-Security-Policy forbids any fetch). Pure: `renderHtml(results)` returns
 * the document. Every chart has a data table under it, and every number its label.
 */

const DESIGN_COLORS: Readonly<Record<DesignName, string>> = { 'single-node': '#1d4ed8', distributed: '#c2410c' };

const STAGE_COLORS = ['#0f766e', '#14b8a6', '#6366f1', '#a855f7', '#eab308', '#f97316', '#64748b', '#94a3b8'];
const SERVICE_COLORS: Readonly<Record<string, string>> = { lambda: '#f97316', stepFunctions: '#db2777', fargate: '#2563eb', s3: '#16a34a', logs: '#64748b', network: '#7c3aed', encryption: '#0f766e', monitoring: '#a16207' };

const CSS = `
:root{--ink:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#ffffff;--panel:#f9fafb;--bad:#b91c1c;--badbg:#fef2f2;--ok:#166534}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px 20px 64px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:36px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:1rem;margin:20px 0 6px}
p.sub{color:var(--muted);margin:0 0 16px}
.banner{border:2px solid var(--bad);background:var(--badbg);color:var(--bad);padding:12px 16px;border-radius:6px;font-weight:600;margin:12px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;margin:16px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .k{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.card .v{font-size:1.15rem;font-weight:650;margin-top:2px}
.card .n{font-size:.82rem;color:var(--muted)}
.label{font-size:.72rem;font-weight:600;border-radius:3px;padding:0 4px;margin-left:3px;white-space:nowrap}
.measured{background:#e0f2fe;color:#075985}.projected{background:#fef3c7;color:#92400e}.static{background:#ede9fe;color:#5b21b6}.scenario{background:#f3f4f6;color:#374151}
figure{margin:12px 0 4px}
figcaption{font-size:.85rem;color:var(--muted);margin-top:4px}
svg.chart{width:100%;height:auto;display:block;background:#fff}
svg.bar-chart{max-width:880px}
td ul{margin:0;padding-left:18px}
svg .grid{stroke:#e5e7eb;stroke-width:1}svg .grid.minor{stroke:#f3f4f6}
svg .axis{stroke:#6b7280;stroke-width:1}
svg text{font-family:inherit;fill:#374151;font-size:12px}
svg .axis-label{font-size:13px;fill:#111827}
svg .marker-label{font-size:12px;font-weight:600;fill:#111827;paint-order:stroke;stroke:#fff;stroke-width:4px}
svg .ref-label,svg .region-label{font-size:11.5px;fill:#b91c1c;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .segment-label{fill:#fff;font-size:11px;font-weight:600}
svg .bar-label{font-size:13px;fill:#111827}
svg .bar-note,svg .legend{font-size:12px}
.legend-row{display:flex;flex-wrap:wrap;gap:16px;font-size:.85rem;color:var(--muted);margin:6px 0}
.swatch{display:inline-block;width:22px;height:10px;vertical-align:middle;margin-right:6px;border-radius:2px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;vertical-align:middle;margin-right:6px;border:1px solid #111827}
.dot.hollow{background:#fff;border:2px solid #6b7280}
table{border-collapse:collapse;width:100%;font-size:.86rem;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
details.data{margin:4px 0 18px}
details.data summary{cursor:pointer;color:var(--muted);font-size:.85rem}
.placeholder{border:2px dashed #9ca3af;border-radius:8px;padding:24px;color:var(--muted);background:var(--panel);margin:12px 0}
td.diff{background:var(--badbg);color:var(--bad);font-weight:600}
td.same{color:var(--ok)}
.matrix td{text-align:center}.matrix td:first-child{text-align:left}
code{background:#f3f4f6;padding:1px 4px;border-radius:3px;font-size:.85em}
pre{background:#f3f4f6;padding:10px 12px;border-radius:6px;overflow:auto}
ul.risks li{margin-bottom:6px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:20px}@media (max-width:800px){.two{grid-template-columns:1fr}}
`;

/** A value with its basis label, as HTML. */
function L(text: string, label: 'measured' | 'projected' | 'static' | 'scenario'): string {
  return `${esc(text)} <span class="label ${label}">${label}</span>`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = [], caption?: string): string {
  const th = header.map((h) => `<th scope="col">${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`)).join('')}</tr>`).join('\n');
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Tables of more than this many rows start collapsed; the chart above them says the same. */
const OPEN_TABLE_ROWS = 10;

function dataTable(summary: string, inner: string, rows = 0): string {
  return `<details class="data"${rows > OPEN_TABLE_ROWS ? '' : ' open'}><summary>${esc(summary)}</summary>${inner}</details>`;
}

/** Escaped text with `inline code` (the Markdown the derived texts use) as <code>. */
function code(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

export function renderHtml(r: Results): string {
  const facts = decisionFacts(r);
  const model = modelOf(r);
  const sections = [
    header(r, facts),
    headline(r, facts),
    model ? projectionCharts(r, model) : measuredComparison(r, facts),
    stageBreakdown(r),
    costBreakdown(r),
    fixedCostSection(r),
    decisionMapFigure(model),
    accessSection(r),
    qualitySection(r),
    risksSection(r),
    recommendationSection(r),
    reproduceSection(r),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network at all: the page must render from the file alone.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(`scalesim report: ${r.scenario.name}${r.status === 'incomplete' ? ' (INCOMPLETE)' : ''}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(r: Results, facts: DecisionFacts): string {
  const s = r.scenario.spec;
  const out = [
    `<h1>${esc(`Design review: ${r.scenario.name}`)}</h1>`,
    `<p class="sub">When does scale require distributed computation? ${esc(`${formatInt(facts.volume)} events per run, ${s.schedule.runsPerMonth} runs a month, SLA ${s.sla.deadlineMinutes} min, budget $${s.budget.perRunUsd.toFixed(2)} per run / $${s.budget.perMonthUsd.toFixed(2)} per month`)} <span class="label scenario">scenario</span>. ` +
      `Emulator: ${esc(`${r.environment.emulator.name} ${r.environment.emulator.version ?? ''}`)} on ${r.environment.cpus} CPUs. Labels: ${L('', 'measured')} on the emulator, ${L('', 'projected')} for AWS, ${L('', 'static')} from templates.</p>`,
  ];
  if (r.status === 'incomplete') {
    out.push(`<div class="banner" role="alert">INCOMPLETE RUN: not a result. ${esc(r.incompleteReason ?? 'The run did not finish.')}</div>`);
  }
  return out.join('\n');
}

function card(k: string, v: string, n = ''): string {
  return `<div class="card"><div class="k">${esc(k)}</div><div class="v">${v}</div>${n ? `<div class="n">${n}</div>` : ''}</div>`;
}

function headline(r: Results, facts: DecisionFacts): string {
  const designs = designsIn(r);
  const cards: string[] = [];
  const rec = r.recommendation;
  const option = rec ? rec.recommended_option.replace(/\s*\(.*?\)/g, '').split(',')[0]!.trim() : 'not derived';
  cards.push(card('Recommendation', esc(option), rec ? code(`${rec.decision.split(/(?<=\.) /)[0]}`) : ''));
  const m = facts.model;
  if (m) {
    cards.push(card('Single-node infeasible', L(whereText(m.crossover.singleNodeInfeasible), 'projected'), esc(m.crossover.singleNodeInfeasible.reason ?? '')));
  } else {
    cards.push(card('Crossover', 'not available', 'no sweep in this run'));
  }
  for (const d of designs) {
    const f = facts.designs[d]!;
    const rt = f.projectedRuntimeMs ? L(formatMs(f.projectedRuntimeMs.mid), 'projected') : L(formatMs(f.measuredWallMs), 'measured');
    const cost = f.cost ? L(`${formatUsd(f.cost.perRunUsd)} per run`, 'measured') : 'cost not analysed';
    cards.push(card(d, rt, `${cost}; emulator wall ${L(formatMs(f.measuredWallMs), 'measured')}`));
  }
  const access = designs.map((d) => [d, facts.designs[d]!.access] as const);
  if (access.some(([, a]) => a)) {
    cards.push(card('IAM blast radius', access.map(([d, a]) => `${esc(d)} ${a ? a.summary.blastRadiusScore : 'n/a'}`).join(' · ') + ' <span class="label static">static</span>'));
  } else {
    cards.push(card('IAM scope', 'not analysed'));
  }
  const holds = designs.every((d) => r.designs[d]!.accounting.invariantHolds && !r.designs[d]!.accounting.failedPartitions.length && !r.designs[d]!.accounting.missingPartitions.length);
  cards.push(card('Accounting', holds ? L('every partition accounted for', 'measured') : `<span style="color:var(--bad)">${L('partitions failed or lost', 'measured')}</span>`));
  return `<section aria-label="Headline numbers"><div class="cards">${cards.join('\n')}</div></section>`;
}

function volumeLabel(v: number): string {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9 ? powerOfTenLabel(Math.round(e)) : formatVolume(v);
}

function crossoverMarkers(model: ModelResult): LogChartSpec['markers'] {
  const c = model.crossover;
  // Only a statement that flips inside the range has a volume to mark; "everywhere" and "nowhere" are in the table.
  const flips = (p: { volume: number | null; holds?: Holds }) => p.volume !== null && (holdsOf(p) === 'above' || holdsOf(p) === 'below');
  const out: { x: number; label: string; kind: string }[] = [];
  if (flips(c.faster)) out.push({ x: c.faster.volume!, label: `distributed faster ${whereText(c.faster)}`, kind: 'faster' });
  if (flips(c.cheaper)) out.push({ x: c.cheaper.volume!, label: `distributed cheaper ${whereText(c.cheaper)}`, kind: 'cheaper' });
  if (flips(c.singleNodeInfeasible)) out.push({ x: c.singleNodeInfeasible.volume!, label: `single-node infeasible ${whereText(c.singleNodeInfeasible)}`, kind: 'single-node-infeasible' });
  return out;
}

function projectionCharts(r: Results, m: ModelResult): string {
  const designs = designsIn(r).filter((d) => m.curves.designs[d]);
  const infeasible = singleNodeInfeasibleFrom(m);
  const markers = crossoverMarkers(m);
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
    shadeFrom: infeasible ? { x: infeasible, label: 'single-node infeasible (projected)' } : undefined,
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
    hlines: [{ y: r.scenario.spec.budget.perRunUsd, label: `budget $${r.scenario.spec.budget.perRunUsd.toFixed(2)} per run (scenario)`, kind: 'budget' }],
    xFormat: volumeLabel,
    yFormat: usdTickLabel,
    shadeFrom: infeasible ? { x: infeasible, label: 'single-node infeasible (projected)' } : undefined,
  });
  const legend = `<div class="legend-row">${designs.map((d) => `<span><span class="swatch" style="background:${DESIGN_COLORS[d]}"></span>${esc(d)}: projected line, shaded band</span>`).join('')}<span><span class="dot" style="background:#9ca3af"></span>measured on the emulator</span><span><span class="dot hollow"></span>measured, held out of the fit</span><span>- - - crossover / infeasible (projected)</span></div>`;
  const curveRows = (pick: 'runtimeMs' | 'costUsd', f: (v: number) => string) =>
    m.curves.volumes.map((v, i) => [
      esc(formatVolume(v)),
      ...designs.map((d) => {
        const b = m.curves.designs[d][pick][i]!;
        const inf = m.curves.designs[d].infeasible[i];
        return `${esc(`${f(b.mid)} (${f(b.low)}–${f(b.high)})`)}${inf ? ` <strong>infeasible</strong>` : ''}`;
      }),
      ...(pick === 'runtimeMs' ? designs.map((d) => esc(m.curves.designs[d].configuration[i] ?? '')) : []),
    ]);
  const c = m.crossover;
  const val = m.validation;
  const crossoverTable = table(
    ['crossover', 'where (events per run)', 'reasoning'],
    [
      ['distributed faster', L(whereText(c.faster), 'projected'), esc(c.faster.reasoning)],
      ['distributed cheaper', L(whereText(c.cheaper), 'projected'), esc(c.cheaper.reasoning)],
      ['single-node infeasible', L(whereText(c.singleNodeInfeasible), 'projected'), esc(c.singleNodeInfeasible.reasoning)],
    ],
  );
  const heldOut = table(
    ['held-out point', 'measured', 'predicted', 'measured ÷ predicted'],
    val.heldOut.map((h) => [esc(`${h.design} at ${formatVolume(h.events)} events`), L(formatMs(h.measuredMs), 'measured'), esc(formatMs(h.predictedMs)), `${h.ratio.toFixed(3)}${Math.abs(h.ratio - 1) > val.targetPct / 100 ? ' <strong>outside target</strong>' : ''}`]),
    [1, 2, 3],
  );
  return [
    '<section aria-labelledby="h-projection">',
    '<h2 id="h-projection">Runtime and cost against volume</h2>',
    `<p>${esc(c.sentence)} <span class="label projected">projected</span></p>`,
    legend,
    `<figure>${runtime}<figcaption>Runtime: lines and bands are ${L('', 'projected')} AWS wall time; dots are ${L('', 'measured')} emulator wall time (${r.environment.cpus} cores, so not AWS time).</figcaption></figure>`,
    dataTable('Data table: runtime per run by volume (projected, with band)', table(['events per run', ...designs.map((d) => `${esc(d)} <span class="label projected">projected</span>`), ...designs.map((d) => `${esc(d)} configuration`)], curveRows('runtimeMs', formatMs), [1, 2]), m.curves.volumes.length),
    `<figure>${cost}<figcaption>Cost per run: lines and bands ${L('', 'projected')}; dots ${L('', 'measured')} usage at list prices.</figcaption></figure>`,
    dataTable('Data table: cost per run by volume (projected, with band)', table(['events per run', ...designs.map((d) => `${esc(d)} <span class="label projected">projected</span>`)], curveRows('costUsd', formatUsd), [1, 2]), m.curves.volumes.length),
    '<h3>Crossover volumes</h3>',
    crossoverTable,
    `<h3>Validation: held-out error (target ±${val.targetPct}%: ${val.withinTarget ? 'met' : val.heldOut.length ? '<strong>missed</strong>' : '<strong>unknown, no held-out volume</strong>'})</h3>`,
    val.heldOut.length ? heldOut : `<p>No held-out volume: run <code>${esc(`scalesim sweep ${r.scenario.file}`)}</code> to measure the projection error.</p>`,
    val.note ? `<p>${esc(val.note)}</p>` : '',
    m.memorySweep
      ? `<h3>Lambda memory sweep</h3>${table(
          ['memory (MB)', 'projected wall per run (scenario volume)', 'projected cost per run', 'basis'],
          m.memorySweep.points.map((p) => [esc(String(p.memoryMb)) + (p.memoryMb === m.memorySweep!.optima.balanced ? ' (balanced optimum)' : p.memoryMb === m.memorySweep!.optima.cost ? ' (cost optimum)' : p.memoryMb === m.memorySweep!.optima.speed ? ' (speed optimum)' : ''), esc(formatMs(p.wallMs)), esc(formatUsd(p.costUsd)), `<span class="label ${p.basis}">${p.basis}</span>`]),
          [1, 2],
        )}`
      : '',
    `<h3>Model assumptions</h3><ul>${m.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`,
    '</section>',
  ].join('\n');
}

function firstInfeasible(m: ModelResult, d: DesignName): number | undefined {
  const i = m.curves.designs[d].infeasible.findIndex((x) => x !== null);
  return i >= 0 ? m.curves.volumes[i] : undefined;
}

function measuredComparison(r: Results, facts: DecisionFacts): string {
  const designs = designsIn(r);
  const rows: BarRow[] = designs.map((d) => ({
    label: d,
    segments: [{ name: 'emulator wall time', value: facts.designs[d]!.measuredWallMs, color: DESIGN_COLORS[d] }],
    note: `${formatMs(facts.designs[d]!.measuredWallMs)} measured`,
  }));
  const costRows: BarRow[] = designs.map((d) => {
    const c = facts.designs[d]!.cost;
    return { label: d, segments: [{ name: 'cost per run', value: c?.perRunUsd ?? 0, color: DESIGN_COLORS[d] }], note: c ? `${formatUsd(c.perRunUsd)} measured` : 'not analysed' };
  });
  return [
    '<section aria-labelledby="h-measured">',
    '<h2 id="h-measured">Measured comparison</h2>',
    `<div class="placeholder" id="projection-placeholder"><strong>Projection charts go here.</strong> Runtime and cost against volume on log axes, with the crossover marked, need a sweep: this run measured one volume. Run <code>${esc(`scalesim sweep ${r.scenario.file} --volumes 1e4,1e5,1e6 --project-to 1e9`)}</code>.</div>`,
    `<figure>${renderBarChart({ id: 'measured-runtime-chart', title: 'Runtime on the emulator', description: 'Measured emulator wall time per design at this run\'s volume.', rows, mode: 'absolute', valueFormat: formatMs })}<figcaption>Emulator wall time ${L('', 'measured')}; not AWS time.</figcaption></figure>`,
    dataTable(
      'Data table: runtime on the emulator',
      table(
        ['design', 'emulator wall', 'worker CPU', 'upload', 'deploy'],
        designs.map((d) => {
          const m = r.designs[d]!.runtime.measured;
          return [esc(d), L(formatMs(m.wallMs), 'measured'), L(formatMs(m.cpuMs), 'measured'), L(formatMs(m.uploadMs), 'measured'), L(formatMs(m.deployMs), 'measured')];
        }),
        [1, 2, 3, 4],
      ),
    ),
    `<figure>${renderBarChart({ id: 'measured-cost-chart', title: 'Cost per run', description: 'Measured usage priced at list prices, per design.', rows: costRows, mode: 'absolute', valueFormat: formatUsd })}<figcaption>Cost per run: ${L('', 'measured')} usage at list prices.</figcaption></figure>`,
    dataTable(
      'Data table: cost per run',
      table(
        ['design', 'per run', 'per 1M events', 'per month'],
        designs.map((d) => {
          const c = facts.designs[d]!.cost;
          return c ? [esc(d), L(formatUsd(c.perRunUsd), 'measured'), L(formatUsd(c.perMillionEventsUsd), 'measured'), L(formatUsd(c.perMonthUsd), 'measured')] : [esc(d), 'not analysed', '—', '—'];
        }),
        [1, 2, 3],
      ),
    ),
    '</section>',
  ].join('\n');
}

function stageBreakdown(r: Results): string {
  const designs = designsIn(r);
  const stageNames = [...new Set(designs.flatMap((d) => Object.keys(r.designs[d]!.profile.stages)))];
  const color = (i: number) => STAGE_COLORS[i % STAGE_COLORS.length]!;
  const rows: BarRow[] = designs.map((d) => {
    const st = r.designs[d]!.profile.stages;
    const total = Object.values(st).reduce((a, s) => a + s.cpuMs, 0);
    return { label: d, segments: stageNames.map((n, i) => ({ name: n, value: st[n]?.cpuMs ?? 0, color: color(i) })), note: `${formatMs(total)} CPU (measured)` };
  });
  const tableRows = stageNames.map((n) => [
    esc(n),
    ...designs.map((d) => {
      const s = r.designs[d]!.profile.stages[n];
      return s ? L(`${formatMs(s.cpuMs)} CPU, ${formatMs(s.wallMs)} wall, ${formatBytes(s.bytes)}`, 'measured') : '—';
    }),
  ]);
  const orchestration = designs.map((d) => {
    const x = r.designs[d]!;
    const o = x.orchestration;
    const inv = invocationsOf(x);
    const s = x.profile.stragglers;
    return [
      esc(d),
      L(`${formatMs(o.overheadMs)} of ${formatMs(x.runtime.measured.wallMs)} (${formatPct(o.overheadMs / Math.max(1, x.runtime.measured.wallMs))})`, 'measured'),
      L(`${o.transitions} transitions, ${o.retries} retries, ${o.caughtFailures} caught`, 'measured'),
      inv ? L(`${inv.cold} of ${inv.count} cold, ${inv.throttled} throttled, init p50 ${formatMs(inv.initMs.p50)}`, 'measured') : '—',
      s.medianMs ? L(`${s.ratio.toFixed(2)}× (${formatMs(s.maxMs)} vs ${formatMs(s.medianMs)}): ${s.slowest.slice(0, 2).join(', ')}`, 'measured') : '—',
      x.bottleneck ? `<strong>${esc(x.bottleneck.kind)}</strong> ${L('', 'measured')}: ${esc(x.bottleneck.evidence)}. Lever: ${esc(x.bottleneck.lever)}; ${L('', 'projected')} effect: ${esc(x.bottleneck.projectedEffect)}` : 'not named',
    ];
  });
  return [
    '<section aria-labelledby="h-stages">',
    '<h2 id="h-stages">Stage breakdown and bottleneck</h2>',
    `<figure>${renderBarChart({ id: 'stage-chart', title: 'Worker CPU by stage', description: 'Share of worker CPU time per processing stage, summed over partitions, per design (measured).', rows, mode: 'share', valueFormat: formatMs })}<figcaption>Worker CPU by stage, summed over partitions ${L('', 'measured')}.</figcaption></figure>`,
    dataTable('Data table: stages', table(['stage', ...designs.map(esc)], tableRows)),
    table(['design', 'orchestration overhead', 'state machine', 'invocations', 'stragglers (max ÷ median)', 'bottleneck'], orchestration),
    '</section>',
  ].join('\n');
}

function costBreakdown(r: Results): string {
  const designs = designsIn(r).filter((d) => costOf(r.designs[d]));
  if (!designs.length) return '<section aria-labelledby="h-cost"><h2 id="h-cost">Cost breakdown</h2><p>Cost not analysed in this run.</p></section>';
  const rows: BarRow[] = designs.map((d) => {
    const c = costOf(r.designs[d])!;
    return {
      label: d,
      segments: COST_SERVICES.filter((s) => c.breakdown[s] !== undefined).map((s) => ({ name: COST_SERVICE_LABELS[s], value: c.breakdown[s]!, color: SERVICE_COLORS[s] ?? '#9ca3af' })),
      note: `${formatUsd(c.perRunUsd)} per run (measured${c.fixedMonthlyUsd !== undefined ? ', fixed costs shared over the month\'s runs' : ''})`,
    };
  });
  const services = COST_SERVICES.filter((s) => designs.some((d) => costOf(r.designs[d])!.breakdown[s] !== undefined));
  const tableRows = [
    ...services.map((s) => [esc(COST_SERVICE_LABELS[s]), ...designs.map((d) => {
      const v = costOf(r.designs[d])!.breakdown[s];
      return v === undefined ? '—' : L(formatUsd(v), 'measured');
    })]),
    ['<strong>per run</strong>', ...designs.map((d) => L(formatUsd(costOf(r.designs[d])!.perRunUsd), 'measured'))],
    ['per 1M events', ...designs.map((d) => L(formatUsd(costOf(r.designs[d])!.perMillionEventsUsd), 'measured'))],
    [esc(`per month (${r.scenario.spec.schedule.runsPerMonth} runs)`), ...designs.map((d) => L(formatUsd(costOf(r.designs[d])!.perMonthUsd), 'measured'))],
    ['budget', ...designs.map((d) => (costOf(r.designs[d])!.budget.withinBudget ? 'within' : '<strong style="color:var(--bad)">OVER</strong>'))],
  ];
  const snap = costOf(r.designs[designs[0]!])!.priceSnapshot;
  return [
    '<section aria-labelledby="h-cost">',
    '<h2 id="h-cost">Cost breakdown by service</h2>',
    `<figure>${renderBarChart({ id: 'cost-breakdown-chart', title: 'Cost per run by service', description: 'Each design\'s cost per run split by AWS service: measured usage priced at list prices.', rows, mode: 'absolute', valueFormat: formatUsd })}<figcaption>Measured usage × list prices from ${esc(`${snap.file} dated ${snap.date}`)}.</figcaption></figure>`,
    dataTable('Data table: cost by service', table(['service', ...designs.map(esc)], tableRows, [1, 2])),
    '</section>',
  ].join('\n');
}

/** Fixed, per-run and monthly cost side by side, and every priced template resource with its construct path. */
function fixedCostSection(r: Results): string {
  const designs = designsIn(r).filter((d) => costOf(r.designs[d])?.resources);
  if (!designs.length) return '';
  const runs = r.scenario.spec.schedule.runsPerMonth;
  const cost = (d: DesignName) => costOf(r.designs[d])!;
  const horizon = cost(designs[0]!).horizonMonth ?? 1;
  const bars: BarRow[] = designs.map((d) => {
    const c = cost(d);
    return {
      label: d,
      segments: [
        { name: 'fixed', value: c.fixedMonthlyUsd ?? 0, color: '#7c3aed' },
        { name: `${runs} runs`, value: runs * (c.runDependentPerRunUsd ?? 0), color: '#f59e0b' },
      ],
      note: `${formatUsd(c.perMonthUsd)} a month`,
    };
  });
  const totals = [
    ['fixed a month (templates)', ...designs.map((d) => L(formatUsd(cost(d).fixedMonthlyUsd ?? 0), 'static'))],
    ['own cost per run', ...designs.map((d) => L(formatUsd(cost(d).runDependentPerRunUsd ?? cost(d).perRunUsd), cost(d).basis === 'projected' ? 'projected' : 'measured'))],
    ['per run, fixed share included', ...designs.map((d) => L(formatUsd(cost(d).perRunUsd), cost(d).basis === 'projected' ? 'projected' : 'measured'))],
    [esc(`a month, month 1 (${runs} runs)`), ...designs.map((d) => L(formatUsd(cost(d).month1Usd ?? cost(d).perMonthUsd), 'measured'))],
    [esc(`a month, month ${horizon} (${runs} runs)`), ...designs.map((d) => L(formatUsd(cost(d).perMonthUsd), 'measured'))],
    ['shared with the other design; design-dependent', ...designs.map((d) => (cost(d).split ? esc(`${formatUsd(cost(d).split!.sharedMonthlyUsd)}; ${formatUsd(cost(d).split!.designMonthlyUsd)}`) : '—'))],
    ['top cost driver', ...designs.map((d) => {
      const t = cost(d).topDriver;
      return t ? esc(`${t.type} ×${t.logicalIds.length}: ${formatUsd(t.monthlyUsd)} (${Math.round(t.share * 100)}%)`) : '—';
    })],
    ['lever on the biggest fixed cost', ...designs.map((d) => {
      const l = cost(d).lever;
      return l ? esc(`${l.change}. Trade-off: ${l.tradeOff}.`) : '—';
    })],
  ];
  const lines = designs.flatMap((d) =>
    cost(d).resources!.filter((l) => l.pricing !== 'free').sort((a, b) => b.monthlyUsd - a.monthlyUsd).map((l) => [
      esc(d),
      `<code>${esc(l.cdkPath)}</code>`,
      esc(l.type),
      esc(l.pricing),
      esc(formatUsd(l.fixedMonthlyUsd)),
      esc(formatUsd(l.perRunUsd)),
      esc(formatUsd(l.monthlyUsd)),
      l.shared === undefined ? '' : l.shared ? 'shared' : 'this design',
      esc(l.reason),
    ]),
  );
  const freeCount = designs.map((d) => `${d} ${cost(d).resources!.filter((l) => l.pricing === 'free').length}`).join(', ');
  const unpriced = designs.flatMap((d) => cost(d).resources!.filter((l) => l.pricing === 'unpriced').map((l) => `${d}: ${l.cdkPath} (${l.type})`));
  return [
    '<section aria-labelledby="h-fixed-cost">',
    '<h2 id="h-fixed-cost">Fixed, per-run and monthly cost</h2>',
    `<figure>${renderBarChart({ id: 'monthly-cost-chart', title: 'Cost a month: fixed and per run', description: `Each design's month ${horizon} cost at ${runs} runs: the fixed cost of what its template deploys, and its runs.`, rows: bars, mode: 'absolute', valueFormat: formatUsd })}<figcaption>Every resource of both templates is priced (free: ${esc(freeCount)}); ${unpriced.length ? `<strong>unpriced, not in the totals: ${esc(unpriced.join('; '))}</strong>` : 'none is unpriced'}.</figcaption></figure>`,
    table(['', ...designs.map(esc)], totals),
    dataTable('Data table: every priced resource, with its construct path', table(['design', 'construct path', 'type', 'pricing', 'fixed a month', 'per run', `month ${horizon}`, 'design', 'how it is priced'], lines, [4, 5, 6]), lines.length),
    '</section>',
  ].join('\n');
}

/** The decision map as a chart and a table: which design is cheaper a month and meets the SLA. */
function decisionMapFigure(model: ModelResult | undefined): string {
  const map = model?.decisionMap;
  if (!map) return '';
  const rows = map.events.map((v, i) => [esc(formatVolume(v)), ...map.cells[i].map((c) => esc(`${cellCode(c)}: ${formatUsd(c.monthlyUsd['single-node'])} / ${formatUsd(c.monthlyUsd.distributed)}`))]);
  return [
    '<section aria-labelledby="h-decision-map">',
    '<h2 id="h-decision-map">Decision map: events per run × runs per month</h2>',
    `<p>${esc(scenarioCellSentence(map))}</p>`,
    `<figure>${renderDecisionMapChart(map)}<figcaption>Monthly totals ${L('', 'projected')}: each design's fixed monthly cost plus runs × its projected cost per run; SLA from the projection at each volume.</figcaption></figure>`,
    dataTable('Data table: choice and monthly cost (single-node / distributed) per cell', table(['events per run', ...map.runsPerMonth.map((n) => esc(`${n} runs/month`))], rows)),
    '</section>',
  ].join('\n');
}

const CAPABILITY_LABELS: Readonly<Record<string, string>> = { operatePipelines: 'pipelines', reviewIam: 'IAM review', viewCostSignals: 'cost signals' };

function matrixTable(d: DesignName, a: AccessView): string {
  const capabilities = [...new Set(a.matrix.capabilities.map((c) => c.capability))];
  const rows = PERSONAS.map((p) => {
    const zoneCells = ZONES.map((z) => {
      const cell = a.matrix.cells.find((c) => c.persona === p && c.zone === z);
      const intended = cell?.intended ?? ACCESS_MATRIX[p].zones[z];
      const computed = cell?.computed ?? '?';
      return intended === computed ? `<td class="same">${esc(computed)}</td>` : `<td class="diff" title="intended ${esc(intended)}, computed ${esc(computed)}">${esc(intended)} → ${esc(computed)}</td>`;
    });
    const capCells = capabilities.map((c) => {
      const cell = a.matrix.capabilities.find((x) => x.persona === p && x.capability === c);
      if (!cell) return '<td>—</td>';
      const yn = (b: boolean) => (b ? 'yes' : 'no');
      return cell.intended === cell.computed ? `<td class="same">${yn(cell.computed)}</td>` : `<td class="diff">${yn(cell.intended)} → ${yn(cell.computed)}</td>`;
    });
    return `<tr><th scope="row">${esc(p)}</th>${zoneCells.join('')}${capCells.join('')}</tr>`;
  });
  const head = `<tr><th scope="col">persona</th>${ZONES.map((z) => `<th scope="col">${esc(z)}</th>`).join('')}${capabilities.map((c) => `<th scope="col">${esc(CAPABILITY_LABELS[c] ?? c)}</th>`).join('')}</tr>`;
  const diffs = a.matrix.differences;
  return [
    `<h3>${esc(d)}: stakeholder matrix, intended vs computed <span class="label static">static</span></h3>`,
    `<table class="matrix" data-design="${esc(d)}"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`,
    diffs.length
      ? `<p><strong>${diffs.length} difference(s)</strong> (highlighted as intended → computed):</p><ul>${diffs.map((x) => `<li>${esc(`${x.persona} / ${x.target}: intended ${x.intended}, computed ${x.computed}${x.extraActions.length ? `; extra ${x.extraActions.join(', ')}` : ''}${x.missingActions.length ? `; missing ${x.missingActions.join(', ')}` : ''}`)}</li>`).join('')}</ul>`
      : '<p>Computed access equals the intended matrix: no differences.</p>',
    a.runtime
      ? `<p>Run-time probe: ${L(`${a.runtime.summary.checks} checks, ${a.runtime.summary.enforced} enforced by the emulator, ${a.runtime.summary.evaluated} evaluated, ${a.runtime.summary.mismatches} mismatches`, 'measured')}${a.runtime.summary.mismatchList.length ? `: ${esc(a.runtime.summary.mismatchList.join('; '))}` : ''}.</p>`
      : '',
  ].join('\n');
}

function accessSection(r: Results): string {
  const designs = designsIn(r);
  const analysed = designs.filter((d) => accessOf(r.designs[d]));
  const head = '<section aria-labelledby="h-access"><h2 id="h-access">Access scope and stakeholder matrix</h2>';
  if (!analysed.length) return `${head}<p>IAM scope: <strong>not analysed</strong> in this run (no <code>designs[*].access</code>). Run <code>scalesim access</code>.</p></section>`;
  const cmp = comparisonOf(r)?.access;
  const dims =
    cmp?.dimensions ??
    [
      { name: 'blast radius score', unit: 'points', pick: (a: AccessView) => a.summary.blastRadiusScore },
      { name: 'workload principals', unit: 'principals', pick: (a: AccessView) => a.summary.workloadPrincipals },
      { name: 'write-level actions', unit: 'actions', pick: writeLevelActions },
      { name: 'actions on "*"', unit: 'actions', pick: (a: AccessView) => a.summary.actionsOnStar },
    ].map((x) => ({ name: x.name, unit: x.unit, values: Object.fromEntries(analysed.map((d) => [d, x.pick(accessOf(r.designs[d])!)])) as Record<DesignName, number> }));
  const chart = renderBarChartGrouped(dims, analysed);
  const tableRows = dims.map((dim) => [esc(dim.name), ...analysed.map((d) => L(`${dim.values[d] ?? 0} ${dim.unit}`, 'static'))]);
  const findings = analysed.flatMap((d) =>
    accessOf(r.designs[d])!
      .findings.filter((f) => f.category !== 'coverage')
      .map((f) => [esc(d), esc(f.severity), esc(`${f.category} / ${f.rule}`), esc(`${f.principal ? `${f.principal}: ` : ''}${f.message}`)]),
  );
  return [
    head,
    cmp ? `<p>${esc(cmp.reasons.slice(0, 3).join('; '))}. Smaller blast radius: <strong>${esc(cmp.smallerBlastRadius)}</strong> <span class="label static">static</span>.</p>` : '',
    `<figure>${chart}<figcaption>IAM scope per design ${L('', 'static')}, from the synthesized templates; each dimension on its own scale.</figcaption></figure>`,
    dataTable('Data table: access scope', table(['dimension', ...analysed.map(esc)], tableRows, [1, 2])),
    ...analysed.map((d) => matrixTable(d, accessOf(r.designs[d])!)),
    findings.length ? `<h3>Findings</h3>${table(['design', 'severity', 'rule', 'finding'], findings)}` : '<p>No IAM findings.</p>',
    '</section>',
  ].join('\n');
}

/** One pair of bars per dimension, each dimension scaled to its own maximum (units differ). */
function renderBarChartGrouped(dims: readonly { readonly name: string; readonly unit: string; readonly values: Readonly<Record<string, number>> }[], designs: readonly DesignName[]): string {
  const W = 760;
  const left = 290;
  const right = 130;
  const barH = 14;
  const groupH = designs.length * (barH + 3) + 14;
  const h = 10 + dims.length * groupH + 24;
  const out = [`<svg class="chart bar-chart" id="access-chart" viewBox="0 0 ${W} ${h}" role="img" aria-labelledby="access-chart-title access-chart-desc">`, `<title id="access-chart-title">IAM scope comparison</title>`, `<desc id="access-chart-desc">${esc(dims.map((d) => `${d.name}: ${designs.map((x) => `${x} ${d.values[x] ?? 0}`).join(', ')}`).join('; '))}</desc>`];
  dims.forEach((dim, gi) => {
    const y0 = 10 + gi * groupH;
    const max = Math.max(1, ...designs.map((d) => dim.values[d] ?? 0));
    out.push(`<text class="bar-label" x="${left - 10}" y="${y0 + groupH / 2 - 2}" text-anchor="end">${esc(dim.name)}</text>`);
    designs.forEach((d, i) => {
      const v = dim.values[d] ?? 0;
      const w = ((W - left - right) * v) / max;
      const y = y0 + i * (barH + 3);
      out.push(`<rect class="segment" x="${left}" y="${y}" width="${Math.max(0, Math.round(w * 10) / 10)}" height="${barH}" fill="${DESIGN_COLORS[d]}"><title>${esc(`${d}, ${dim.name}: ${v} ${dim.unit}`)}</title></rect>`, `<text class="bar-note" x="${left + w + 6}" y="${y + barH - 3}">${esc(`${v} ${dim.unit}`)}</text>`);
    });
  });
  const ly = h - 14;
  designs.forEach((d, i) => out.push(`<rect x="${left + i * 160}" y="${ly}" width="12" height="12" fill="${DESIGN_COLORS[d]}"/><text class="legend" x="${left + i * 160 + 18}" y="${ly + 11}">${esc(d)}</text>`));
  out.push('</svg>');
  return out.join('\n');
}

function qualitySection(r: Results): string {
  const designs = designsIn(r);
  const rows = [
    ['accounting: input = curated + quarantined + duplicates', ...designs.map((d) => {
      const a = r.designs[d]!.accounting;
      return `${L(`${formatInt(a.input)} = ${formatInt(a.curated)} + ${formatInt(a.quarantined)} + ${formatInt(a.duplicatesDropped)}`, 'measured')} ${a.invariantHolds ? 'holds' : '<strong style="color:var(--bad)">BROKEN</strong>'}`;
    })],
    ['failed / lost partitions', ...designs.map((d) => {
      const a = r.designs[d]!.accounting;
      const bad = a.failedPartitions.length + a.missingPartitions.length;
      return `${bad ? '<strong style="color:var(--bad)">' : ''}${L(`${a.failedPartitions.length} / ${a.missingPartitions.length}`, 'measured')}${bad ? '</strong>' : ''}${a.failedPartitions.length ? `: ${esc(a.failedPartitions.map((p) => p.key).join(', '))}` : ''}`;
    })],
  ];
  const q = designs.map((d) => qualityOf(r.designs[d]));
  if (q.some(Boolean)) {
    const cell = (f: (x: NonNullable<(typeof q)[number]>) => string) => q.map((x) => (x ? L(f(x), 'measured') : 'not collected'));
    rows.push(
      ['drifted records (breaking)', ...cell((x) => `${formatInt(x.drift.events)} (${formatInt(x.drift.breakingEvents)})`)],
      ['late records', ...cell((x) => formatInt(x.freshness.late))],
      ['lineage missing', ...cell((x) => `${formatInt(x.lineage.missing)} of ${formatInt(x.lineage.missing + x.lineage.complete)}`)],
      ['quarantine reasons', ...cell((x) => Object.entries(x.quarantineReasons).filter(([, v]) => v).map(([k, v]) => `${k} ${formatInt(v)}`).join(', ') || 'none')],
      ['high + critical access-risk records', ...cell((x) => formatInt((x.access.byRiskLevel.high ?? 0) + (x.access.byRiskLevel.critical ?? 0)))],
    );
  }
  for (const d of designs) {
    const f = faultsOf(r.designs[d]);
    if (f) {
      const seen = Object.entries(f.observedErrors).map(([k, v]) => `${v}× ${k}`).join(', ') || 'no task errors';
      const text = `injected ${f.injected.join(', ') || 'nothing directly'}; seen ${seen}; ${f.retries} retries; ${f.failedForGood.length} batch(es) failed for good; ${f.affectedPartitions} partition(s) affected`;
      rows.push([`faults in ${esc(d)}`, ...designs.map((x) => (x === d ? L(esc(text), 'measured') : '—'))]);
    }
  }
  return ['<section aria-labelledby="h-quality">', '<h2 id="h-quality">Quality and accounting</h2>', table(['', ...designs.map(esc)], rows.map((r0) => [esc(r0[0]!), ...r0.slice(1)])), '</section>'].join('\n');
}

function risksSection(r: Results): string {
  const risks = observedRisks(r);
  return [
    '<section aria-labelledby="h-risks">',
    '<h2 id="h-risks">Risks observed in this run</h2>',
    `<ul class="risks">${risks.map((x) => `<li><strong>${esc(x.title)}.</strong> ${code(x.observed)} <em>Mitigation:</em> ${code(x.mitigation)}</li>`).join('\n')}</ul>`,
    '</section>',
  ].join('\n');
}

function recommendationSection(r: Results): string {
  const rec = r.recommendation;
  const out = ['<section aria-labelledby="h-rec">', '<h2 id="h-rec">Recommendation</h2>'];
  if (!rec) out.push('<p>No recommendation recorded.</p>');
  else {
    out.push(
      table(['field', 'value'], [
        ['decision', code(rec.decision)],
        ['recommended_option', code(rec.recommended_option)],
        ['minimum_evidence_before_pilot', `<ul>${rec.minimum_evidence_before_pilot.map((x) => `<li>${code(x)}</li>`).join('')}</ul>`],
        ['monitoring_metric', code(rec.monitoring_metric)],
        ['rollback_trigger', code(rec.rollback_trigger)],
      ]),
    );
  }
  if (r.alternatives?.length) out.push('<h3>Alternatives</h3>', table(['option', 'strength', 'risk', 'evidence'], r.alternatives.map((a) => [code(a.option), code(a.strength), code(a.risk), code(a.evidence)])));
  out.push('</section>');
  return out.join('\n');
}

function reproduceSection(r: Results): string {
  const env = r.environment;
  const cost = designsIn(r).map((d) => costOf(r.designs[d])).find(Boolean);
  return [
    '<section aria-labelledby="h-repro">',
    '<h2 id="h-repro">Reproduce</h2>',
    `<pre><code>${esc(r.command)}</code></pre>`,
    '<ul>',
    `<li>Scenario <code>${esc(r.scenario.file)}</code>, sha256 <code>${esc(r.scenario.hash)}</code>, seed ${r.scenario.seed}</li>`,
    `<li>scalesim ${esc(env.scalesimVersion)}, node ${esc(env.node)}, ${esc(`${env.emulator.name} ${env.emulator.version ?? ''}`)}, ${esc(Object.entries(env.versions).map(([k, v]) => `${k} ${v}`).join(', '))}</li>`,
    `<li>Prices: ${cost ? `<code>${esc(cost.priceSnapshot.file)}</code> dated ${esc(cost.priceSnapshot.date)}, sha256 <code>${esc(cost.priceSnapshot.sha256.slice(0, 12))}</code>` : 'not priced'}</li>`,
    `<li>Generated ${esc(r.generatedAt)}; status ${r.status === 'complete' ? 'complete' : '<strong>INCOMPLETE</strong>'}; machine: ${esc(`${env.platform}, ${env.cpus} × ${env.cpuModel}, ${env.memoryGb} GB`)}</li>`,
    ...(migrationNote(r) ? [`<li>${esc(migrationNote(r)!)}</li>`] : []),
    '</ul>',
    '</section>',
  ].join('\n');
}

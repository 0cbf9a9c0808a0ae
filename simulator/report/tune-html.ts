import { DESIGNS } from '../../lib/workload/contract';
import type { DesignTune, EvaluatedPoint, TuneReport, Verification } from '../results/tune';
import { TUNE_STRATEGIES } from '../results/tune';
import { relaxedWords } from '../tune/summary';
import { renderScatterChart, type ScatterMark } from './charts';
import { usdTickLabel } from './svg';
import { formatBudgetUsd, formatMs, formatUsd, formatUsdFine } from './format';
import { page } from './html/page';
import { DESIGN_COLORS, labelled, table } from './html/parts';
import { html, type Html, joinHtml, raw } from './html/template';
import { BASIS_WORDS, designTitle, frontRows, gap, pickedBy, pointById, quantity, reasonsOf, verificationHeadline } from './tune-format';

/**
 * tune.html: one self-contained page rendered from tune.json (inline CSS and SVG, no scripts, no
 * network): a Pareto scatter per design (monthly cost against p95 runtime, picks marked, infeasible
 * points grey), the fronts and the verification as tables. Written with the `html` tagged template, so
 * every value from tune.json is escaped unless marked otherwise (html/template.ts). Pure.
 */

function scatter(r: TuneReport, t: DesignTune): Html {
  const byId = pointById(t);
  const marks: ScatterMark[] = [];
  for (const s of TUNE_STRATEGIES) {
    const p = t.picks[s] ? byId.get(t.picks[s]!) : undefined;
    if (p) marks.push({ x: p.runtimeP95Ms, y: p.monthlyUsd, label: `${s} pick`, kind: `pick-${s}` });
  }
  const fb = t.fallback ? byId.get(t.fallback.pointId) : undefined;
  if (fb) marks.push({ x: fb.runtimeP95Ms, y: fb.monthlyUsd, label: `closest (${r.strategy}; misses ${relaxedWords(t.fallback!.relaxed)})`, kind: 'fallback' });
  const current = t.points.find((p) => p.current);
  if (current) marks.push({ x: current.runtimeP95Ms, y: current.monthlyUsd, label: 'current scenario', kind: 'current' });
  const title = (p: EvaluatedPoint) => `${p.label}: ${formatUsdFine(p.monthlyUsd)} a month, ${formatMs(p.runtimeP95Ms)} at p95${p.feasible ? '' : `; infeasible: ${reasonsOf(p)}`}`;
  // The chart builder escapes every text it places.
  return raw(renderScatterChart({
    id: `pareto-${t.design}`,
    title: `${t.design}: monthly cost against p95 runtime (projected)`,
    description: `${t.evaluated} configurations of the ${t.design} design; ${t.feasible} feasible (coloured), the rest grey; the line is the Pareto front; rings mark the picks and the scenario's own configuration.`,
    xLabel: 'p95 runtime per run (projected, AWS; log scale)',
    yLabel: 'cost per month, USD (projected)',
    color: DESIGN_COLORS[t.design],
    points: t.points.map((p) => ({ x: p.runtimeP95Ms, y: p.monthlyUsd, title: title(p), feasible: p.feasible })),
    front: t.front.map((id) => byId.get(id)!).filter(Boolean).map((p) => [p.runtimeP95Ms, p.monthlyUsd] as const),
    marks,
    vlines: [{ x: r.constraints.slaMinutes * 60_000, label: `SLA ${r.constraints.slaMinutes} min`, kind: 'sla' }],
    yFormat: usdTickLabel,
  }));
}

/** Fronts longer than this start collapsed. */
const OPEN_FRONT_ROWS = 10;

function frontTable(r: TuneReport, t: DesignTune): Html | '' {
  const shown = frontRows(t);
  if (!shown.length) return '';
  const summary = `${t.fallback ? 'Front of the closest configurations' : 'Pareto front'}: ${t.front.length} points${shown.length < t.front.length ? `, ${shown.length} shown` : ''}`;
  const inner = table(
    ['configuration', 'per month', 'per run', 'p95 runtime', 'picked by'],
    shown.map((p) => [p.label, formatUsdFine(p.monthlyUsd), formatUsd(p.perRunUsd), formatMs(p.runtimeP95Ms), [...pickedBy(t, p.id), ...(t.fallback?.pointId === p.id ? [`${r.strategy} (closest)`] : [])].join(', ')]),
    [1, 2, 3],
  );
  return shown.length > OPEN_FRONT_ROWS ? html`<details class="data"><summary>${summary}</summary>${inner}</details>` : html`<details class="data" open><summary>${summary}</summary>${inner}</details>`;
}

function designSection(r: TuneReport, t: DesignTune): Html {
  const kinds = Object.entries(t.infeasibleByKind).map(([k, n]) => `${k} ${n}`);
  const current = t.points.find((p) => p.current);
  return joinHtml([
    html`<h2>${designTitle(t.design)}</h2>`,
    html`<p>${`${t.evaluated.toLocaleString('en-US')} configurations evaluated, ${t.feasible.toLocaleString('en-US')} feasible${kinds.length ? `; infeasible by first reason: ${kinds.join(', ')}` : ''}.`}</p>`,
    t.noFeasible ? html`<div class="banner">Nothing feasible. ${t.noFeasible}.</div>` : '',
    html`<figure>${scatter(r, t)}<figcaption>Each dot is one configuration, hover for its settings and, when grey, why it is infeasible. The dashed red line is the SLA.</figcaption></figure>`,
    frontTable(r, t),
    current ? html`<p>${`The scenario's own configuration, ${current.label}: ${formatUsdFine(current.monthlyUsd)} a month, ${formatMs(current.runtimeP95Ms)} at p95, ${current.feasible ? 'feasible' : `infeasible (${reasonsOf(current)})`}.`}</p>` : '',
  ]);
}

function picks(r: TuneReport): Html {
  const rows: string[][] = [];
  for (const d of DESIGNS) {
    const t = r.designs[d];
    const byId = pointById(t);
    for (const s of TUNE_STRATEGIES) {
      const p = t.picks[s] ? byId.get(t.picks[s]!) : undefined;
      if (p) rows.push([d, `${s}${s === r.strategy ? ' (tuned.yaml)' : ''}`, p.label, formatUsdFine(p.monthlyUsd), formatUsd(p.perRunUsd), formatMs(p.runtimeP95Ms)]);
    }
    const fb = t.fallback ? byId.get(t.fallback.pointId) : undefined;
    if (fb) rows.push([d, `${r.strategy}, closest: misses ${relaxedWords(t.fallback!.relaxed)}`, fb.label, formatUsdFine(fb.monthlyUsd), formatUsd(fb.perRunUsd), formatMs(fb.runtimeP95Ms)]);
  }
  return html`<h2>Picks <span class="label projected">projected</span></h2>${table(['design', 'strategy', 'configuration', 'per month', 'per run', 'p95 runtime'], rows, [3, 4, 5])}`;
}

function verification(r: TuneReport): Html {
  return joinHtml([html`<h2>Verification</h2>`, html`<p>${verificationHeadline(r)}</p>`, ...r.verification.map(verificationOf)]);
}

function accountingLine(a: NonNullable<Verification['accounting']>): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `Accounting: input ${n(a.input)} = curated ${n(a.curated)} + quarantined ${n(a.quarantined)} + duplicates ${n(a.duplicatesDropped)}; ${n(a.expectedInput)} events generated; ${a.missingPartitions} lost, ${a.failedPartitions} failed: ${a.holds ? 'holds' : 'DOES NOT HOLD'}.`;
}

function verificationOf(v: Verification): Html {
  return joinHtml([
    html`<h3>${v.design}: ${v.label} — <span class="${v.status === 'verified' ? 'ok' : 'bad'}">${v.status}</span></h3>`,
    v.reason ? html`<div class="banner">${v.reason}</div>` : '',
    v.accounting ? html`<p>${labelled(accountingLine(v.accounting), 'measured')}</p>` : '',
    v.comparisons.length ? table(['quantity', 'predicted', 'measured', 'gap', 'basis'], v.comparisons.map((c) => [c.quantity, quantity(c.predicted, c.unit), quantity(c.measured, c.unit), gap(c), BASIS_WORDS[c.basis]]), [1, 2, 3]) : '',
    ...v.warnings.map((w) => html`<div class="banner">Warning: ${w}</div>`),
    v.fixedCost ? html`<p>${`Fixed cost: ${formatUsdFine(v.fixedCost.evaluatedUsd)} a month in the search, ${formatUsdFine(v.fixedCost.synthesizedUsd)} from the templates synthesized for the tuned scenario.`}</p>` : '',
  ]);
}

export function renderTuneHtml(r: TuneReport): string {
  const c = r.constraints;
  const title = `scalesim tune: ${r.scenario.name}`;
  const method = [`Workload rates: ${r.model.rates}.`, ...r.model.assumptions, `Prices: ${r.priceSnapshot.file}, dated ${r.priceSnapshot.date}.`, `Time: search ${formatMs(r.timing.evaluateMs)}, verification ${formatMs(r.timing.verifyMs)}.`];
  const changes = r.changes.length ? r.changes : ['nothing: the scenario is already at the picks'];
  return page(
    title,
    [
      html`<h1>${title}</h1>`,
      html`<p class="sub">${`Strategy ${r.strategy}. SLA ${c.slaMinutes} min at p95; budget ${formatBudgetUsd(c.budgetPerRunUsd)} per run and ${formatBudgetUsd(c.budgetPerMonthUsd)} a month; ${c.runsPerMonth} runs a month of ${c.events.toLocaleString('en-US')} events. ${r.model.runtimePoint}.`}</p>`,
      html`<p><strong>${r.comparison}</strong></p>`,
      picks(r),
      ...DESIGNS.map((d) => designSection(r, r.designs[d])),
      html`<h2>tuned.yaml</h2>`,
      r.tunedScenario ? html`<ul>${changes.map((x) => html`<li><code>${x}</code></li>`)}</ul>` : html`<p>Not written: no design has a configuration to use.</p>`,
      verification(r),
      html`<h2>Method</h2>`,
      html`<ul>${method.map((x) => html`<li>${x}</li>`)}</ul>`,
      html`<p>Reproduce: <code>${r.command}</code></p>`,
    ],
    '.ok{color:var(--ok)}.bad{color:var(--bad)}',
  );
}

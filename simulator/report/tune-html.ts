import { DESIGNS } from '../../lib/workload/contract';
import type { DesignTune, EvaluatedPoint, TuneReport, Verification } from '../results/tune';
import { TUNE_STRATEGIES } from '../results/tune';
import { relaxedWords } from '../tune/summary';
import { renderScatterChart, type ScatterMark } from './charts';
import { formatMs } from './format';
import { DESIGN_COLORS } from './html/parts';
import { CSS } from './html/style';
import { escapeXml as esc } from './svg';
import { BASIS_WORDS, plainUsd, designTitle, frontRows, gap, monthlyUsd, pickedBy, pointById, quantity, reasonsOf, runUsd, verificationHeadline } from './tune-format';

/**
 * tune.html: one self-contained page rendered from tune.json (inline CSS and SVG, no scripts, no
 * network): a Pareto scatter per design (monthly cost against p95 runtime, picks marked, infeasible
 * points grey), the fronts and the verification as tables. Every interpolated string is escaped. Pure.
 */

function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const th = header.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function label(text: string, kind: 'measured' | 'projected'): string {
  return `${esc(text)} <span class="label ${kind}">${kind}</span>`;
}

function scatter(r: TuneReport, t: DesignTune): string {
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
  const title = (p: EvaluatedPoint) => `${p.label}: ${monthlyUsd(p.monthlyUsd)} a month, ${formatMs(p.runtimeP95Ms)} at p95${p.feasible ? '' : `; infeasible: ${reasonsOf(p)}`}`;
  return renderScatterChart({
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
    yFormat: (v) => (v >= 100 ? `$${v.toFixed(0)}` : v >= 10 ? `$${v.toFixed(1)}` : `$${v.toFixed(v >= 1 ? 2 : 3)}`),
  });
}

function designSection(r: TuneReport, t: DesignTune): string {
  const kinds = Object.entries(t.infeasibleByKind).map(([k, n]) => `${k} ${n}`);
  const shown = frontRows(t);
  const current = t.points.find((p) => p.current);
  return [
    `<h2>${esc(designTitle(t.design))}</h2>`,
    `<p>${esc(`${t.evaluated.toLocaleString('en-US')} configurations evaluated, ${t.feasible.toLocaleString('en-US')} feasible${kinds.length ? `; infeasible by first reason: ${kinds.join(', ')}` : ''}.`)}</p>`,
    t.noFeasible ? `<div class="banner">${esc(`Nothing feasible. ${t.noFeasible}.`)}</div>` : '',
    `<figure>${scatter(r, t)}<figcaption>${esc('Each dot is one configuration, hover for its settings and, when grey, why it is infeasible. The dashed red line is the SLA.')}</figcaption></figure>`,
    shown.length
      ? `<details class="data"${shown.length > 10 ? '' : ' open'}><summary>${esc(`${t.fallback ? 'Front of the closest configurations' : 'Pareto front'}: ${t.front.length} points${shown.length < t.front.length ? `, ${shown.length} shown` : ''}`)}</summary>${table(
          ['configuration', 'per month', 'per run', 'p95 runtime', 'picked by'],
          shown.map((p) => [p.label, monthlyUsd(p.monthlyUsd), runUsd(p.perRunUsd), formatMs(p.runtimeP95Ms), [...pickedBy(t, p.id), ...(t.fallback?.pointId === p.id ? [`${r.strategy} (closest)`] : [])].join(', ')]),
          [1, 2, 3],
        )}</details>`
      : '',
    current ? `<p>${esc(`The scenario's own configuration, ${current.label}: ${monthlyUsd(current.monthlyUsd)} a month, ${formatMs(current.runtimeP95Ms)} at p95, ${current.feasible ? 'feasible' : `infeasible (${reasonsOf(current)})`}.`)}</p>` : '',
  ].join('\n');
}

function picks(r: TuneReport): string {
  const rows: string[][] = [];
  for (const d of DESIGNS) {
    const t = r.designs[d];
    const byId = pointById(t);
    for (const s of TUNE_STRATEGIES) {
      const p = t.picks[s] ? byId.get(t.picks[s]!) : undefined;
      if (p) rows.push([d, `${s}${s === r.strategy ? ' (tuned.yaml)' : ''}`, p.label, monthlyUsd(p.monthlyUsd), runUsd(p.perRunUsd), formatMs(p.runtimeP95Ms)]);
    }
    const fb = t.fallback ? byId.get(t.fallback.pointId) : undefined;
    if (fb) rows.push([d, `${r.strategy}, closest: misses ${relaxedWords(t.fallback!.relaxed)}`, fb.label, monthlyUsd(fb.monthlyUsd), runUsd(fb.perRunUsd), formatMs(fb.runtimeP95Ms)]);
  }
  return `<h2>Picks <span class="label projected">projected</span></h2>${table(['design', 'strategy', 'configuration', 'per month', 'per run', 'p95 runtime'], rows, [3, 4, 5])}`;
}

function verification(r: TuneReport): string {
  const parts = [`<h2>Verification</h2>`, `<p>${esc(verificationHeadline(r))}</p>`];
  for (const v of r.verification) parts.push(verificationOf(v));
  return parts.join('\n');
}

function verificationOf(v: Verification): string {
  const a = v.accounting;
  return [
    `<h3>${esc(`${v.design}: ${v.label}`)} — <span class="${v.status === 'verified' ? 'ok' : 'bad'}">${esc(v.status)}</span></h3>`,
    v.reason ? `<div class="banner">${esc(v.reason)}</div>` : '',
    a
      ? `<p>${label(`Accounting: input ${a.input.toLocaleString('en-US')} = curated ${a.curated.toLocaleString('en-US')} + quarantined ${a.quarantined.toLocaleString('en-US')} + duplicates ${a.duplicatesDropped.toLocaleString('en-US')}; ${a.expectedInput.toLocaleString('en-US')} events generated; ${a.missingPartitions} lost, ${a.failedPartitions} failed: ${a.holds ? 'holds' : 'DOES NOT HOLD'}.`, 'measured')}</p>`
      : '',
    v.comparisons.length ? table(['quantity', 'predicted', 'measured', 'gap', 'basis'], v.comparisons.map((c) => [c.quantity, quantity(c.predicted, c.unit), quantity(c.measured, c.unit), gap(c), BASIS_WORDS[c.basis]]), [1, 2, 3]) : '',
    ...v.warnings.map((w) => `<div class="banner">${esc(`Warning: ${w}`)}</div>`),
    v.fixedCost ? `<p>${esc(`Fixed cost: ${monthlyUsd(v.fixedCost.evaluatedUsd)} a month in the search, ${monthlyUsd(v.fixedCost.synthesizedUsd)} from the templates synthesized for the tuned scenario.`)}</p>` : '',
  ].join('\n');
}

export function renderTuneHtml(r: TuneReport): string {
  const c = r.constraints;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(`scalesim tune: ${r.scenario.name}`)}</title>`,
    `<style>${CSS}.ok{color:var(--ok)}.bad{color:var(--bad)}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${esc(`scalesim tune: ${r.scenario.name}`)}</h1>`,
    `<p class="sub">${esc(`Strategy ${r.strategy}. SLA ${c.slaMinutes} min at p95; budget ${plainUsd(c.budgetPerRunUsd)} per run and ${plainUsd(c.budgetPerMonthUsd)} a month; ${c.runsPerMonth} runs a month of ${c.events.toLocaleString('en-US')} events. ${r.model.runtimePoint}.`)}</p>`,
    `<p><strong>${esc(r.comparison)}</strong></p>`,
    picks(r),
    ...DESIGNS.map((d) => designSection(r, r.designs[d])),
    `<h2>tuned.yaml</h2>`,
    r.tunedScenario ? `<ul>${(r.changes.length ? r.changes : ['nothing: the scenario is already at the picks']).map((x) => `<li><code>${esc(x)}</code></li>`).join('')}</ul>` : '<p>Not written: no design has a configuration to use.</p>',
    verification(r),
    `<h2>Method</h2>`,
    `<ul>${[`Workload rates: ${r.model.rates}.`, ...r.model.assumptions, `Prices: ${r.priceSnapshot.file}, dated ${r.priceSnapshot.date}.`, `Time: search ${formatMs(r.timing.evaluateMs)}, verification ${formatMs(r.timing.verifyMs)}.`].map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`,
    `<p>Reproduce: <code>${esc(r.command)}</code></p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

import { DESIGNS } from '../../lib/workload/contract';
import type { DesignTune, EvaluatedPoint, TuneReport, Verification } from '../results/tune';
import { TUNE_STRATEGIES } from '../results/tune';
import { relaxedWords } from '../tune/summary';
import { mdTable } from './markdown';
import { formatBudgetUsd, formatMs, formatUsd, formatUsdFine } from './format';
import { BASIS_WORDS, designTitle, frontRows, gap, pickedBy, pointById, quantity, reasonsOf, verificationHeadline } from './tune-format';

/**
 * tune.md: the tuning report as Markdown, rendered from tune.json. Pure. Costs and runtimes of the
 * search are projected for AWS; the verification's figures are measured on the emulator, each row
 * labelled with its basis.
 */

function pointCells(p: EvaluatedPoint): string[] {
  return [formatUsdFine(p.monthlyUsd), formatUsd(p.perRunUsd), formatMs(p.runtimeP95Ms)];
}

function picksSection(r: TuneReport): string[] {
  const rows: string[][] = [];
  for (const d of DESIGNS) {
    const t = r.designs[d];
    const byId = pointById(t);
    for (const s of TUNE_STRATEGIES) {
      const id = t.picks[s];
      const p = id ? byId.get(id) : undefined;
      if (p) rows.push([d, `${s}${s === r.strategy ? ' (tuned.yaml)' : ''}`, p.label, ...pointCells(p), 'yes']);
    }
    const fb = t.fallback ? byId.get(t.fallback.pointId) : undefined;
    if (fb) rows.push([d, `${r.strategy}, closest (tuned.yaml)`, fb.label, ...pointCells(fb), `no: misses ${relaxedWords(t.fallback!.relaxed)}`]);
    if (!rows.some((x) => x[0] === d)) rows.push([d, '—', 'nothing can run', '—', '—', '—', 'no']);
  }
  return ['## Picks', '', mdTable(['design', 'strategy', 'configuration', 'per month', 'per run', 'p95 runtime', 'meets every constraint'], rows), ''];
}

function designSection(r: TuneReport, t: DesignTune): string[] {
  const kinds = Object.entries(t.infeasibleByKind).map(([k, n]) => `${k} ${n}`);
  const out = [
    `### ${designTitle(t.design)}`,
    '',
    `${t.evaluated.toLocaleString('en-US')} configurations evaluated, ${t.feasible.toLocaleString('en-US')} feasible${kinds.length ? `; infeasible by first reason: ${kinds.join(', ')}` : ''}.`,
    '',
  ];
  if (t.noFeasible) out.push(`**Nothing feasible.** ${t.noFeasible}.`, '');
  const shown = frontRows(t);
  if (shown.length) {
    out.push(
      t.fallback ? `Front of the configurations that miss only ${relaxedWords(t.fallback.relaxed)} (${t.front.length} points):` : `Pareto front (${t.front.length} points${shown.length < t.front.length ? `, ${shown.length} shown` : ''}), cheapest first:`,
      '',
      mdTable(
        ['configuration', 'per month', 'per run', 'p95 runtime', 'picked by'],
        shown.map((p) => [p.label, ...pointCells(p), [...pickedBy(t, p.id), ...(t.fallback?.pointId === p.id ? [`${r.strategy} (closest)`] : [])].join(', ')]),
      ),
      '',
    );
  }
  const current = t.points.find((p) => p.current);
  if (current) {
    out.push(`The scenario's own configuration, ${current.label}: ${formatUsdFine(current.monthlyUsd)} a month, ${formatMs(current.runtimeP95Ms)} at p95, ${current.feasible ? 'feasible' : `infeasible (${reasonsOf(current)})`}.`, '');
  }
  out.push(`Knobs: ${t.knobs.map((k) => `${k.name} ${k.values.join(', ')}${k.note ? ` (${k.note})` : ''}`).join('; ')}.`, '');
  return out;
}

function verificationSection(r: TuneReport): string[] {
  const out = ['## Verification', '', verificationHeadline(r), ''];
  for (const v of r.verification) out.push(...verificationOf(v));
  return out;
}

function verificationOf(v: Verification): string[] {
  const out = [`### ${v.design}: ${v.label} — ${v.status}${v.reason ? ` (${v.reason})` : ''}`, ''];
  const a = v.accounting;
  if (a) {
    out.push(
      `Accounting (measured): input ${a.input.toLocaleString('en-US')} = curated ${a.curated.toLocaleString('en-US')} + quarantined ${a.quarantined.toLocaleString('en-US')} + duplicates ${a.duplicatesDropped.toLocaleString('en-US')}; ${a.expectedInput.toLocaleString('en-US')} events generated; ${a.missingPartitions} partitions lost, ${a.failedPartitions} failed: ${a.holds ? 'holds' : '**does not hold**'}.`,
      '',
    );
  }
  if (v.comparisons.length) {
    out.push(mdTable(['quantity', 'predicted', 'measured', 'gap', 'basis'], v.comparisons.map((c) => [c.quantity, quantity(c.predicted, c.unit), quantity(c.measured, c.unit), gap(c), BASIS_WORDS[c.basis]])), '');
    const notes = v.comparisons.filter((c) => c.note).map((c) => `${c.quantity}: ${c.note}`);
    if (notes.length) out.push(...notes.map((n) => `- ${n}`), '');
  }
  for (const w of v.warnings) out.push(`**Warning:** ${w}`, '');
  if (v.fixedCost) {
    out.push(`Fixed cost: ${formatUsdFine(v.fixedCost.evaluatedUsd)} a month in the search (the scenario's templates), ${formatUsdFine(v.fixedCost.synthesizedUsd)} from the templates synthesized for the tuned scenario.`, '');
  }
  return out;
}

export function renderTuneMarkdown(r: TuneReport): string {
  const c = r.constraints;
  const lines = [
    `# scalesim tune: ${r.scenario.name}`,
    '',
    `Strategy **${r.strategy}**. SLA ${c.slaMinutes} min at p95; budget ${formatBudgetUsd(c.budgetPerRunUsd)} per run and ${formatBudgetUsd(c.budgetPerMonthUsd)} a month; ${c.runsPerMonth} runs a month of ${c.events.toLocaleString('en-US')} events. Costs and runtimes of the search are *projected* for AWS (${r.model.runtimePoint}); the verification is *measured* on the emulator.`,
    '',
    `**${r.comparison}**`,
    '',
    ...picksSection(r),
    '## Pareto fronts (projected)',
    '',
    ...DESIGNS.flatMap((d) => designSection(r, r.designs[d])),
    '## tuned.yaml',
    '',
    ...(r.tunedScenario ? [`\`${r.tunedScenario}\` changes:`, '', ...(r.changes.length ? r.changes.map((x) => `- \`${x}\``) : ['- nothing: the scenario is already at the picks']), ''] : ['Not written: no design has a configuration to use.', '']),
    ...verificationSection(r),
    '## Method',
    '',
    `- Workload rates: ${r.model.rates}.`,
    `- Runtime: ${r.model.runtimePoint}.`,
    ...r.model.assumptions.map((a) => `- ${a}`),
    `- Prices: ${r.priceSnapshot.file}, dated ${r.priceSnapshot.date} (sha256 ${r.priceSnapshot.sha256.slice(0, 12)}).`,
    `- Time: the search took ${formatMs(r.timing.evaluateMs)}, the verification ${formatMs(r.timing.verifyMs)}, in all ${formatMs(r.timing.totalMs)}.`,
    '',
    `Reproduce: \`${r.command}\``,
    '',
  ];
  return lines.join('\n');
}

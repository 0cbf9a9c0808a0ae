import type { CheckReport, FactsSource, GateResult } from '../report-schema';

/** The terminal rendering of a check: the sources, one line per gate and design, details under a failure, the verdict last. Pure. */
export function renderCheckText(report: CheckReport): string {
  const out: string[] = [`scalesim check: ${report.input.scenario} (${basisText(report.input)})`, `  input:    ${sourceText(report.input)}`];
  out.push(`  baseline: ${report.baseline ? sourceText(report.baseline) : 'none (no-new-access and no-new-findings are skipped; pass --baseline)'}`);
  out.push('');
  for (const g of report.gates) {
    out.push(`  ${g.line}`);
    if (g.status === 'fail') out.push(...details(g));
  }
  out.push('', ...report.notes.map((n) => `  ${n}`), '', report.summary);
  return `${out.join('\n')}\n`;
}

function details(g: GateResult): string[] {
  const lines: string[] = [];
  const shown = g.items.slice(0, 20);
  for (const i of shown) {
    lines.push(`       - ${i.message}`);
    if (i.source) lines.push(`         source: ${i.source.file}:${i.source.line}${i.source.frames.length > 1 ? ` (${i.source.frames.slice(1).join(' <- ')})` : ''}`);
  }
  if (g.items.length > shown.length) lines.push(`       … and ${g.items.length - shown.length} more (--format json lists every one)`);
  return lines;
}

export function basisText(s: FactsSource): string {
  return s.basis === 'static' ? 'static: templates synthesized, cost and runtime projected, no run' : 'measured: a run’s results';
}

export function sourceText(s: FactsSource): string {
  const kind = s.kind === 'check' ? 'check report of scenario' : s.kind === 'results' ? 'results of scenario' : 'scenario';
  return `${s.file} (${kind} ${s.scenario}${s.scenarioHash ? `, sha256 ${s.scenarioHash.slice(0, 12)}` : ''}, ${s.basis})`;
}

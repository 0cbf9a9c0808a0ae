import { DESIGNS } from '../../../lib/workload/contract';
import { renderDiff, signedDelta } from '../../report/diff';
import { formatMs, formatUsd } from '../../report/format';
import { mdTable } from '../../report/markdown';
import type { Results } from '../../results/results';
import { GATES } from '../gates';
import type { CheckFacts, CheckReport, GateItem, GateResult } from '../report-schema';
import { p95Ms, RUNTIME_POINT } from '../../tune/runtime-p95';
import { basisText, sourceText } from './text';

/**
 * The pull-request comment: a heading with the verdict, the one-line summary, a table per gate, what a
 * failed gate found collapsed in `<details>`, then the comparison with the baseline: `scalesim diff`
 * itself when both sides are runs, else a table built with its delta notation. GitHub-flavoured
 * Markdown (blank lines around the HTML blocks, so the Markdown inside them renders). Pure.
 */

export interface MarkdownInputs {
  /** Both runs, when input and baseline are results files: the comparison is `scalesim diff`. */
  readonly results?: { readonly input: Results; readonly baseline: Results };
}

const STATUS: Readonly<Record<GateResult['status'], string>> = { pass: '✅ pass', fail: '❌ **fail**', skip: '⚪ skipped' };

export function renderCheckMarkdown(report: CheckReport, baselineFacts?: CheckFacts, inputs: MarkdownInputs = {}): string {
  const out: string[] = [];
  out.push(`## ${report.verdict === 'pass' ? '✅' : '❌'} scalesim check ${report.verdict === 'pass' ? 'passed' : 'failed'}: ${report.input.scenario}`, '');
  out.push(`**${report.summary}**`, '');
  out.push(`Input: \`${report.input.file}\` (${basisText(report.input)}).  `);
  out.push(report.baseline ? `Baseline: \`${report.baseline.file}\` (${sourceText(report.baseline).replace(/^.*? \(/, '').replace(/\)$/, '')}).` : 'Baseline: none, so the gates that compare (no new access, no new IAM findings) were skipped.');
  for (const gate of GATES) {
    const results = report.gates.filter((g) => g.gate === gate.id);
    if (!results.length) continue;
    out.push('', `### ${gate.heading}`, '');
    const whole = results.find((g) => !g.design);
    if (whole && results.length === 1 && whole.status === 'skip') {
      out.push(`${STATUS.skip}: ${text(lowerFirst(whole.reason ?? whole.value))}.`);
      continue;
    }
    const hasBaseline = results.some((g) => g.baseline !== undefined);
    const header = ['design', 'result', 'value', 'limit', ...(hasBaseline ? ['baseline'] : [])];
    out.push(mdTable(header, results.map((g) => [g.design ?? 'all', STATUS[g.status], text(g.status === 'skip' ? lowerFirst(g.reason ?? g.value) : g.value), text(g.limit), ...(hasBaseline ? [text(g.baseline ?? '—')] : [])])));
    for (const g of results.filter((r) => r.items.length)) out.push('', details(g));
  }
  const comparison = comparisonSection(report, baselineFacts, inputs);
  if (comparison) out.push('', comparison);
  out.push('', '<details><summary>How this was checked</summary>', '', ...report.notes.map((n) => `- ${n}`), '', 'The gates:', '', ...GATES.map((g) => `- **${g.title}**: ${g.description}`), '', '</details>');
  // Notes and descriptions are scalesim's own prose (with `code` on purpose); values from the templates go through text().
  return `${out.join('\n')}\n`;
}

function details(g: GateResult): string {
  const n = g.items.length;
  const what = g.gate === 'no-new-access' ? `new grant${n === 1 ? '' : 's'}` : `item${n === 1 ? '' : 's'}`;
  const access = g.items.some((i) => i.action);
  const rows = g.items.map((i) =>
    access
      ? [text(i.principal ?? '—'), code(i.action), code(i.resource), code(i.constructPath), source(i)]
      : [text(i.message), code(i.constructPath), source(i)],
  );
  const table = access ? mdTable(['principal', 'action', 'resource', 'construct path', 'source'], rows) : mdTable(['what', 'construct path', 'source'], rows);
  const messages = access ? ['', ...g.items.map((i) => `- ${text(i.message)}`)] : [];
  return [`<details><summary>${g.design ?? 'all'}: ${n} ${what}</summary>`, '', table, ...messages, '', '</details>'].join('\n');
}

function comparisonSection(report: CheckReport, baseline: CheckFacts | undefined, inputs: MarkdownInputs): string | undefined {
  if (!baseline) return undefined;
  if (inputs.results) {
    // Both sides are runs: the comparison is `scalesim diff` itself, its headings moved under this comment's.
    const diff = renderDiff(inputs.results.baseline, inputs.results.input, { a: report.baseline?.file, b: report.input.file }).replace(/^(#+) /gm, '$1## ');
    return ['<details><summary>Comparison with the baseline (<code>scalesim diff</code>)</summary>', '', diff.trimEnd(), '', '</details>'].join('\n');
  }
  const rows = DESIGNS.filter((d) => report.facts.designs[d] && baseline.designs[d]).map((d) => {
    const a = baseline.designs[d]!;
    const b = report.facts.designs[d]!;
    const cost = a.cost && b.cost ? `${formatUsd(a.cost.perMonthUsd)} → ${formatUsd(b.cost.perMonthUsd)} (${signedDelta(a.cost.perMonthUsd, b.cost.perMonthUsd, formatUsd)})` : '—';
    const runtime = a.runtime && b.runtime ? `${formatMs(p95Ms(a.runtime))} → ${formatMs(p95Ms(b.runtime))} (${signedDelta(p95Ms(a.runtime), p95Ms(b.runtime), formatMs)})` : '—';
    const grants = (f: typeof a) => f.access?.principals.reduce((n, p) => n + p.grants.length, 0);
    const ga = grants(a);
    const gb = grants(b);
    const statements = ga !== undefined && gb !== undefined ? `${ga} → ${gb} (${signedDelta(ga, gb, (v) => String(v))})` : '—';
    const fa = a.access?.findings.length;
    const fb = b.access?.findings.length;
    const findings = fa !== undefined && fb !== undefined ? `${fa} → ${fb} (${signedDelta(fa, fb, (v) => String(v))})` : '—';
    return [d, cost, runtime, statements, findings];
  });
  if (!rows.length) return undefined;
  return [
    '<details><summary>Comparison with the baseline</summary>',
    '',
    mdTable(['design', 'monthly cost', `runtime (${RUNTIME_POINT.short})`, 'policy statements', 'high/medium findings'], rows),
    '',
    'Before → after, in `scalesim diff`’s notation. Both sides are static (or one is): `scalesim diff` compares two runs, so run both to get its full comparison.',
    '',
    '</details>',
  ].join('\n');
}

/**
 * Text that must read as text: emphasis marks and HTML as entities (`s3:Get*` next to `…/*` must not
 * italicize). Entities, not backslashes: mdTable's cell escaping doubles backslashes.
 */
function text(s: string): string {
  const entities: Record<string, string> = { '*': '&#42;', _: '&#95;', '`': '&#96;', '~': '&#126;', '<': '&lt;', '>': '&gt;' };
  return s.replace(/[*_`~<>]/g, (c) => entities[c]!);
}

function code(s: string | undefined): string {
  return s ? `\`${s.replace(/`/g, "'")}\`` : '—';
}

function source(i: GateItem): string {
  return i.source ? `\`${i.source.file}:${i.source.line}\`` : '—';
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

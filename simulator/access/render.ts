import { PERSONAS, ZONES } from '../../lib/constructs/access-matrix';
import { DESIGNS } from '../../lib/workload/contract';
import type { AccessResults } from './assembly';
import { CAPABILITIES, Capability, DesignAccess, type ProbeResult, SEVERITIES } from '../results/access';

/**
 * Plain-text (Markdown) rendering of the access analysis, for `scalesim access` and the memo. Pure:
 * takes the results, returns the text.
 */

const CAPABILITY_LABEL: Readonly<Record<Capability, string>> = { operatePipelines: 'pipelines', reviewIam: 'IAM review', viewCostSignals: 'cost signals' };

export function renderAccess(results: AccessResults): string {
  const parts: string[] = [];
  for (const design of DESIGNS) parts.push(renderDesign(results.designs[design]));
  parts.push(renderComparison(results));
  return parts.join('\n');
}

function renderDesign(d: DesignAccess): string {
  const lines = [...scopeLines(d), '', ...matrixLines(d), '', ...findingLines(d)];
  if (d.runtime) lines.push('', renderProbe(d.runtime, d.design));
  lines.push('');
  return lines.join('\n');
}

/** Per principal: actions by IAM access level, actions on `*`, and the zones it reads, writes, administers. */
function scopeLines(d: DesignAccess): string[] {
  const lines: string[] = [];
  lines.push(`## ${d.design}: IAM scope (basis: ${d.basis}${d.basis === 'static' ? ', from the synthesized template' : ''})`, '');
  lines.push(table(
    ['principal', 'kind', 'List', 'Read', 'Write', 'Perm. mgmt', 'Tagging', 'on *', 'reads', 'writes', 'admin', 'findings'],
    d.principals.map((p) => [
      p.persona ? `${p.logicalId} (${p.persona})` : p.logicalId,
      p.kind,
      String(p.actionsByLevel.List),
      String(p.actionsByLevel.Read),
      String(p.actionsByLevel.Write),
      String(p.actionsByLevel['Permissions management']),
      String(p.actionsByLevel.Tagging),
      String(p.actionsOnStar.length),
      p.readableZones.join(', ') || '-',
      p.writableZones.join(', ') || '-',
      p.adminZones.join(', ') || '-',
      String(p.findings.filter((f) => f.category !== 'coverage').length),
    ]),
  ));
  const unknown = d.principals.reduce((n, p) => n + p.actionsByLevel.Unknown, 0);
  if (unknown) lines.push('', `${unknown} action(s) are not in the IAM reference data (level Unknown).`);
  const star = d.principals.filter((p) => p.actionsOnStar.length);
  if (star.length) {
    lines.push('', 'Actions on `Resource: "*"`:');
    for (const p of star) lines.push(`- ${p.logicalId}: ${p.actionsOnStar.join(', ')}`);
  }
  return lines;
}

/** The stakeholder matrix, intended against computed, and each difference. */
function matrixLines(d: DesignAccess): string[] {
  const lines = [`### ${d.design}: stakeholder matrix, intended (ACCESS_MATRIX) vs computed from the template`, ''];
  lines.push(table(
    ['persona', ...ZONES, ...CAPABILITIES.map((c) => CAPABILITY_LABEL[c])],
    PERSONAS.map((persona) => [
      persona,
      ...ZONES.map((z) => cell(String(d.matrix.intended[persona][z]), String(d.matrix.computed[persona][z]))),
      ...CAPABILITIES.map((c) => cell(d.matrix.intended[persona][c] ? 'yes' : 'no', d.matrix.computed[persona][c] ? 'yes' : 'no')),
    ]),
  ));
  lines.push('');
  if (!d.matrix.differences.length) return [...lines, 'Computed matrix equals the intended one: no differences.'];
  lines.push(`${d.matrix.differences.length} difference(s):`);
  for (const diff of d.matrix.differences) {
    lines.push(
      `- ${diff.persona} / ${diff.target}: intended ${diff.intended}, computed ${diff.computed}` +
        (diff.extraActions.length ? `; extra ${diff.extraActions.join(', ')}` : '') +
        (diff.missingActions.length ? `; missing ${diff.missingActions.join(', ')}` : ''),
    );
  }
  return lines;
}

/** Risk-rule findings by severity, then what the analysis could not cover. */
function findingLines(d: DesignAccess): string[] {
  const risk = d.findings.filter((f) => f.category !== 'coverage' && f.category !== 'access-model');
  const lines = [`### ${d.design}: findings (${SEVERITIES.map((s) => `${d.summary.findingsBySeverity[s]} ${s}`).join(', ')})`, ''];
  if (!risk.length) lines.push('No risk-rule findings.');
  for (const f of risk) lines.push(`- [${f.severity}] ${f.category} / ${f.rule}${f.principal ? ` (${f.principal})` : ''}: ${f.message}`);
  const coverage = d.findings.filter((f) => f.category === 'coverage');
  if (coverage.length) {
    lines.push('', 'Not analysed (no claim is made about these):');
    for (const f of coverage) lines.push(`- ${f.principal ? `${f.principal}: ` : ''}${f.message}`);
  }
  return lines;
}

function renderComparison(results: AccessResults): string {
  const c = results.comparison;
  const lines = ['## Blast radius, side by side', ''];
  lines.push(table(['dimension', ...DESIGNS, 'smaller'], c.dimensions.map((d) => [d.name, ...DESIGNS.map((x) => String(d.values[x])), d.smaller])));
  lines.push('', c.smallerBlastRadius === 'tie' ? 'Neither design has the smaller blast radius.' : `Smaller blast radius: **${c.smallerBlastRadius}**, because:`);
  for (const r of c.reasons) lines.push(`- ${r}`);
  lines.push('', `Blast radius score = ${results.designs[DESIGNS[0]!].summary.blastRadiusFormula}.`, '');
  return lines.join('\n');
}

export function renderProbe(r: ProbeResult, title = ''): string {
  const s = r.summary;
  const lines = [
    `### ${title ? `${title}: ` : ''}run-time probe (${r.target})`,
    '',
    `${s.checks} checks: ${s.enforced} enforced by the emulator, ${s.evaluated} evaluated offline with iam-simulate, ${s.unverified} neither (no claim); ${s.mismatches} mismatch(es) with ACCESS_MATRIX.`,
    '',
    table(
      ['persona', 'zone', 'action', 'expected', 'observed', 'basis', 'match'],
      r.checks.map((c) => [c.persona, c.zone ?? '-', c.action, c.expected, c.observed, c.basis, c.match === null ? '-' : c.match ? 'yes' : 'NO']),
    ),
  ];
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

function cell(intended: string, computed: string): string {
  return intended === computed ? intended : `${intended} → **${computed}**`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

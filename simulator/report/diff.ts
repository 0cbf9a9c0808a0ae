import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { formatInt, formatMs, formatPctChange, formatUsd } from './format';
import { mdTable } from './markdown';
import { completeResults } from './recommend';
import { accessOf, costOf, modelHint, modelOf, qualityOf, whereText, writeLevelActions } from './views';
import type { Results } from '../results/results';

/**
 * `scalesim diff a b`: a Markdown comment comparing two results.json files, the way Infracost comments
 * on a pull request: a headline, then per-design tables of cost, runtime, IAM scope and quality with
 * before → after and signed deltas, then the recommendation and crossover changes. Pure: b − a.
 */

export interface DiffLabels {
  /** How to name each side, e.g. its file path. @default 'a' and 'b' */
  readonly a?: string;
  readonly b?: string;
}

/** `↑` for an increase, `↓` for a decrease, nothing when equal. */
export function arrow(before: number, after: number): string {
  return after > before ? '↑' : after < before ? '↓' : '';
}

/** A signed difference with its arrow and percentage: `↑ +$0.0012 (+9.5%)`, `±0`. */
export function signedDelta(before: number, after: number, format: (v: number) => string): string {
  if (before === after) return '±0';
  const d = after - before;
  return `${arrow(before, after)} ${d > 0 ? '+' : '-'}${format(Math.abs(d))} (${formatPctChange(before, after)})`;
}

function intDelta(before: number, after: number): string {
  if (before === after) return '±0';
  return `${arrow(before, after)} ${after > before ? '+' : '-'}${formatInt(Math.abs(after - before))}`;
}

function change(before: string, after: string): string {
  return before === after ? before : `${before} → ${after}`;
}

function headline(a: Results, b: Results, designs: readonly DesignName[]): string {
  const lines: string[] = [];
  for (const d of designs) {
    const ca = costOf(a.designs[d]);
    const cb = costOf(b.designs[d]);
    if (!ca || !cb) continue;
    if (ca.perMonthUsd === cb.perMonthUsd) {
      lines.push(`**${d}**: monthly cost stays at ${formatUsd(cb.perMonthUsd)} (measured usage × list price)`);
      continue;
    }
    const verb = cb.perMonthUsd > ca.perMonthUsd ? 'increase' : 'decrease';
    const by = `${formatUsd(Math.abs(cb.perMonthUsd - ca.perMonthUsd))} (${formatPctChange(ca.perMonthUsd, cb.perMonthUsd)})`;
    lines.push(`**${d}**: monthly cost will ${verb} by ${by} ${arrow(ca.perMonthUsd, cb.perMonthUsd)} (${formatUsd(ca.perMonthUsd)} → ${formatUsd(cb.perMonthUsd)}, measured usage × list price)`);
  }
  return lines.length ? lines.map((l) => `- ${l}`).join('\n') : '- Cost: not analysed on both sides.';
}

function presence(a: Results, b: Results): { designs: DesignName[]; notes: string[] } {
  const notes: string[] = [];
  const designs: DesignName[] = [];
  for (const d of DESIGNS) {
    const inA = a.designs[d] !== undefined;
    const inB = b.designs[d] !== undefined;
    if (inA && inB) designs.push(d);
    else if (inA) notes.push(`${d}: only in a (removed in b)`);
    else if (inB) notes.push(`${d}: only in b (added in b)`);
  }
  return { designs, notes };
}

function costSection(a: Results, b: Results, designs: readonly DesignName[]): string {
  const rows = designs.map((d) => {
    const ca = costOf(a.designs[d]);
    const cb = costOf(b.designs[d]);
    if (!ca || !cb) return [d, ca ? formatUsd(ca.perRunUsd) : 'not analysed', cb ? formatUsd(cb.perRunUsd) : 'not analysed', '—', '—', '—'];
    return [
      d,
      `${formatUsd(ca.perRunUsd)} → ${formatUsd(cb.perRunUsd)}`,
      signedDelta(ca.perRunUsd, cb.perRunUsd, formatUsd),
      `${formatUsd(ca.perMillionEventsUsd)} → ${formatUsd(cb.perMillionEventsUsd)}`,
      `${formatUsd(ca.perMonthUsd)} → ${formatUsd(cb.perMonthUsd)}`,
      signedDelta(ca.perMonthUsd, cb.perMonthUsd, formatUsd),
    ];
  });
  return `### Cost (measured usage × list price)\n\n${mdTable(['design', 'per run', 'Δ per run', 'per 1M events', 'per month', 'Δ per month'], rows)}`;
}

function runtimeSection(a: Results, b: Results, designs: readonly DesignName[]): string {
  const rows = designs.map((d) => {
    const ra = a.designs[d]!.runtime;
    const rb = b.designs[d]!.runtime;
    const pa = ra.projectedAws;
    const pb = rb.projectedAws;
    return [
      d,
      `${formatMs(ra.measured.wallMs)} → ${formatMs(rb.measured.wallMs)}`,
      signedDelta(ra.measured.wallMs, rb.measured.wallMs, formatMs),
      pa && pb ? `${formatMs(pa.wallMs)} → ${formatMs(pb.wallMs)}` : `${pa ? formatMs(pa.wallMs) : 'none'} → ${pb ? formatMs(pb.wallMs) : 'none'}`,
      pa && pb ? signedDelta(pa.wallMs, pb.wallMs, formatMs) : '—',
    ];
  });
  return `### Runtime\n\n${mdTable(['design', 'emulator wall (measured)', 'Δ', 'AWS (projected)', 'Δ'], rows)}`;
}

function scopeSection(a: Results, b: Results, designs: readonly DesignName[]): string {
  const rows = designs.map((d) => {
    const xa = accessOf(a.designs[d]);
    const xb = accessOf(b.designs[d]);
    if (!xa || !xb) return [d, `${xa ? 'analysed' : 'not analysed'} → ${xb ? 'analysed' : 'not analysed'}`, '—', '—', '—', '—'];
    const high = (x: typeof xa) => x.summary.findingsBySeverity.high ?? 0;
    return [
      d,
      `${xa.summary.blastRadiusScore} → ${xb.summary.blastRadiusScore} (${intDelta(xa.summary.blastRadiusScore, xb.summary.blastRadiusScore)})`,
      `${writeLevelActions(xa)} → ${writeLevelActions(xb)} (${intDelta(writeLevelActions(xa), writeLevelActions(xb))})`,
      `${xa.summary.actionsOnStar} → ${xb.summary.actionsOnStar} (${intDelta(xa.summary.actionsOnStar, xb.summary.actionsOnStar)})`,
      `${high(xa)} → ${high(xb)} (${intDelta(high(xa), high(xb))})`,
      `${xa.matrix.differences.length} → ${xb.matrix.differences.length} (${intDelta(xa.matrix.differences.length, xb.matrix.differences.length)})`,
    ];
  });
  return `### IAM scope (static)\n\n${mdTable(['design', 'blast radius', 'write-level actions', 'actions on *', 'high findings', 'matrix differences'], rows)}`;
}

function qualitySection(a: Results, b: Results, designs: readonly DesignName[]): string {
  const rows = designs.map((d) => {
    const xa = a.designs[d]!.accounting;
    const xb = b.designs[d]!.accounting;
    const qa = qualityOf(a.designs[d]);
    const qb = qualityOf(b.designs[d]);
    const bad = (x: typeof xa) => x.failedPartitions.length + x.missingPartitions.length;
    return [
      d,
      `${formatInt(xa.input)} → ${formatInt(xb.input)} (${intDelta(xa.input, xb.input)})`,
      `${formatInt(xa.curated)} → ${formatInt(xb.curated)} (${intDelta(xa.curated, xb.curated)})`,
      `${formatInt(xa.quarantined)} → ${formatInt(xb.quarantined)} (${intDelta(xa.quarantined, xb.quarantined)})`,
      `${bad(xa)} → ${bad(xb)}${bad(xb) > bad(xa) ? ' ⚠' : ''}`,
      change(xa.invariantHolds ? 'holds' : 'BROKEN', xb.invariantHolds ? 'holds' : 'BROKEN'),
      qa && qb ? `${formatInt(qa.drift.events)} → ${formatInt(qb.drift.events)}` : '—',
    ];
  });
  return `### Quality and accounting (measured)\n\n${mdTable(['design', 'input', 'curated', 'quarantined', 'failed + lost partitions', 'invariant', 'drifted'], rows)}`;
}

function recommendationSection(a: Results, b: Results): string {
  const ra = a.recommendation;
  const rb = b.recommendation;
  if (!ra || !rb) return `### Recommendation\n\n${ra ? 'b has no recommendation.' : 'a has no recommendation.'}`;
  const same = ra.recommended_option === rb.recommended_option;
  const lines = [
    '### Recommendation',
    '',
    same ? `Unchanged: **${rb.recommended_option}**.` : `**Changed**: ${ra.recommended_option} → **${rb.recommended_option}**.`,
    '',
    `- a: ${ra.decision}`,
    `- b: ${rb.decision}`,
  ];
  if (ra.rollback_trigger !== rb.rollback_trigger) lines.push(`- Rollback trigger: ${ra.rollback_trigger} → ${rb.rollback_trigger}`);
  return lines.join('\n');
}

function crossoverSection(a: Results, b: Results): string {
  const ma = modelOf(a);
  const mb = modelOf(b);
  if (!ma && !mb) return `### Crossover (projected)\n\nNeither run has a model: no crossover to compare. For a: ${modelHint(a)}; for b: ${modelHint(b)}.`;
  if (!ma || !mb) return `### Crossover (projected)\n\nOnly ${ma ? 'a' : 'b'} has a model, so the crossover cannot be compared.${mb ? `\n\nb: ${mb.crossover.sentence}` : ''}`;
  const rows = (['faster', 'cheaper', 'singleNodeInfeasible'] as const).map((k) => {
    const label = k === 'faster' ? 'distributed faster' : k === 'cheaper' ? 'distributed cheaper' : 'single-node infeasible';
    const wa = whereText(ma.crossover[k]);
    const wb = whereText(mb.crossover[k]);
    return [label, wa, wb, wa === wb ? 'unchanged' : 'changed'];
  });
  return `### Crossover (projected)\n\n${mdTable(['', 'a', 'b', ''], rows)}\n\nb: ${mb.crossover.sentence}`;
}

export function renderDiff(aIn: Results, bIn: Results, labels: DiffLabels = {}): string {
  const a = completeResults(aIn);
  const b = completeResults(bIn);
  const la = labels.a ?? 'a';
  const lb = labels.b ?? 'b';
  const { designs, notes } = presence(a, b);
  const out: string[] = [
    `## scalesim diff: ${a.scenario.name} → ${b.scenario.name}`,
    '',
    `a: \`${la}\` (${a.generatedAt}, \`${a.command}\`)  `,
    `b: \`${lb}\` (${b.generatedAt}, \`${b.command}\`)`,
  ];
  for (const [name, r] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (r.status === 'incomplete') out.push('', `> **${name} is INCOMPLETE**: ${r.incompleteReason ?? 'the run did not finish'}. Its numbers are not a result.`);
  }
  if (a.scenario.hash !== b.scenario.hash) out.push('', `Scenario changed: sha256 \`${a.scenario.hash.slice(0, 12)}\` → \`${b.scenario.hash.slice(0, 12)}\`.`);
  out.push('', headline(a, b, designs));
  if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
  if (designs.length) {
    out.push('', costSection(a, b, designs), '', runtimeSection(a, b, designs), '', scopeSection(a, b, designs), '', qualitySection(a, b, designs));
  }
  out.push('', recommendationSection(a, b), '', crossoverSection(a, b));
  return `${out.join('\n')}\n`;
}

import type { DesignName } from '../../../lib/workload/contract';
import { formatInt } from '../format';
import { designsIn, faultsOf, qualityOf } from '../views';
import type { Results } from '../../results/results';
import { labelled, section, table } from './parts';
import { html, type Html, type HtmlValue } from './template';

const bad = (inner: HtmlValue) => html`<strong style="color:var(--bad)">${inner}</strong>`;

/** The accounting invariant and failed or lost partitions, per design. */
function accountingRows(r: Results, designs: readonly DesignName[]): HtmlValue[][] {
  return [
    ['accounting: input = curated + quarantined + duplicates', ...designs.map((d) => {
      const a = r.designs[d]!.accounting;
      return html`${labelled(`${formatInt(a.input)} = ${formatInt(a.curated)} + ${formatInt(a.quarantined)} + ${formatInt(a.duplicatesDropped)}`, 'measured')} ${a.invariantHolds ? 'holds' : bad('BROKEN')}`;
    })],
    ['failed / lost partitions', ...designs.map((d) => {
      const a = r.designs[d]!.accounting;
      const counts = labelled(`${a.failedPartitions.length} / ${a.missingPartitions.length}`, 'measured');
      const keys = a.failedPartitions.length ? `: ${a.failedPartitions.map((p) => p.key).join(', ')}` : '';
      return a.failedPartitions.length + a.missingPartitions.length ? html`${bad(counts)}${keys}` : html`${counts}${keys}`;
    })],
  ];
}

/** Drift, lateness, lineage, quarantine reasons and access risk, per design that collected quality. */
function qualityRows(r: Results, designs: readonly DesignName[]): HtmlValue[][] {
  const q = designs.map((d) => qualityOf(r.designs[d]));
  if (!q.some(Boolean)) return [];
  const cell = (f: (x: NonNullable<(typeof q)[number]>) => string) => q.map((x) => (x ? labelled(f(x), 'measured') : 'not collected'));
  return [
    ['drifted records (breaking)', ...cell((x) => `${formatInt(x.drift.events)} (${formatInt(x.drift.breakingEvents)})`)],
    ['late records', ...cell((x) => formatInt(x.freshness.late))],
    ['lineage missing', ...cell((x) => `${formatInt(x.lineage.missing)} of ${formatInt(x.lineage.missing + x.lineage.complete)}`)],
    ['quarantine reasons', ...cell((x) => Object.entries(x.quarantineReasons).filter(([, v]) => v).map(([k, v]) => `${k} ${formatInt(v)}`).join(', ') || 'none')],
    ['high + critical access-risk records', ...cell((x) => formatInt((x.access.byRiskLevel.high ?? 0) + (x.access.byRiskLevel.critical ?? 0)))],
  ];
}

/** What each design's injected faults did: errors seen, retries, batches failed for good. */
function faultRows(r: Results, designs: readonly DesignName[]): HtmlValue[][] {
  return designs.flatMap((d) => {
    const f = faultsOf(r.designs[d]);
    if (!f) return [];
    const seen = Object.entries(f.observedErrors).map(([k, v]) => `${v}× ${k}`).join(', ') || 'no task errors';
    const text = `injected ${f.injected.join(', ') || 'nothing directly'}; seen ${seen}; ${f.retries} retries; ${f.failedForGood.length} batch(es) failed for good; ${f.affectedPartitions} partition(s) affected`;
    return [[`faults in ${d}`, ...designs.map((x) => (x === d ? labelled(text, 'measured') : '—'))]];
  });
}

/** Quality and accounting: nothing lost, and what the data looked like. */
export function qualitySection(r: Results): Html {
  const designs = designsIn(r);
  const rows = [...accountingRows(r, designs), ...qualityRows(r, designs), ...faultRows(r, designs)];
  return section('quality', 'Quality and accounting', [table(['', ...designs], rows)]);
}

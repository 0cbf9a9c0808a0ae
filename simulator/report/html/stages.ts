import { type BarRow, renderBarChart } from '../charts';
import { formatBytes, formatMs, formatPct } from '../format';
import { designsIn, invocationsOf } from '../views';
import type { Results } from '../../results/results';
import { dataTable, labelled, section, STAGE_COLORS, table } from './parts';
import { html, type Html, raw } from './template';

/** Orchestration, invocations, stragglers and the named bottleneck, one row per design. */
function orchestrationRows(r: Results): Html[][] {
  return designsIn(r).map((d) => {
    const x = r.designs[d]!;
    const o = x.orchestration;
    const inv = invocationsOf(x);
    const s = x.profile.stragglers;
    return [
      html`${d}`,
      labelled(`${formatMs(o.overheadMs)} of ${formatMs(x.runtime.measured.wallMs)} (${formatPct(o.overheadMs / Math.max(1, x.runtime.measured.wallMs))})`, 'measured'),
      labelled(`${o.transitions} transitions, ${o.retries} retries, ${o.caughtFailures} caught`, 'measured'),
      inv ? labelled(`${inv.cold} of ${inv.count} cold, ${inv.throttled} throttled, init p50 ${formatMs(inv.initMs.p50)}`, 'measured') : html`—`,
      s.medianMs ? labelled(`${s.ratio.toFixed(2)}× (${formatMs(s.maxMs)} vs ${formatMs(s.medianMs)}): ${s.slowest.slice(0, 2).join(', ')}`, 'measured') : html`—`,
      x.bottleneck ? html`<strong>${x.bottleneck.kind}</strong> ${labelled('', 'measured')}: ${x.bottleneck.evidence}. Lever: ${x.bottleneck.lever}; ${labelled('', 'projected')} effect: ${x.bottleneck.projectedEffect}` : html`not named`,
    ];
  });
}

/** Worker CPU by stage as stacked shares, the stage table, and the orchestration and bottleneck table. */
export function stagesSection(r: Results): Html {
  const designs = designsIn(r);
  const stageNames = [...new Set(designs.flatMap((d) => Object.keys(r.designs[d]!.profile.stages)))];
  const color = (i: number) => STAGE_COLORS[i % STAGE_COLORS.length]!;
  const rows: BarRow[] = designs.map((d) => {
    const st = r.designs[d]!.profile.stages;
    const total = Object.values(st).reduce((a, s) => a + s.cpuMs, 0);
    return { label: d, segments: stageNames.map((n, i) => ({ name: n, value: st[n]?.cpuMs ?? 0, color: color(i) })), note: `${formatMs(total)} CPU (measured)` };
  });
  const tableRows = stageNames.map((n) => [
    n,
    ...designs.map((d) => {
      const s = r.designs[d]!.profile.stages[n];
      return s ? labelled(`${formatMs(s.cpuMs)} CPU, ${formatMs(s.wallMs)} wall, ${formatBytes(s.bytes)}`, 'measured') : '—';
    }),
  ]);
  const chart = raw(renderBarChart({ id: 'stage-chart', title: 'Worker CPU by stage', description: 'Share of worker CPU time per processing stage, summed over partitions, per design (measured).', rows, mode: 'share', valueFormat: formatMs }));
  return section('stages', 'Stage breakdown and bottleneck', [
    html`<figure>${chart}<figcaption>Worker CPU by stage, summed over partitions ${labelled('', 'measured')}.</figcaption></figure>`,
    dataTable('Data table: stages', table(['stage', ...designs], tableRows)),
    table(['design', 'orchestration overhead', 'state machine', 'invocations', 'stragglers (max ÷ median)', 'bottleneck'], orchestrationRows(r)),
  ]);
}

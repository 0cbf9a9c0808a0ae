import type { DesignName } from '../../../lib/workload/contract';
import { type BarRow, renderBarChart } from '../charts';
import { formatUsd } from '../format';
import { costOf, designsIn } from '../views';
import type { Results } from '../../results/results';
import { type Basis, dataTable, labelled, labelledMix, section, table } from './parts';
import { html, type Html, type HtmlValue, raw } from './template';

type DesignCost = NonNullable<ReturnType<typeof costOf>>;

/** Fixed, per-run and monthly totals, shared vs design-dependent, the top driver and its lever, per design. */
function totals(designs: readonly DesignName[], cost: (d: DesignName) => DesignCost, runs: number, horizon: number): HtmlValue[][] {
  const runBasis = (d: DesignName): Basis => (cost(d).basis === 'projected' ? 'projected' : 'measured');
  return [
    ['fixed a month (templates)', ...designs.map((d) => labelled(formatUsd(cost(d).fixedMonthlyUsd ?? 0), 'static'))],
    ['own cost per run', ...designs.map((d) => labelled(formatUsd(cost(d).runDependentPerRunUsd ?? cost(d).perRunUsd), runBasis(d)))],
    ['per run, fixed share included', ...designs.map((d) => labelled(formatUsd(cost(d).perRunUsd), runBasis(d)))],
    // A month is the templates' fixed cost (static) plus the runs' usage (measured or projected).
    [`a month, month 1 (${runs} runs)`, ...designs.map((d) => labelledMix(formatUsd(cost(d).month1Usd ?? cost(d).perMonthUsd), 'static', '+', runBasis(d)))],
    [`a month, month ${horizon} (${runs} runs)`, ...designs.map((d) => labelledMix(formatUsd(cost(d).perMonthUsd), 'static', '+', runBasis(d)))],
    ['shared with the other design; design-dependent', ...designs.map((d) => (cost(d).split ? `${formatUsd(cost(d).split!.sharedMonthlyUsd)}; ${formatUsd(cost(d).split!.designMonthlyUsd)}` : '—'))],
    ['top cost driver', ...designs.map((d) => {
      const t = cost(d).topDriver;
      return t ? `${t.type} ×${t.logicalIds.length}: ${formatUsd(t.monthlyUsd)} (${Math.round(t.share * 100)}%)` : '—';
    })],
    ['lever on the biggest fixed cost', ...designs.map((d) => {
      const l = cost(d).lever;
      return l ? `${l.change}. Trade-off: ${l.tradeOff}.` : '—';
    })],
  ];
}

/** Every priced (not free) resource of both templates, most expensive first, with its construct path. */
function resourceLines(designs: readonly DesignName[], cost: (d: DesignName) => DesignCost): HtmlValue[][] {
  return designs.flatMap((d) =>
    cost(d).resources!.filter((l) => l.pricing !== 'free').sort((a, b) => b.monthlyUsd - a.monthlyUsd).map((l) => [
      d,
      html`<code>${l.cdkPath}</code>`,
      l.type,
      l.pricing,
      formatUsd(l.fixedMonthlyUsd),
      formatUsd(l.perRunUsd),
      formatUsd(l.monthlyUsd),
      l.shared === undefined ? '' : l.shared ? 'shared' : 'this design',
      l.reason,
    ]),
  );
}

/** Fixed, per-run and monthly cost side by side, and every priced template resource with its construct path. */
export function fixedCostSection(r: Results): Html {
  const designs = designsIn(r).filter((d) => costOf(r.designs[d])?.resources);
  if (!designs.length) return html``;
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
      note: `${formatUsd(c.perMonthUsd)} a month (static + ${c.basis === 'projected' ? 'projected' : 'measured'})`,
    };
  });
  const lines = resourceLines(designs, cost);
  const usage = designs.every((d) => cost(d).basis === 'projected') ? 'projected' : designs.some((d) => cost(d).basis === 'projected') ? 'measured or projected, per design' : 'measured';
  const freeCount = designs.map((d) => `${d} ${cost(d).resources!.filter((l) => l.pricing === 'free').length}`).join(', ');
  const unpriced = designs.flatMap((d) => cost(d).resources!.filter((l) => l.pricing === 'unpriced').map((l) => `${d}: ${l.cdkPath} (${l.type})`));
  const chart = raw(renderBarChart({ id: 'monthly-cost-chart', title: 'Cost a month: fixed and per run', description: `Each design's month ${horizon} cost at ${runs} runs: the fixed cost of what its template deploys, and its runs.`, rows: bars, mode: 'absolute', valueFormat: formatUsd }));
  const unpricedNote = unpriced.length ? html`<strong>unpriced, not in the totals: ${unpriced.join('; ')}</strong>` : 'none is unpriced';
  return section('fixed-cost', 'Fixed, per-run and monthly cost', [
    html`<figure>${chart}<figcaption>Every resource of both templates is priced (free: ${freeCount}); ${unpricedNote}.</figcaption></figure>`,
    table(['', ...designs], totals(designs, cost, runs, horizon)),
    dataTable('Data table: every priced resource, with its construct path', table(['design', 'construct path', 'type', 'pricing', 'fixed a month (static)', `per run (${usage})`, `month ${horizon} (static + ${usage})`, 'design', 'how it is priced'], lines, [4, 5, 6]), lines.length),
  ]);
}

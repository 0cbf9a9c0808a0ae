import { COST_SERVICE_LABELS } from '../../cost/run-cost';
import { type BarRow, renderBarChart } from '../charts';
import { formatUsd } from '../format';
import { costOf, designsIn } from '../views';
import { COST_SERVICES } from '../../results/cost';
import type { Results } from '../../results/results';
import { dataTable, labelled, section, SERVICE_COLORS, table } from './parts';
import { html, type Html, type HtmlValue, raw } from './template';

/** Each design's cost per run split by AWS service, as stacked bars and a table with the totals and budget. */
export function costBreakdownSection(r: Results): Html {
  const designs = designsIn(r).filter((d) => costOf(r.designs[d]));
  if (!designs.length) return html`<section aria-labelledby="h-cost"><h2 id="h-cost">Cost breakdown</h2><p>Cost not analysed in this run.</p></section>`;
  const cost = (d: (typeof designs)[number]) => costOf(r.designs[d])!;
  const rows: BarRow[] = designs.map((d) => {
    const c = cost(d);
    return {
      label: d,
      segments: COST_SERVICES.filter((s) => c.breakdown[s] !== undefined).map((s) => ({ name: COST_SERVICE_LABELS[s], value: c.breakdown[s]!, color: SERVICE_COLORS[s] ?? '#9ca3af' })),
      note: `${formatUsd(c.perRunUsd)} per run (measured${c.fixedMonthlyUsd !== undefined ? ', fixed costs shared over the month\'s runs' : ''})`,
    };
  });
  const services = COST_SERVICES.filter((s) => designs.some((d) => cost(d).breakdown[s] !== undefined));
  const tableRows: HtmlValue[][] = [
    ...services.map((s) => [COST_SERVICE_LABELS[s], ...designs.map((d) => {
      const v = cost(d).breakdown[s];
      return v === undefined ? '—' : labelled(formatUsd(v), 'measured');
    })]),
    [html`<strong>per run</strong>`, ...designs.map((d) => labelled(formatUsd(cost(d).perRunUsd), 'measured'))],
    ['per 1M events', ...designs.map((d) => labelled(formatUsd(cost(d).perMillionEventsUsd), 'measured'))],
    [`per month (${r.scenario.spec.schedule.runsPerMonth} runs)`, ...designs.map((d) => labelled(formatUsd(cost(d).perMonthUsd), 'measured'))],
    ['budget', ...designs.map((d) => (cost(d).budget.withinBudget ? 'within' : html`<strong style="color:var(--bad)">OVER</strong>`))],
  ];
  const snap = cost(designs[0]!).priceSnapshot;
  const chart = raw(renderBarChart({ id: 'cost-breakdown-chart', title: 'Cost per run by service', description: 'Each design\'s cost per run split by AWS service: measured usage priced at list prices.', rows, mode: 'absolute', valueFormat: formatUsd }));
  return section('cost', 'Cost breakdown by service', [
    html`<figure>${chart}<figcaption>Measured usage × list prices from ${`${snap.file} dated ${snap.date}`}.</figcaption></figure>`,
    dataTable('Data table: cost by service', table(['service', ...designs], tableRows, [1, 2])),
  ]);
}

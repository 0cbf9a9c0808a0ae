import { type BarRow, renderBarChart } from '../charts';
import { formatMs, formatUsd } from '../format';
import type { DecisionFacts } from '../recommend';
import { designsIn, modelHint } from '../views';
import type { Results } from '../../results/results';
import { code, dataTable, DESIGN_COLORS, labelled, section, table } from './parts';
import { html, type Html, raw } from './template';

/** Without a sweep: the one measured volume's runtime and cost as bars, and where the projection would go. */
export function measuredSection(r: Results, facts: DecisionFacts): Html {
  const designs = designsIn(r);
  const rows: BarRow[] = designs.map((d) => ({
    label: d,
    segments: [{ name: 'emulator wall time', value: facts.designs[d]!.measuredWallMs, color: DESIGN_COLORS[d] }],
    note: `${formatMs(facts.designs[d]!.measuredWallMs)} measured`,
  }));
  const costRows: BarRow[] = designs.map((d) => {
    const c = facts.designs[d]!.cost;
    return { label: d, segments: [{ name: 'cost per run', value: c?.perRunUsd ?? 0, color: DESIGN_COLORS[d] }], note: c ? `${formatUsd(c.perRunUsd)} measured` : 'not analysed' };
  });
  const runtimeChart = raw(renderBarChart({ id: 'measured-runtime-chart', title: 'Runtime on the emulator', description: 'Measured emulator wall time per design at this run\'s volume.', rows, mode: 'absolute', valueFormat: formatMs }));
  const costChart = raw(renderBarChart({ id: 'measured-cost-chart', title: 'Cost per run', description: 'Measured usage priced at list prices, per design.', rows: costRows, mode: 'absolute', valueFormat: formatUsd }));
  const runtimeRows = designs.map((d) => {
    const m = r.designs[d]!.runtime.measured;
    return [d, labelled(formatMs(m.wallMs), 'measured'), labelled(formatMs(m.cpuMs), 'measured'), labelled(formatMs(m.uploadMs), 'measured'), labelled(formatMs(m.deployMs), 'measured')];
  });
  const costTableRows = designs.map((d) => {
    const c = facts.designs[d]!.cost;
    return c ? [d, labelled(formatUsd(c.perRunUsd), 'measured'), labelled(formatUsd(c.perMillionEventsUsd), 'measured'), labelled(formatUsd(c.perMonthUsd), 'measured')] : [d, 'not analysed', '—', '—'];
  });
  return section('measured', 'Measured comparison', [
    html`<div class="placeholder" id="projection-placeholder"><strong>Projection charts go here.</strong> Runtime and cost against volume on log axes, with the crossover marked, need a model: this run measured one volume; ${code(`${modelHint(r)}.`)}</div>`,
    html`<figure>${runtimeChart}<figcaption>Emulator wall time ${labelled('', 'measured')}; not AWS time.</figcaption></figure>`,
    dataTable('Data table: runtime on the emulator', table(['design', 'emulator wall', 'worker CPU', 'upload', 'deploy'], runtimeRows, [1, 2, 3, 4])),
    html`<figure>${costChart}<figcaption>Cost per run: ${labelled('', 'measured')} usage at list prices.</figcaption></figure>`,
    dataTable('Data table: cost per run', table(['design', 'per run', 'per 1M events', 'per month'], costTableRows, [1, 2, 3])),
  ]);
}

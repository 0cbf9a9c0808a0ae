import { cellCode, renderDecisionMapChart, scenarioCellSentence } from '../decision-map';
import { formatUsd, formatVolume } from '../format';
import type { ModelView } from '../views';
import { dataTable, labelled, section, table } from './parts';
import { html, type Html, raw } from './template';

/** The decision map as a chart and a table: which design is cheaper a month and meets the SLA. */
export function decisionMapSection(model: ModelView | undefined): Html {
  const map = model?.decisionMap;
  if (!map) return html``;
  const rows = map.events.map((v, i) => [formatVolume(v), ...map.cells[i].map((c) => labelled(`${cellCode(c)}: ${formatUsd(c.monthlyUsd['single-node'])} / ${formatUsd(c.monthlyUsd.distributed)}`, 'projected'))]);
  return section('decision-map', 'Decision map: events per run × runs per month', [
    html`<p>${scenarioCellSentence(map)}</p>`,
    html`<figure>${raw(renderDecisionMapChart(map))}<figcaption>Monthly totals ${labelled('', 'projected')}: each design's fixed monthly cost plus runs × its projected cost per run; SLA from the projection at each volume.</figcaption></figure>`,
    dataTable('Data table: choice and monthly cost (single-node / distributed) per cell', table(['events per run', ...map.runsPerMonth.map((n) => `${n} runs/month`)], rows)),
  ]);
}

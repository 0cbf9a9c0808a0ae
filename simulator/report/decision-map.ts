import type { DesignName } from '../../lib/workload/contract';
import type { DecisionCell, DecisionMap } from '../model/decision-map';
import { formatUsd, formatVolume } from './format';
import { mdTable } from './markdown';
import { escapeXml } from './svg';

/**
 * The decision map (simulator/model/decision-map.ts) as words, a compact Markdown table for the memo
 * and an SVG grid for report.html. Pure.
 */

const SHORT: Readonly<Record<DesignName, string>> = { 'single-node': 'SN', distributed: 'D' };

/** `D` (distributed cheaper and meets the SLA), `SN*` (the cheaper one misses the SLA), `none` (neither meets it). */
export function cellCode(c: DecisionCell): string {
  if (c.choice === null) return 'none';
  return c.choice === c.cheaper ? SHORT[c.choice] : `${SHORT[c.choice]}*`;
}

/** One short sentence: the scenario's cell, its choice, both monthly totals and where they cross. */
export function scenarioCellSentence(map: DecisionMap): string {
  const c = map.scenario;
  const sla = c.meetsSla['single-node'] && c.meetsSla.distributed ? 'both meet the SLA' : c.choice ? `only ${c.choice} meets the SLA` : 'neither meets the SLA';
  const cheaperBelow = c.monthlyUsd['single-node'] > c.monthlyUsd.distributed ? 'single-node' : 'distributed';
  const breakEven = map.breakEvenRunsPerMonth !== null ? `; ${cheaperBelow} wins above ${Math.round(map.breakEvenRunsPerMonth).toLocaleString('en-US')} runs` : '';
  return `Decision-map cell ${formatVolume(c.events)} × ${c.runsPerMonth} runs/month: ${c.choice ?? 'neither'} (${sla}; single-node ${formatUsd(c.monthlyUsd['single-node'])} vs distributed ${formatUsd(c.monthlyUsd.distributed)} a month projected${breakEven}).`;
}

/** Rows: events per run; columns: runs a month; the scenario's row and column are marked. */
export function decisionMapTable(map: DecisionMap): string {
  const nearest = (values: readonly number[], v: number) => values.reduce((best, x) => (Math.abs(Math.log(x / v)) < Math.abs(Math.log(best / v)) ? x : best), values[0]);
  const row = nearest(map.events, map.scenario.events);
  const col = nearest(map.runsPerMonth, map.scenario.runsPerMonth);
  const header = ['events ↓ runs/month →', ...map.runsPerMonth.map((n) => (n === col ? `**${n}**` : String(n)))];
  const rows = map.events.map((v, i) => [v === row ? `**${formatVolume(v)}**` : formatVolume(v), ...map.cells[i].map((c, j) => (v === row && map.runsPerMonth[j] === col ? `**${cellCode(c)}**` : cellCode(c)))]);
  return mdTable(header, rows);
}

const CELL_COLORS = { 'single-node': '#1d4ed8', distributed: '#c2410c', none: '#6b7280' } as const;

/** An accessible SVG grid: one square per cell, coloured by the choice, hatched where the cheaper design misses the SLA. */
export function renderDecisionMapChart(map: DecisionMap): string {
  const cw = 96;
  const ch = 34;
  const left = 90;
  const top = 40;
  const width = Math.max(560, left + cw * map.runsPerMonth.length + 20);
  const height = top + ch * map.events.length + 56;
  const parts: string[] = [];
  parts.push(`<text x="${left + (cw * map.runsPerMonth.length) / 2}" y="16" text-anchor="middle" font-size="12">runs per month</text>`);
  map.runsPerMonth.forEach((n, j) => parts.push(`<text x="${left + j * cw + cw / 2}" y="${top - 8}" text-anchor="middle" font-size="12">${n}</text>`));
  map.events.forEach((v, i) => {
    parts.push(`<text x="${left - 8}" y="${top + i * ch + ch / 2 + 4}" text-anchor="end" font-size="12">${escapeXml(formatVolume(v))}</text>`);
    map.cells[i].forEach((c, j) => {
      const fill = c.choice ? CELL_COLORS[c.choice] : CELL_COLORS.none;
      const label = `${formatVolume(c.events)} events, ${c.runsPerMonth} runs a month: single-node ${formatUsd(c.monthlyUsd['single-node'])}${c.meetsSla['single-node'] ? '' : ' (misses the SLA)'}, distributed ${formatUsd(c.monthlyUsd.distributed)}${c.meetsSla.distributed ? '' : ' (misses the SLA)'} a month; choice ${c.choice ?? 'none'}`;
      const x = left + j * cw;
      const y = top + i * ch;
      parts.push(
        `<g><title>${escapeXml(label)}</title><rect x="${x + 1}" y="${y + 1}" width="${cw - 2}" height="${ch - 2}" fill="${fill}" fill-opacity="${c.choice === c.cheaper ? 0.85 : 0.45}"/>` +
          `<text x="${x + cw / 2}" y="${y + ch / 2 + 4}" text-anchor="middle" font-size="11" fill="#fff">${escapeXml(cellCode(c))}</text></g>`,
      );
    });
  });
  const s = map.scenario;
  const si = map.events.reduce((best, v, i) => (Math.abs(Math.log(v / s.events)) < Math.abs(Math.log(map.events[best] / s.events)) ? i : best), 0);
  const sj = map.runsPerMonth.reduce((best, n, j) => (Math.abs(Math.log(n / s.runsPerMonth)) < Math.abs(Math.log(map.runsPerMonth[best] / s.runsPerMonth)) ? j : best), 0);
  parts.push(`<rect x="${left + sj * cw}" y="${top + si * ch}" width="${cw}" height="${ch}" fill="none" stroke="#111" stroke-width="3"><title>this scenario</title></rect>`);
  parts.push(`<text x="10" y="${height - 28}" font-size="11">SN single-node, D distributed: the cheaper a month among those that meet the SLA;</text>`);
  parts.push(`<text x="10" y="${height - 12}" font-size="11">* the cheaper one misses the SLA (lighter); outlined: this scenario.</text>`);
  return `<svg id="decision-map-chart" role="img" aria-labelledby="decision-map-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="decision-map-title">Decision map: which design is cheaper per month and meets the SLA, by events per run and runs per month (projected)</title>${parts.join('')}</svg>`;
}

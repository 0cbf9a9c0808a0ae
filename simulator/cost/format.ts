import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { COST_BASIS_LABELS } from './design-cost';
import { hasSecondaryPrices } from './prices/table';
import { COST_SERVICE_LABELS } from './run-cost';
import { type BudgetCheck, COST_SERVICES, type DesignCostRecord } from '../results/cost';
import type { LoadedPriceSnapshot } from './prices/loaded';

/** Text rendering of design costs for the terminal. Pure. */

/** Dollars with enough digits to tell small per-run amounts apart. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return `$${usd}`;
  if (usd === 0) return '$0';
  if (usd < 0) return `-${formatUsd(-usd)}`;
  if (usd < 0.000001) return '<$0.000001';
  if (usd >= 1) return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  // Three significant digits, never in exponent form.
  const decimals = Math.min(8, 2 - Math.floor(Math.log10(usd)));
  return `$${usd.toFixed(decimals)}`;
}

function budgetCell(check: BudgetCheck): string {
  if (check.withinBudget) return 'ok';
  const over = [check.overPerRun ? 'per run' : '', check.overPerMonth ? 'per month' : ''].filter(Boolean).join(', ');
  return `OVER (${over})`;
}

export interface CostTableInput {
  readonly scenarioName: string;
  /** Where the usage came from, e.g. the results file or the scenario file. */
  readonly from: string;
  readonly prices: LoadedPriceSnapshot;
  readonly costs: Readonly<Partial<Record<DesignName, DesignCostRecord>>>;
  /**
   * Designs with no usage to price, and why.
   * @default - none
   */
  readonly missing?: Readonly<Partial<Record<DesignName, string>>>;
  /**
   * Extra lines printed under the table (e.g. projection assumptions).
   * @default - none
   */
  readonly notes?: readonly string[];
}

export function formatCostTable(input: CostTableInput): string {
  const designs = DESIGNS.filter((d) => input.costs[d] || input.missing?.[d]);
  const records = designs.map((d) => input.costs[d]).filter((r): r is DesignCostRecord => r !== undefined);
  const basis = records[0]?.basis ?? 'measured-usage';
  const s = input.prices.snapshot;
  const secondary = hasSecondaryPrices(s) ? '; some values secondary, confirm with `scalesim prices refresh`' : '';
  const sourceKind = s.source.kind === 'bundled-list-prices' ? 'bundled list prices' : `Price List API, ${s.source.endpointRegion ?? ''}`.replace(/, $/, '');
  const first = records[0];
  const lines = [
    `scalesim cost: ${input.scenarioName} (${COST_BASIS_LABELS[basis]})`,
    `  from:   ${input.from}`,
    `  prices: ${input.prices.file}, dated ${s.date} (${sourceKind}${secondary}), sha256 ${input.prices.sha256.slice(0, 12)}`,
  ];
  if (first) {
    lines.push(
      `  volume: ${first.events.toLocaleString('en-US')} events per run, ${first.runsPerMonth} runs per month; free tiers ${first.freeTier ? 'applied to the month' : 'not applied'}`,
    );
  }
  lines.push('');

  const rows: string[][] = [['', ...designs]];
  const cell = (d: DesignName, f: (r: DesignCostRecord) => string) => {
    const r = input.costs[d];
    return r ? f(r) : '—';
  };
  for (const service of COST_SERVICES) {
    if (!records.some((r) => r.breakdown[service] !== undefined)) continue;
    rows.push([COST_SERVICE_LABELS[service], ...designs.map((d) => cell(d, (r) => (r.breakdown[service] === undefined ? '—' : formatUsd(r.breakdown[service]!))))]);
  }
  rows.push(['per run', ...designs.map((d) => cell(d, (r) => formatUsd(r.perRunUsd)))]);
  rows.push(['per 1M events', ...designs.map((d) => cell(d, (r) => formatUsd(r.perMillionEventsUsd)))]);
  rows.push(['per month', ...designs.map((d) => cell(d, (r) => formatUsd(r.perMonthUsd)))]);
  if (first) {
    const b = first.budget.budget;
    rows.push([`budget ($${b.perRunUsd.toFixed(2)}/run, $${b.perMonthUsd.toFixed(2)}/month)`, ...designs.map((d) => cell(d, (r) => budgetCell(r.budget)))]);
  }

  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const render = (r: string[]) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(Math.max(widths[i], 14)))).join('  ')}`.trimEnd();
  const totalsAt = rows.findIndex((r) => r[0] === 'per run');
  rows.forEach((r, i) => {
    if (i === totalsAt) lines.push(`  ${'─'.repeat(render(r).length - 2)}`);
    lines.push(render(r));
  });
  for (const d of designs) {
    const why = input.missing?.[d];
    if (why) lines.push(`  ${d}: not priced: ${why}`);
  }
  if (input.notes?.length) lines.push('', ...input.notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}

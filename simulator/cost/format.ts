import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { COST_BASIS_LABELS } from './design-cost';
import { hasSecondaryPrices } from './prices/table';
import { COST_SERVICE_LABELS } from './run-cost';
import { type BudgetCheck, COST_SERVICES, type DesignCostRecord } from '../results/cost';
import type { LoadedPriceSnapshot } from './prices/loaded';

/**
 * Text rendering of design costs for the terminal, and the number formats (dollars, durations,
 * ratios) the memo, the reports and the tuner's reason texts share, so one quantity reads the same
 * everywhere. Pure.
 */

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

/** A budget or limit as the user wrote it: `$50`, `$0.50`, `$1,250.75`. */
export function formatBudgetUsd(usd: number): string {
  return Number.isInteger(usd) ? `$${usd.toLocaleString('en-US')}` : `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Milliseconds as a human duration: `850 ms`, `31.4 s`, `12.3 min`, `1.55 h`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  // Seconds up to two minutes: "67.1 s" reads better than "1.1 min" and keeps a digit of precision.
  if (abs < 120_000) return `${trim((ms / 1000).toFixed(abs < 10_000 ? 2 : 1))} s`;
  if (abs < 3_600_000) return `${trim((ms / 60_000).toFixed(1))} min`;
  return `${trim((ms / 3_600_000).toFixed(2))} h`;
}

/** "30.0" → "30", "2.50" → "2.5": toFixed's trailing zeros carry no information here. */
function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A ratio as `13×` or `1.06×`. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  return `${r >= 10 ? Math.round(r) : r.toFixed(r >= 2 ? 1 : 2)}×`;
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
  const lines = [...headerLines(input, records), '', ...renderRows(costRows(input.costs, designs, records))];
  for (const d of designs) {
    const why = input.missing?.[d];
    if (why) lines.push(`  ${d}: not priced: ${why}`);
  }
  lines.push(...driverLines(input.costs, designs));
  if (records.some((r) => r.resources)) lines.push('', ...formatResourceBreakdown(input.costs).map((l) => (l ? `  ${l}` : '')));
  if (input.notes?.length) lines.push('', ...input.notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}

/** Scenario, basis, where the usage and the prices came from, and the volume priced. */
function headerLines(input: CostTableInput, records: readonly DesignCostRecord[]): string[] {
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
  return lines;
}

/** The table's rows: a header, one row per priced service, then totals and the budget check. */
function costRows(costs: CostTableInput['costs'], designs: readonly DesignName[], records: readonly DesignCostRecord[]): string[][] {
  const rows: string[][] = [['', ...designs]];
  const row = (label: string, f: (r: DesignCostRecord) => string) => rows.push([label, ...designs.map((d) => (costs[d] ? f(costs[d]!) : '—'))]);
  const opt = (f: (r: DesignCostRecord) => number | undefined) => (r: DesignCostRecord) => {
    const v = f(r);
    return v === undefined ? 'not priced' : formatUsd(v);
  };
  for (const service of COST_SERVICES) {
    if (!records.some((r) => r.breakdown[service] !== undefined)) continue;
    row(COST_SERVICE_LABELS[service], (r) => (r.breakdown[service] === undefined ? '—' : formatUsd(r.breakdown[service]!)));
  }
  const templated = records.some((r) => r.fixedMonthlyUsd !== undefined);
  if (templated) {
    row('fixed per month', opt((r) => r.fixedMonthlyUsd));
    row('run-dependent per run', opt((r) => r.runDependentPerRunUsd));
  }
  row(templated ? 'per run (incl. fixed share)' : 'per run', (r) => formatUsd(r.perRunUsd));
  row('per 1M events', (r) => formatUsd(r.perMillionEventsUsd));
  const horizon = records.find((r) => r.horizonMonth !== undefined)?.horizonMonth;
  if (templated) row('per month, month 1', opt((r) => r.month1Usd));
  row(horizon ? `per month, month ${horizon}` : 'per month', (r) => formatUsd(r.perMonthUsd));
  const first = records[0];
  if (first) {
    const b = first.budget.budget;
    row(`budget ($${b.perRunUsd.toFixed(2)}/run, $${b.perMonthUsd.toFixed(2)}/month)`, (r) => budgetCell(r.budget));
  }
  return rows;
}

/** Rows as aligned text, with a rule above the first totals row. */
function renderRows(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const render = (r: readonly string[]) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(Math.max(widths[i], 14)))).join('  ')}`.trimEnd();
  const totalsAt = rows.findIndex((r) => r[0] === 'per run' || r[0] === 'fixed per month');
  const lines: string[] = [];
  rows.forEach((r, i) => {
    if (i === totalsAt) lines.push(`  ${'─'.repeat(render(r).length - 2)}`);
    lines.push(render(r));
  });
  return lines;
}

/** Each design's top cost driver, its shared/design split and its lever. */
function driverLines(costs: CostTableInput['costs'], designs: readonly DesignName[]): string[] {
  const lines: string[] = [];
  for (const d of designs) {
    const r = costs[d];
    if (!r?.topDriver) continue;
    const t = r.topDriver;
    lines.push(
      `  ${d}: top cost driver ${t.type} (${t.logicalIds.length} resource${t.logicalIds.length > 1 ? 's' : ''}), ${formatUsd(t.monthlyUsd)} a month, ${(t.share * 100).toFixed(0)}% of its total${t.designDependent ? '' : ' (shared by both designs)'}` +
        (r.split ? `; ${formatUsd(r.split.designMonthlyUsd)} of its month depends on the design, ${formatUsd(r.split.sharedMonthlyUsd)} is shared` : ''),
    );
    if (r.lever) lines.push(`  ${d}: lever on its biggest fixed cost: ${r.lever.change}; trade-off: ${r.lever.tradeOff}`);
  }
  return lines;
}

/** Free resources are summarized by type; the JSON lists each. */
function formatResourceBreakdown(costs: Readonly<Partial<Record<DesignName, DesignCostRecord>>>): string[] {
  const out: string[] = [];
  for (const d of DESIGNS) {
    const r = costs[d];
    if (!r?.resources) continue;
    const priced = r.resources.filter((l) => l.pricing !== 'free');
    const free = r.resources.filter((l) => l.pricing === 'free');
    const unpriced = r.resources.filter((l) => l.pricing === 'unpriced');
    out.push(`${d}: ${r.resources.length} resources, ${priced.length - unpriced.length} priced, ${free.length} free, ${unpriced.length} unpriced (${r.basis === 'projected' ? 'projected' : 'measured usage × list price'}; month ${r.horizonMonth ?? 1})`);
    const rows = [['construct path', 'type', 'pricing', 'fixed/month', 'per run', 'monthly', 'design']];
    for (const l of [...priced].sort((a, b) => b.monthlyUsd - a.monthlyUsd)) {
      rows.push([l.cdkPath, l.type, l.pricing, formatUsd(l.fixedMonthlyUsd), formatUsd(l.perRunUsd), formatUsd(l.monthlyUsd), l.shared === undefined ? '' : l.shared ? 'shared' : 'this design']);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((x) => x[c].length)));
    for (const row of rows) out.push(`  ${row.map((c, i) => (i >= 3 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')}`.trimEnd());
    for (const l of unpriced) out.push(`  UNPRICED ${l.cdkPath} (${l.type}): ${l.reason}`);
    const byType = new Map<string, number>();
    for (const l of free) byType.set(l.type, (byType.get(l.type) ?? 0) + 1);
    if (free.length) out.push(`  free: ${[...byType].map(([t, n]) => `${n} × ${t}`).join(', ')} (--json gives each with its path and reason)`);
    out.push('');
  }
  return out;
}

/** The `--json` form: both designs' totals and every resource line, with its construct path. */
export function costJson(input: CostTableInput): unknown {
  const first = DESIGNS.map((d) => input.costs[d]).find((r) => r !== undefined);
  return {
    scenario: input.scenarioName,
    from: input.from,
    basis: first?.basis ?? 'measured-usage',
    prices: { file: input.prices.file, date: input.prices.snapshot.date, sha256: input.prices.sha256 },
    events: first?.events,
    runsPerMonth: first?.runsPerMonth,
    horizonMonth: first?.horizonMonth,
    designs: Object.fromEntries(
      DESIGNS.filter((d) => input.costs[d]).map((d) => {
        const r = input.costs[d]!;
        return [
          d,
          {
            fixedMonthlyUsd: r.fixedMonthlyUsd ?? null,
            perRunUsd: r.perRunUsd,
            perMonthUsd: r.perMonthUsd,
            runDependentPerRunUsd: r.runDependentPerRunUsd ?? null,
            month1Usd: r.month1Usd ?? null,
            topDriver: r.topDriver ?? null,
            split: r.split ?? null,
            budget: { withinBudget: r.budget.withinBudget, overPerRun: r.budget.overPerRun, overPerMonth: r.budget.overPerMonth },
            resources: (r.resources ?? []).map((l) => ({
              logicalId: l.logicalId,
              type: l.type,
              cdkPath: l.cdkPath,
              pricing: l.pricing,
              monthlyUsd: l.monthlyUsd,
              reason: l.reason,
              fixedMonthlyUsd: l.fixedMonthlyUsd,
              perRunUsd: l.perRunUsd,
              ...(l.shared === undefined ? {} : { shared: l.shared }),
            })),
          },
        ];
      }),
    ),
    ...(input.missing && Object.keys(input.missing).length ? { missing: input.missing } : {}),
  };
}

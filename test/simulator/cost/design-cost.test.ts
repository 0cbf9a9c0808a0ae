import { designCost, fillDesignCosts, projectedDesignCosts, type DesignResults } from '../../../simulator/cost/design-cost';
import { formatCostTable, formatUsd } from '../../../simulator/cost/format';
import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { BASELINE, SAMPLE_USAGE } from './sample-usage';
import type { Results } from '../../../simulator/results/results';
import type { LoadedPriceSnapshot } from '../../../simulator/cost/prices/loaded';

const prices = loadPriceSnapshot({ region: 'us-east-1' });
const scenario = BASELINE.scenario;

describe('designCost', () => {
  it('is the record results.json keeps at designs[d].cost, naming the snapshot, its date and the basis', () => {
    const c = designCost(prices, SAMPLE_USAGE.distributed, scenario, 'measured-usage');
    expect(c).toMatchObject({
      basis: 'measured-usage',
      priceSnapshot: { file: 'pricing/aws-us-east-1.json', date: '2026-11', source: 'bundled-list-prices' },
      events: 1_000_000,
      runsPerMonth: 30,
      freeTier: false,
      budget: { withinBudget: true, budget: { perRunUsd: 0.5, perMonthUsd: 50 } },
    });
    expect(c.priceSnapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(c.breakdown)).toEqual(['lambda', 'stepFunctions', 's3', 'logs']);
    expect(c.perMonthUsd).toBeCloseTo(30 * c.perRunUsd, 12);
  });
});

describe('projectedDesignCosts', () => {
  it('prices both designs from projected usage, labelled projected, with budget flags for a pre-flight guard', () => {
    const { projection, costs } = projectedDesignCosts(prices, scenario, { cpuMsPerEvent: 0.2 });
    expect(projection.assumptions.cpuMsPerEvent).toBe(0.2);
    expect(costs['single-node'].basis).toBe('projected');
    expect(costs.distributed.basis).toBe('projected');
    expect(costs.distributed.budget.withinBudget).toBe(true);
    expect(Object.keys(costs.distributed.breakdown)).toContain('lambda');
  });
});

/** Compile-time check: the run's own results type goes through fillDesignCosts unchanged. */
export const fillsRunResults = (results: Results, snapshot: LoadedPriceSnapshot): Results => fillDesignCosts(results, snapshot);

describe('fillDesignCosts', () => {
  it('fills cost for every design with usage, keeps everything else, and does not mutate its input', () => {
    const results = {
      schemaVersion: 1,
      scenario: { name: 'baseline', hash: BASELINE.hash, spec: scenario },
      designs: { distributed: { usage: SAMPLE_USAGE.distributed, runtime: { measured: 1 } }, 'single-node': { runtime: { measured: 2 } } },
    };
    const filled = fillDesignCosts(results, prices);
    expect((filled.designs.distributed as DesignResults).cost?.basis).toBe('measured-usage');
    expect(filled.designs.distributed.runtime).toEqual({ measured: 1 });
    expect((filled.designs['single-node'] as { cost?: unknown }).cost).toBeUndefined();
    expect(filled.schemaVersion).toBe(1);
    expect((results.designs.distributed as { cost?: unknown }).cost).toBeUndefined();
  });
});

describe('formatCostTable', () => {
  it('shows both designs by service with per run, per 1M events, per month and budget, naming the snapshot and date', () => {
    const costs = {
      'single-node': designCost(prices, SAMPLE_USAGE['single-node'], scenario, 'measured-usage'),
      distributed: designCost(prices, SAMPLE_USAGE.distributed, scenario, 'measured-usage'),
    };
    const text = formatCostTable({ scenarioName: 'baseline', from: 'reports/baseline/results.json', prices, costs });
    expect(text).toMatch(/^scalesim cost: baseline \(measured-usage × list price\)/);
    expect(text).toMatch(/prices: pricing\/aws-us-east-1.json, dated 2026-11 \(bundled list prices; some values secondary/);
    for (const row of ['Lambda', 'Step Functions', 'Fargate', 'S3', 'CloudWatch Logs', 'per run', 'per 1M events', 'per month', 'budget ($0.50/run, $50.00/month)']) {
      expect(text).toContain(row);
    }
    expect(text).toMatch(/single-node\s+distributed/);
    expect(text).toMatch(/Lambda\s+—\s+\$0\.00/);
  });

  it('says which design could not be priced', () => {
    const costs = { distributed: designCost(prices, SAMPLE_USAGE.distributed, scenario, 'projected') };
    const text = formatCostTable({ scenarioName: 'b', from: 'x', prices, costs, missing: { 'single-node': 'no usage' } });
    expect(text).toMatch(/\(projected\)/);
    expect(text).toMatch(/single-node: not priced: no usage/);
  });
});

describe('formatUsd', () => {
  it('keeps three significant digits for small amounts, cents for large ones', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.000123456)).toBe('$0.000123');
    expect(formatUsd(0.0123456)).toBe('$0.0123');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(1234567.891)).toBe('$1,234,567.89');
    expect(formatUsd(1e-9)).toBe('<$0.000001');
    expect(formatUsd(-0.5)).toBe('-$0.5000');
  });
});

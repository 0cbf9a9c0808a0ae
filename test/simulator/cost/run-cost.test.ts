import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';
import { costPerRun } from '../../../simulator/cost/run-cost';
import { lambdaCost } from '../../../simulator/cost/lambda';
import { SAMPLE_USAGE } from './sample-usage';

const prices = priceTableFromSnapshot(loadPriceSnapshot({ region: 'us-east-1' }).snapshot);
const OPTIONS = { runsPerMonth: 30, events: 1_000_000 };

describe('costPerRun', () => {
  it('sums the services a design uses, and only those', () => {
    const c = costPerRun(prices, SAMPLE_USAGE.distributed, OPTIONS);
    expect(Object.keys(c.breakdown)).toEqual(['lambda', 'stepFunctions', 's3', 'logs']);
    expect(c.perRunUsd).toBeCloseTo(Object.values(c.breakdown).reduce((a, b) => a + (b ?? 0), 0), 15);
    expect(c.breakdown.lambda).toBeCloseTo(lambdaCost(prices.lambda, SAMPLE_USAGE.distributed.lambda!).usd, 15);
    expect(c.breakdown.stepFunctions).toBeCloseTo(35 * 0.000025, 15);
    expect(Object.keys(costPerRun(prices, SAMPLE_USAGE['single-node'], OPTIONS).breakdown)).toEqual(['stepFunctions', 'fargate', 's3', 'logs']);
  });

  it('gives cost per million events and per month', () => {
    const c = costPerRun(prices, SAMPLE_USAGE.distributed, OPTIONS);
    expect(c.perMillionEventsUsd).toBeCloseTo(c.perRunUsd, 15);
    // Far below every monthly tier threshold, a month is 30 runs.
    expect(c.perMonthUsd).toBeCloseTo(30 * c.perRunUsd, 12);
    expect(c.monthlyBreakdown.lambda).toBeCloseTo(30 * c.breakdown.lambda!, 12);
    expect(costPerRun(prices, { ...SAMPLE_USAGE.distributed, events: 250_000 }, OPTIONS).perMillionEventsUsd).toBeCloseTo(4 * c.perRunUsd, 12);
  });

  it('keeps storage for the retention period: 0 days costs no storage', () => {
    const kept = costPerRun(prices, SAMPLE_USAGE.distributed, OPTIONS).breakdown.s3!;
    const gone = costPerRun(prices, SAMPLE_USAGE.distributed, { ...OPTIONS, storageRetentionDays: 0 }).breakdown.s3!;
    expect(gone).toBeCloseTo((192 + 1) * 0.000005 + 65 * 0.0000004, 15);
    expect(kept - gone).toBeCloseTo((452_000_000 / 1024 ** 3) * 0.023 * (30 / 30.4375), 12);
  });

  it('with free tiers, the month subtracts them and per run is the month’s share', () => {
    const c = costPerRun(prices, SAMPLE_USAGE.distributed, { ...OPTIONS, freeTier: true });
    // 30 runs × 35 transitions and 33 invocations are far inside the monthly free tiers.
    expect(c.monthlyBreakdown.stepFunctions).toBe(0);
    expect(c.monthlyBreakdown.lambda).toBe(0);
    expect(c.perRunUsd).toBeCloseTo(c.perMonthUsd / 30, 15);
  });

  it('rejects a bad schedule, event count or retention', () => {
    expect(() => costPerRun(prices, SAMPLE_USAGE.distributed, { ...OPTIONS, runsPerMonth: 0 })).toThrow(/runsPerMonth must be an integer >= 1, got 0/);
    expect(() => costPerRun(prices, SAMPLE_USAGE.distributed, { ...OPTIONS, events: 0 })).toThrow(/events must be an integer >= 1, got 0/);
    expect(() => costPerRun(prices, SAMPLE_USAGE.distributed, { ...OPTIONS, storageRetentionDays: -1 })).toThrow(/storageRetentionDays must be >= 0, got -1/);
  });
});

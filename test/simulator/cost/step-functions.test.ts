import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';
import {
  estimateExpressMemoryMb,
  expressBilledMemoryMb,
  expressBilledMs,
  stepFunctionsCost,
  type StepFunctionsPrices,
} from '../../../simulator/cost/step-functions';

const cents = (usd: number): number => Math.round(usd * 100) / 100;
const bundled = priceTableFromSnapshot(loadPriceSnapshot({ region: 'us-east-1' }).snapshot).stepFunctions;

describe("AWS's published Step Functions pricing example (https://aws.amazon.com/step-functions/pricing/, Express)", () => {
  // The page's Express example states its duration prices per GB-hour: $0.06000 for the first
  // 1,000 GB-hours, $0.03000 for the next 4,000, $0.01642 beyond. Those are the price table here
  // (÷ 3,600 per GB-second); our snapshot rounds them like the Price List API's per-GB-second rows.
  const examplePrices: StepFunctionsPrices = {
    standardPerTransition: 0.000025,
    standardFreeTransitions: 4000,
    expressPerRequest: 1.0 / 1e6,
    expressDurationPerGbSecond: [
      { upTo: 1000 * 3600, usd: 0.06 / 3600 },
      { upTo: 5000 * 3600, usd: 0.03 / 3600 },
      { upTo: null, usd: 0.01642 / 3600 },
    ],
  };

  it('memory estimate: 50 MB + 50 KB definition + 400 Map steps × 32 KB = 62.85 MB, billed as one 64 MB chunk', () => {
    const used = estimateExpressMemoryMb(50, 32, 400);
    expect(used).toBeCloseTo(62.85, 10);
    expect(expressBilledMemoryMb(used)).toBe(64);
  });

  it('100M workflows a month, 10 s each, 64 MB billed → requests $100.00, duration $60.00 + $120.00 + $202.97 = $382.97', () => {
    const c = stepFunctionsCost(examplePrices, {
      standardTransitions: 0,
      expressExecutions: [{ durationMs: 10_000, memoryMb: estimateExpressMemoryMb(50, 32, 400), count: 100_000_000 }],
    });
    expect(c.expressRequests).toBe(100_000_000);
    expect(cents(c.expressRequestUsd)).toBe(100.0);
    expect(c.expressGbSeconds).toBeCloseTo(62_500_000, 4);
    expect(Math.round((c.expressGbSeconds / 3600) * 100) / 100).toBe(17_361.11);
    expect(c.expressDurationTiers.map((t) => cents(t.usd))).toEqual([60.0, 120.0, 202.97]);
    expect(cents(c.expressDurationUsd)).toBe(382.97);
    // The stored copy of the page breaks off before its total line; the total is the sum of the two.
    expect(cents(c.usd)).toBe(482.97);
  });

  it("our snapshot's rounded per-GB-second rows price the same example at $60.01 + $119.95 + $202.92 (0.02% under the page)", () => {
    const c = stepFunctionsCost(bundled, { standardTransitions: 0, expressExecutions: [{ durationMs: 10_000, count: 100_000_000 }] });
    expect(c.expressDurationTiers.map((t) => cents(t.usd))).toEqual([60.01, 119.95, 202.92]);
    expect(Math.abs(c.expressDurationUsd - 382.97) / 382.97).toBeLessThan(0.0003);
  });
});

describe('Step Functions Standard: $0.025 per 1,000 state transitions, 4,000 free a month, retries count (pricing page)', () => {
  it("matches Power Tuning's own state machine cost, 0.000025 × (6 + 3N) (lambda/utils.js stepFunctionsCost)", () => {
    for (const n of [1, 6, 10, 46]) {
      const powerTuning = +(0.000025 * (6 + 3 * n)).toFixed(5);
      expect(+stepFunctionsCost(bundled, { standardTransitions: 6 + 3 * n }).usd.toFixed(5)).toBe(powerTuning);
    }
  });

  it('charges retries as transitions: 3 states + 2 retries = 5 transitions', () => {
    expect(stepFunctionsCost(bundled, { standardTransitions: 5 }).standardUsd).toBeCloseTo(5 * 0.000025, 15);
  });

  it('the free tier covers the first 4,000 transitions a month, and is off by default', () => {
    expect(cents(stepFunctionsCost(bundled, { standardTransitions: 10_000 }).usd)).toBe(0.25);
    const free = stepFunctionsCost(bundled, { standardTransitions: 10_000 }, { freeTier: true });
    expect(free.freeTransitions).toBe(4000);
    expect(cents(free.usd)).toBe(0.15);
    expect(stepFunctionsCost(bundled, { standardTransitions: 3000 }, { freeTier: true }).usd).toBe(0);
  });

  it('rejects a fractional or negative transition count', () => {
    expect(() => stepFunctionsCost(bundled, { standardTransitions: 2.5 })).toThrow(/standardTransitions must be an integer >= 0, got 2.5/);
    expect(() => stepFunctionsCost(bundled, { standardTransitions: -1 })).toThrow(/standardTransitions must be an integer >= 0, got -1/);
  });
});

describe('Express billing units', () => {
  it('rounds duration up to the next 100 ms', () => {
    expect(expressBilledMs(0)).toBe(0);
    expect(expressBilledMs(1)).toBe(100);
    expect(expressBilledMs(100)).toBe(100);
    expect(expressBilledMs(100.4)).toBe(200);
    expect(expressBilledMs(10_000)).toBe(10_000);
  });

  it('rounds memory up to 64 MB chunks, at least one', () => {
    expect(expressBilledMemoryMb(0)).toBe(64);
    expect(expressBilledMemoryMb(64)).toBe(64);
    expect(expressBilledMemoryMb(64.01)).toBe(128);
  });

  it('defaults an execution to 64 MB and one count', () => {
    const c = stepFunctionsCost(bundled, { standardTransitions: 0, expressExecutions: [{ durationMs: 250 }] });
    expect(c.expressRequests).toBe(1);
    expect(c.expressGbSeconds).toBeCloseTo(0.3 * (64 / 1024), 12);
  });

  it('rejects bad inputs', () => {
    expect(() => expressBilledMs(-5)).toThrow(/Express durationMs must be a finite number >= 0, got -5/);
    expect(() => expressBilledMemoryMb(Number.POSITIVE_INFINITY)).toThrow(/Express memoryMb must be a finite number >= 0, got Infinity/);
    expect(() => estimateExpressMemoryMb(-1, 0, 0)).toThrow(/definitionKb must be a finite number >= 0/);
    expect(() => estimateExpressMemoryMb(0, -1, 0)).toThrow(/payloadKb must be a finite number >= 0/);
    expect(() => estimateExpressMemoryMb(0, 0, -1)).toThrow(/mapOrParallelSteps must be a finite number >= 0/);
    expect(() => stepFunctionsCost(bundled, { standardTransitions: 0, expressExecutions: [{ durationMs: 1, count: 0 }] })).toThrow(
      /Express execution count must be an integer >= 1, got 0/,
    );
  });
});

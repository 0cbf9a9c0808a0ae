import {
  lambdaBilledMs,
  lambdaCost,
  lambdaGbSeconds,
  type LambdaPrices,
} from '../../../simulator/cost/lambda';
import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';

/**
 * Power Tuning's per-invocation duration cost, `ceil(duration_ms) × price_per_ms_at_128MB ×
 * (memoryMB / 128)` (aws-lambda-power-tuning lambda/utils.js `computePrice`). The reference these tests
 * hold {@link lambdaCost} to; it ignores requests, init and tiers.
 */
function powerTuningInvocationCost(pricePerMsAt128Mb: number, memoryMb: number, durationMs: number): number {
  return Math.ceil(durationMs) * pricePerMsAt128Mb * (memoryMb / 128);
}

/** Round to the cent, as AWS's worked examples do for each line. */
const cents = (usd: number): number => Math.round(usd * 100) / 100;

/** A price table holding one example's stated prices (single tier: every example stays in tier 1). */
function examplePrices(gbSecond: number, perMillionRequests = 0.2, ephemeralGbSecond = 0): LambdaPrices {
  const arch = { durationPerGbSecond: [{ upTo: null, usd: gbSecond }], perRequest: perMillionRequests / 1e6 };
  return { x86_64: arch, arm64: arch, ephemeralStoragePerGbSecond: ephemeralGbSecond, freeTier: { requests: 1_000_000, gbSeconds: 400_000 } };
}

const bundled = priceTableFromSnapshot(loadPriceSnapshot({ region: 'us-east-1' }).snapshot).lambda;

describe("AWS's published Lambda pricing examples (https://aws.amazon.com/lambda/pricing/, US East (N. Virginia))", () => {
  // Each example states its price per GB-s; where it matches our snapshot we also run it on the snapshot.

  it('Example 1, mobile application backend: 3M requests, 120 ms, 1536 MB, x86, free tier → $2.33 + $0.40 = $2.73', () => {
    for (const prices of [examplePrices(0.0000166667), bundled]) {
      const c = lambdaCost(prices, { architecture: 'x86_64', invocations: [{ durationMs: 120, memoryMb: 1536, count: 3_000_000 }] }, { freeTier: true });
      expect(c.gbSeconds).toBeCloseTo(540_000, 6);
      expect(c.gbSeconds - c.freeGbSeconds).toBeCloseTo(140_000, 6);
      expect(cents(c.durationUsd)).toBe(2.33);
      expect(c.requests - c.freeRequests).toBe(2_000_000);
      expect(cents(c.requestUsd)).toBe(0.4);
      expect(cents(c.usd)).toBe(2.73);
    }
  });

  it('Example 2, streaming telemetry: 7.44M requests, 2 s, 1 GB, x86, no free tier (the example subtracts none) → $1.49 + $248.00 = $249.49', () => {
    for (const prices of [examplePrices(0.0000166667), bundled]) {
      const c = lambdaCost(prices, { architecture: 'x86_64', invocations: [{ durationMs: 2000, memoryMb: 1024, count: 7_440_000 }] });
      expect(c.gbSeconds).toBeCloseTo(14_880_000, 4);
      expect(cents(c.requestUsd)).toBe(1.49);
      expect(cents(c.durationUsd)).toBe(248.0);
      expect(cents(c.usd)).toBe(249.49);
    }
  });

  it('Example 3, ML on support tickets: 6M requests, 280 ms, 4096 MB, 2048 MB ephemeral storage, free tier → $105.33 + $1 + $0.08 = $106.41', () => {
    const prices = examplePrices(0.0000166667, 0.2, 0.0000000309);
    for (const p of [prices, bundled]) {
      const c = lambdaCost(
        p,
        { architecture: 'x86_64', ephemeralStorageMb: 2048, invocations: [{ durationMs: 280, memoryMb: 4096, count: 6_000_000 }] },
        { freeTier: true },
      );
      expect(c.gbSeconds).toBeCloseTo(6_720_000, 4);
      expect(cents(c.durationUsd)).toBe(105.33);
      expect(cents(c.requestUsd)).toBe(1);
      // The free tier does not cover ephemeral storage: 1,680,000 s × 1536 MB / 1024 MB = 2,520,000 GB-s.
      expect(c.ephemeralStorageGbSeconds).toBeCloseTo(2_520_000, 4);
      expect(cents(c.ephemeralStorageUsd)).toBe(0.08);
      expect(cents(c.usd)).toBe(106.41);
    }
  });

  it('Durable functions example (Arm, 1 GB): the Lambda lines only, 1M × (30 s + 2 s) and 2M requests, free tier → $421.34 + $0.20', () => {
    // The example's durable-operation, data-written and retention charges are not Lambda duration or
    // requests; scalesim does not use durable functions, so only these two lines are reproduced.
    for (const prices of [examplePrices(0.0000133334), bundled]) {
      const c = lambdaCost(
        prices,
        {
          architecture: 'arm64',
          invocations: [
            { durationMs: 30_000, memoryMb: 1024, count: 1_000_000 },
            { durationMs: 2_000, memoryMb: 1024, count: 1_000_000 },
          ],
        },
        { freeTier: true },
      );
      expect(c.gbSeconds - c.freeGbSeconds).toBeCloseTo(31_600_000, 3);
      expect(cents(c.durationUsd)).toBe(421.34);
      expect(cents(c.requestUsd)).toBe(0.2);
    }
  });

  it('HTTP response streaming example: the compute and request lines, 3M requests, 500 ms, 1536 MB, x86, free tier → $30.83 + $0.40', () => {
    // The bytes-streamed line ($7.81) prices a feature scalesim does not use.
    const c = lambdaCost(bundled, { architecture: 'x86_64', invocations: [{ durationMs: 500, memoryMb: 1536, count: 3_000_000 }] }, { freeTier: true });
    expect(c.gbSeconds - c.freeGbSeconds).toBeCloseTo(1_850_000, 4);
    expect(cents(c.durationUsd)).toBe(30.83);
    expect(cents(c.requestUsd)).toBe(0.4);
  });

  it("the page's older Example 1 (512 MB, 3M × 1 s, free tier) at its own price of $0.00001667 per GB-s → $18.34 + $0.40 = $18.74", () => {
    // That page version states $0.00001667, not today's $0.0000166667: the example's own price is
    // the price table here, so the test checks the math, not the snapshot.
    const c = lambdaCost(
      examplePrices(0.00001667),
      { architecture: 'x86_64', invocations: [{ durationMs: 1000, memoryMb: 512, count: 3_000_000 }] },
      { freeTier: true },
    );
    expect(c.gbSeconds - c.freeGbSeconds).toBeCloseTo(1_100_000, 6);
    expect(cents(c.durationUsd)).toBe(18.34);
    expect(cents(c.usd)).toBe(18.74);
  });
});

describe("Power Tuning's per-invocation formula (aws-lambda-power-tuning lambda/utils.js computePrice)", () => {
  // computePrice(minCost, minRAM, value, duration) = Math.ceil(duration) * minCost * (value / minRAM),
  // with minRAM = 128 and minCost = the x86 price per ms at 128 MB (2.1e-9 in its template).
  const POWER_TUNING_X86_PER_MS_AT_128 = 2.1e-9;
  const POWER_TUNING_ARM_PER_MS_AT_128 = 1.7e-9;
  const samples: ReadonlyArray<readonly [number, number]> = [
    [128, 0.4],
    [128, 1],
    [256, 102.25],
    [512, 799.01],
    [1024, 1234.5],
    [1536, 120],
    [1769, 2500.999],
    [3008, 30_000],
    [10240, 899_999.5],
  ];

  it.each(samples)('at %i MB and %f ms, our duration cost equals computePrice when priced alike', (memoryMb, durationMs) => {
    // Same price in GB-s terms: per ms at 128 MB × 1,000 ms × 1,024/128.
    const prices = examplePrices(POWER_TUNING_X86_PER_MS_AT_128 * 1000 * 8);
    const ours = lambdaCost(prices, { architecture: 'x86_64', invocations: [{ durationMs, memoryMb }] }).durationUsd;
    const theirs = powerTuningInvocationCost(POWER_TUNING_X86_PER_MS_AT_128, memoryMb, durationMs);
    expect(ours / theirs).toBeCloseTo(1, 12);
  });

  it("our snapshot's price per ms at 128 MB is Power Tuning's 2.1e-9 (x86) and 1.7e-9 (arm64), to their 2 significant digits", () => {
    const x86 = bundled.x86_64.durationPerGbSecond[0].usd / 8000;
    const arm = bundled.arm64.durationPerGbSecond[0].usd / 8000;
    expect(Number(x86.toPrecision(2))).toBe(POWER_TUNING_X86_PER_MS_AT_128);
    expect(Number(arm.toPrecision(2))).toBe(POWER_TUNING_ARM_PER_MS_AT_128);
  });
});

describe('lambdaBilledMs and lambdaGbSeconds', () => {
  it('rounds up to the next 1 ms and includes init', () => {
    expect(lambdaBilledMs({ durationMs: 102.25 })).toBe(103);
    expect(lambdaBilledMs({ durationMs: 102.25, initMs: 150.12 })).toBe(253);
    expect(lambdaBilledMs({ durationMs: 100, initMs: 0 })).toBe(100);
    expect(lambdaBilledMs({ durationMs: 0 })).toBe(0);
  });

  it('ignores binary noise: 100.1 + 0.9 ms bills 101 ms, not 102', () => {
    expect(lambdaBilledMs({ durationMs: 100.1, initMs: 0.9 })).toBe(101);
  });

  it('GB-seconds use 1 GB = 1,024 MB', () => {
    expect(lambdaGbSeconds(1000, 1024)).toBe(1);
    expect(lambdaGbSeconds(120, 1536)).toBeCloseTo(0.18, 12);
  });

  it('rejects negative or non-finite durations', () => {
    expect(() => lambdaBilledMs({ durationMs: -1 })).toThrow(/Lambda durationMs must be a finite number >= 0, got -1/);
    expect(() => lambdaBilledMs({ durationMs: 5, initMs: Number.NaN })).toThrow(/Lambda initMs must be a finite number >= 0, got NaN/);
  });
});

describe('lambdaCost', () => {
  it('prices each invocation separately: rounding happens per invocation, not on the sum', () => {
    const c = lambdaCost(bundled, {
      architecture: 'x86_64',
      invocations: [
        { durationMs: 0.2, memoryMb: 1024 },
        { durationMs: 0.2, memoryMb: 1024 },
      ],
    });
    expect(c.billedMs).toBe(2);
    expect(c.requests).toBe(2);
  });

  it('uses the architecture’s own prices: arm64 is cheaper per GB-s', () => {
    const usage = { invocations: [{ durationMs: 1000, memoryMb: 1024, count: 1000 }] };
    const x86 = lambdaCost(bundled, { architecture: 'x86_64', ...usage });
    const arm = lambdaCost(bundled, { architecture: 'arm64', ...usage });
    expect(x86.durationUsd).toBeCloseTo(1000 * 0.0000166667, 12);
    expect(arm.durationUsd).toBeCloseTo(1000 * 0.0000133334, 12);
  });

  it('moves to the next monthly tier past 6B GB-s (x86)', () => {
    // 7B GB-s in one month: 6B at tier 1, 1B at tier 2.
    const c = lambdaCost(bundled, { architecture: 'x86_64', invocations: [{ durationMs: 1000, memoryMb: 1024, count: 7_000_000_000 }] });
    expect(c.durationTiers.map((t) => t.quantity)).toEqual([6e9, 1e9]);
    expect(c.durationUsd).toBeCloseTo(6e9 * 0.0000166667 + 1e9 * 0.000015, 3);
  });

  it('free tier is off by default', () => {
    const c = lambdaCost(bundled, { architecture: 'x86_64', invocations: [{ durationMs: 10, memoryMb: 128, count: 5 }] });
    expect(c.freeRequests).toBe(0);
    expect(c.freeGbSeconds).toBe(0);
    expect(c.usd).toBeGreaterThan(0);
  });

  it('the free tier never makes cost negative', () => {
    const c = lambdaCost(bundled, { architecture: 'x86_64', invocations: [{ durationMs: 10, memoryMb: 128, count: 5 }] }, { freeTier: true });
    expect(c.usd).toBe(0);
  });

  it('rejects bad memory, counts, storage and architectures', () => {
    const inv = { durationMs: 1, memoryMb: 128 };
    expect(() => lambdaCost(bundled, { architecture: 'x86_64', invocations: [{ ...inv, memoryMb: 64 }] })).toThrow(/Lambda memoryMb must be 128-10240, got 64/);
    expect(() => lambdaCost(bundled, { architecture: 'x86_64', invocations: [{ ...inv, count: 0 }] })).toThrow(
      /Lambda invocation count must be an integer >= 1, got 0/,
    );
    expect(() => lambdaCost(bundled, { architecture: 'x86_64', ephemeralStorageMb: 256, invocations: [inv] })).toThrow(
      /ephemeralStorageMb must be >= 512, got 256/,
    );
    expect(() => lambdaCost(bundled, { architecture: 'sparc' as 'arm64', invocations: [inv] })).toThrow(
      /no Lambda prices for architecture sparc; expected x86_64 or arm64/,
    );
  });
});

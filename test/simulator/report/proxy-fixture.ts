import type { ProxyDataLimits, ProxySide } from '../../../simulator/results/proxy-limits';

/** A measured proxy-data-limits section: a fixture, not a measurement. */
const side = (cpu: number, bytes: number, ratio: number, q: number): ProxySide => ({
  events: 50_000,
  cpuPerEventUs: { read: 0.1, decompress: cpu * 0.1, parse: cpu * 0.4, validate: cpu * 0.2, aggregate: cpu * 0.05, write: cpu * 0.25 },
  cpuPerEventUsTotal: cpu,
  cpuPerEventUsRange: [cpu * 0.95, cpu * 1.1],
  bytesPerEvent: bytes,
  storedBytesPerEvent: bytes / ratio,
  compressionRatio: ratio,
  quarantineRate: q,
  duplicateRate: 0.005,
  outBytesPerEvent: bytes * 1.1,
});
const band = (mid: number) => ({ mid, low: mid * 0.8, high: mid * 1.3 });
const projection = (scale: number, cheaper: number, required: number) => ({
  runtimeMs: { 'single-node': band(60_000 * scale), distributed: band(3000 * scale) },
  costUsd: { 'single-node': band(0.0185 * scale), distributed: band(0.019 * scale) },
  singleNodeInfeasible: null,
  crossover: {
    faster: { volume: null, holds: 'everywhere' as const },
    cheaper: { volume: cheaper, holds: 'below' as const },
    singleNodeInfeasible: { volume: required, holds: 'above' as const },
    sentence: 'Projected on AWS, …',
  },
});

export const PROXY: ProxyDataLimits = {
  basis: 'measured-locally+projected',
  method: {
    repeats: 3,
    partitions: 2,
    synthetic: "50,000 synthetic events from the scenario's rates (seed 20261127)",
    sample: '50,000 events replayed as in this run',
    projection: `this run's fit; the synthetic side's workload terms scaled by the measured ratios; "cheaper" per month at 30 runs, fixed costs included`,
  },
  synthetic: side(12, 670, 5.1, 0.008),
  sample: side(18.6, 910, 3.2, 0.021),
  projected: { volume: 1_000_000, synthetic: projection(1, 659_000, 834_000_000), sample: projection(1.4, 410_000, 520_000_000) },
};


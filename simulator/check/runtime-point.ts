import type { RuntimeFacts } from './report-schema';

/**
 * The one place the runtime gate reads a projection: its p95, the 95th percentile of the seeded Monte
 * Carlo over the workload's measured spread and the calibration profile's ranges (simulator/model/bands.ts).
 * A check report or results.json written before the projection had percentiles carries no p95: then
 * the band's slow end, `high`, stands in, and the message says so (`pointOf`).
 */
export const RUNTIME_POINT = {
  key: 'p95',
  label: "p95 of the projection's Monte Carlo",
  short: 'p95',
} as const;

/** What stands in for p95 in older files. */
export const RUNTIME_FALLBACK = {
  key: 'high',
  label: 'slow end of the projected band (an older file without percentiles)',
  short: 'band high',
} as const;

export function p95RuntimeMs(runtime: RuntimeFacts): number {
  return runtime.p95Ms ?? runtime.highMs;
}

/** Which point `p95RuntimeMs` read for this runtime. */
export function pointOf(runtime: RuntimeFacts): typeof RUNTIME_POINT | typeof RUNTIME_FALLBACK {
  return runtime.p95Ms !== undefined ? RUNTIME_POINT : RUNTIME_FALLBACK;
}

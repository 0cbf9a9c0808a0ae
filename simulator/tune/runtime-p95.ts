import type { Band } from '../results/model';

/**
 * The one place `scalesim tune` reads a projected runtime as p95: the 95th percentile of the
 * projection's seeded Monte Carlo (simulator/model/bands.ts: the workload's measured spread and the
 * calibration profile's ranges, drawn together). A band without percentiles (no draws) falls back to
 * its slow end, `high`.
 */
export const RUNTIME_P95_POINT = "p95 of the projection's seeded Monte Carlo over the calibration profile's ranges (simulator/model/bands.ts)";

export function p95Ms(band: Band): number {
  return band.p95 ?? band.high;
}

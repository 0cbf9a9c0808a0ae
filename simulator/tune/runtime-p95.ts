/**
 * The one place a projected runtime is read as a single number, for `scalesim tune` (its constraints and
 * Pareto front) and `scalesim check` (its runtime gate): the p95 of the projection's seeded Monte Carlo
 * (simulator/model/bands.ts: the workload's measured spread and the calibration profile's ranges, drawn
 * together). A band without percentiles (no draws, or a file written before the projection had them)
 * falls back to its slow end, `high`, and `pointOf` says which was read.
 */

/** The point read. `source` says where the number comes from, for files that record it (tune.json). */
export const RUNTIME_POINT = {
  key: 'p95',
  label: "p95 of the projection's Monte Carlo",
  short: 'p95',
  source: "p95 of the projection's seeded Monte Carlo over the workload's measured spread and the calibration profile's ranges (simulator/model/bands.ts)",
} as const;

/** What stands in for p95 when a band has no percentiles. */
export const RUNTIME_FALLBACK = {
  key: 'high',
  label: 'slow end of the projected band (an older file without percentiles)',
  short: 'band high',
} as const;

/** `RUNTIME_POINT.source`, under the name `scalesim tune` records it by. */
export const RUNTIME_P95_POINT = RUNTIME_POINT.source;

/**
 * A projected runtime as the two contracts carry it: a results.json band (`Band`: `p95`, `high`) or a
 * check report's runtime facts (`RuntimeFacts`: `p95Ms`, `highMs`).
 */
export type ProjectedRuntimeBand = { readonly p95?: number; readonly high: number } | { readonly p95Ms?: number; readonly highMs: number };

/** The runtime at p95, ms, or the band's slow end when it has no percentiles. */
export function p95Ms(band: ProjectedRuntimeBand): number {
  return 'highMs' in band ? (band.p95Ms ?? band.highMs) : (band.p95 ?? band.high);
}

/** Which point `p95Ms` read for this band. */
export function pointOf(band: ProjectedRuntimeBand): typeof RUNTIME_POINT | typeof RUNTIME_FALLBACK {
  const p95 = 'highMs' in band ? band.p95Ms : band.p95;
  return p95 !== undefined ? RUNTIME_POINT : RUNTIME_FALLBACK;
}

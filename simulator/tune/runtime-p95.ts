import type { Band } from '../results/model';

/**
 * The one place `scalesim tune` reads a projected runtime as p95. The AWS projection on this branch
 * (simulator/model/project-aws.ts) gives a band, low / mid / high, from its assumptions' ranges, not
 * percentiles: so p95 is read as the band's slow end, `high`, and every report says so
 * (RUNTIME_P95_POINT). When the projection gives a p95 (issue #12's Monte Carlo bands), change this
 * function and the label, and nothing else.
 */
export const RUNTIME_P95_POINT = 'p95 read as the slow end (high) of the projected band, until the projection gives percentiles';

export function p95Ms(band: Band): number {
  return band.high;
}

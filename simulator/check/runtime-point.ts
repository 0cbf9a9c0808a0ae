import type { RuntimeFacts } from './report-schema';

/**
 * The one place the runtime gate reads a projection. The projection gives a band today (low, mid,
 * high: the fast and slow ends of its assumptions' ranges), not percentiles, so "p95" is read as the
 * band's slow end, `high`, and every message names that point. When the projection adds p50/p95,
 * change this function (and `RUNTIME_POINT`) and nothing else.
 */
export const RUNTIME_POINT = {
  key: 'high',
  label: 'slow end of the projected band, standing in for p95 until the projection gives percentiles',
  short: 'band high',
} as const;

export function p95RuntimeMs(runtime: RuntimeFacts): number {
  return runtime.highMs;
}

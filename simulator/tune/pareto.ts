/**
 * The Pareto front of points with two objectives to minimise (monthly cost and p95 runtime): the points
 * no other point beats on one objective without losing on the other. Pure.
 *
 * Ties: two values within a relative 1e-9 (floating-point noise of the cost sums) are equal. Points
 * with equal cost and equal runtime are equivalent: all of them are on the front (a pick then breaks
 * the tie, simulator/tune/pick.ts). A point with the same cost as another but a longer runtime (or the
 * same runtime and a higher cost) is dominated.
 */

export interface Objectives {
  readonly id: string;
  readonly cost: number;
  readonly time: number;
}

const EPS = 1e-9;

/** a < b beyond noise. */
export function less(a: number, b: number): boolean {
  return a < b - EPS * Math.max(1, Math.abs(a), Math.abs(b));
}

/** a = b within noise. */
export function same(a: number, b: number): boolean {
  return !less(a, b) && !less(b, a);
}

/**
 * The non-dominated points, cheapest first (then fastest, then by id). O(n log n): sorted by cost, a
 * point is on the front when it is the fastest of its cost and faster than every cheaper point.
 */
export function paretoFront<T extends Objectives>(points: readonly T[]): T[] {
  for (const p of points) {
    if (!Number.isFinite(p.cost) || !Number.isFinite(p.time)) throw new RangeError(`pareto: point ${p.id} has a non-finite objective (cost ${p.cost}, time ${p.time})`);
  }
  const sorted = [...points].sort((a, b) => (less(a.cost, b.cost) ? -1 : less(b.cost, a.cost) ? 1 : less(a.time, b.time) ? -1 : less(b.time, a.time) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const front: T[] = [];
  let best: number | undefined;
  for (let i = 0; i < sorted.length; ) {
    // The group of points with the same cost (within noise) as sorted[i].
    let j = i;
    while (j < sorted.length && same(sorted[j]!.cost, sorted[i]!.cost)) j++;
    const fastest = sorted[i]!.time;
    if (best === undefined || less(fastest, best)) {
      for (let k = i; k < j && same(sorted[k]!.time, fastest); k++) front.push(sorted[k]!);
      best = fastest;
    }
    i = j;
  }
  return front;
}

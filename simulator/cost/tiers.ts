/**
 * Tiered unit prices, the way AWS publishes them: each tier covers the cumulative monthly quantity
 * up to `upTo`, and the last tier has no end. Pure: no SDK, no environment.
 */

/** One price tier: `usd` per unit for cumulative quantity up to `upTo` (`null`: no upper bound). */
export interface PriceTier {
  readonly upTo: number | null;
  readonly usd: number;
}

/** What one tier charged. */
export interface TierCharge {
  readonly quantity: number;
  readonly usdPerUnit: number;
  readonly usd: number;
}

export interface TieredCharge {
  readonly usd: number;
  readonly tiers: readonly TierCharge[];
}

/** Throws unless `value` is a finite number >= 0. `what` names it in the message. */
export function requireNonNegative(what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer >= `min`. */
export function requireInteger(what: string, value: number, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless the tiers are non-empty, ascending, with non-negative prices and only the last unbounded. */
export function validateTiers(what: string, tiers: readonly PriceTier[]): void {
  if (tiers.length === 0) throw new RangeError(`${what}: needs at least one price tier`);
  let previous = 0;
  tiers.forEach((tier, i) => {
    requireNonNegative(`${what} tier ${i + 1} price`, tier.usd);
    const last = i === tiers.length - 1;
    if (tier.upTo === null) {
      if (!last) throw new RangeError(`${what}: only the last tier may be unbounded (tier ${i + 1} has upTo null)`);
      return;
    }
    if (!(tier.upTo > previous)) {
      throw new RangeError(`${what}: tier bounds must ascend, got ${tier.upTo} after ${previous}`);
    }
    previous = tier.upTo;
  });
  if (tiers[tiers.length - 1].upTo !== null) {
    throw new RangeError(`${what}: the last tier must be unbounded (upTo null), got ${String(tiers[tiers.length - 1].upTo)}`);
  }
}

/**
 * Prices `quantity` units that start at cumulative position `startAt` in the month. `startAt` is
 * how a free allowance counts toward the tier thresholds without being charged.
 */
export function chargeTiered(tiers: readonly PriceTier[], quantity: number, startAt = 0): TieredCharge {
  validateTiers('price tiers', tiers);
  requireNonNegative('quantity', quantity);
  requireNonNegative('startAt', startAt);
  const charges: TierCharge[] = [];
  let from = startAt;
  const end = startAt + quantity;
  let lower = 0;
  for (const tier of tiers) {
    const upper = tier.upTo ?? Number.POSITIVE_INFINITY;
    const lo = Math.max(from, lower);
    const hi = Math.min(end, upper);
    if (hi > lo) {
      const q = hi - lo;
      charges.push({ quantity: q, usdPerUnit: tier.usd, usd: q * tier.usd });
      from = hi;
    }
    lower = upper;
    if (from >= end) break;
  }
  return { usd: charges.reduce((sum, c) => sum + c.usd, 0), tiers: charges };
}

/** `Math.ceil` that ignores binary noise below a microsecond, e.g. 100.1 + 0.9 = 101.00000000000001. */
export function ceilClean(value: number): number {
  return Math.ceil(Math.round(value * 1e6) / 1e6);
}

import { chargeTiered, requireNonNegative, type PriceTier, type TierCharge } from './tiers';
import { BYTES_PER_GB } from './usage';
import type { S3Usage } from '../results/usage';

/**
 * Amazon S3 Standard cost: tier-1 requests (PUT, COPY, POST, LIST), tier-2 requests (GET and the
 * rest), and storage in GB-months, tiered. Pure.
 */

export interface S3Prices {
  /** USD per PUT, COPY, POST or LIST request. */
  readonly tier1PerRequest: number;
  /** USD per GET (and other tier-2) request. */
  readonly tier2PerRequest: number;
  /** USD per GB-month of Standard storage, tiered on the month's stored volume. */
  readonly storagePerGbMonth: readonly PriceTier[];
}

export interface S3CostOptions {
  /**
   * How long the run's outputs are kept, in months: storage is billed for that long. A run whose
   * outputs live 30 days costs one GB-month per GB.
   * @default 1
   */
  readonly storageMonths?: number;
}

export interface S3Cost {
  readonly tier1Requests: number;
  readonly tier2Requests: number;
  readonly storageGbMonths: number;
  readonly tier1Usd: number;
  readonly tier2Usd: number;
  readonly storageUsd: number;
  readonly storageTiers: readonly TierCharge[];
  readonly usd: number;
}

export function s3Cost(prices: S3Prices, usage: S3Usage, options: S3CostOptions = {}): S3Cost {
  const months = requireNonNegative('storageMonths', options.storageMonths ?? 1);
  const tier1Requests =
    requireNonNegative('S3 putRequests', usage.putRequests) +
    requireNonNegative('S3 copyRequests', usage.copyRequests ?? 0) +
    requireNonNegative('S3 listRequests', usage.listRequests);
  const tier2Requests = requireNonNegative('S3 getRequests', usage.getRequests) + requireNonNegative('S3 headRequests', usage.headRequests ?? 0);
  const storageGbMonths = (requireNonNegative('S3 storedBytes', usage.storedBytes) / BYTES_PER_GB) * months;
  const storage = chargeTiered(prices.storagePerGbMonth, storageGbMonths);
  const tier1Usd = tier1Requests * prices.tier1PerRequest;
  const tier2Usd = tier2Requests * prices.tier2PerRequest;
  return {
    tier1Requests,
    tier2Requests,
    storageGbMonths,
    tier1Usd,
    tier2Usd,
    storageUsd: storage.usd,
    storageTiers: storage.tiers,
    usd: tier1Usd + tier2Usd + storage.usd,
  };
}

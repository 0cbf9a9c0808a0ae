import { requireNonNegative } from './tiers';
import { BYTES_PER_GB } from './usage';
import type { LogsUsage } from '../results/usage';

/**
 * Amazon CloudWatch Logs ingestion cost (Standard log class). Storage of retained logs is not
 * priced: the stacks set a short retention, and it is small next to ingestion. Pure.
 */

export interface LogsPrices {
  /** USD per GB ingested. */
  readonly ingestionPerGb: number;
}

export interface LogsCost {
  readonly ingestedGb: number;
  readonly usd: number;
}

export function logsCost(prices: LogsPrices, usage: LogsUsage): LogsCost {
  const ingestedGb = requireNonNegative('Logs ingestedBytes', usage.ingestedBytes) / BYTES_PER_GB;
  return { ingestedGb, usd: ingestedGb * prices.ingestionPerGb };
}

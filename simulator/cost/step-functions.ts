import { ceilClean, chargeTiered, requireInteger, requireNonNegative, type PriceTier, type TierCharge } from './tiers';
import type { StepFunctionsUsage } from '../results/usage';

/**
 * AWS Step Functions cost. Standard workflows: per state transition (retries and every Map
 * iteration's states count), with a monthly free allowance. Express workflows: per request plus
 * duration, billed in 100 ms steps and 64 MB memory chunks, tiered on monthly GB-seconds. Pure.
 */

export interface StepFunctionsPrices {
  /** USD per Standard state transition. */
  readonly standardPerTransition: number;
  /** Standard state transitions free each month. */
  readonly standardFreeTransitions: number;
  /** USD per Express request (execution start). */
  readonly expressPerRequest: number;
  /** USD per Express GB-second, tiered on the month's aggregate GB-seconds. */
  readonly expressDurationPerGbSecond: readonly PriceTier[];
}

export interface StepFunctionsCostOptions {
  /**
   * Subtract the monthly free Standard transitions before charging.
   * @default false
   */
  readonly freeTier?: boolean;
}

export interface StepFunctionsCost {
  readonly standardTransitions: number;
  readonly freeTransitions: number;
  readonly standardUsd: number;
  readonly expressRequests: number;
  readonly expressGbSeconds: number;
  readonly expressRequestUsd: number;
  readonly expressDurationUsd: number;
  readonly expressDurationTiers: readonly TierCharge[];
  readonly usd: number;
}

/** Express duration is billed in 100 ms steps. */
const EXPRESS_BILLING_STEP_MS = 100;
/** Express memory is billed in 64 MB chunks. */
const EXPRESS_MEMORY_CHUNK_MB = 64;
/** Base memory of an Express execution, per the Step Functions pricing page's memory estimate. */
const EXPRESS_BASE_MEMORY_MB = 50;

/** Express billed duration: rounded up to the next 100 ms. */
export function expressBilledMs(durationMs: number): number {
  requireNonNegative('Express durationMs', durationMs);
  return ceilClean(durationMs / EXPRESS_BILLING_STEP_MS) * EXPRESS_BILLING_STEP_MS;
}

/** Express billed memory: rounded up to the next 64 MB chunk, at least one chunk. */
export function expressBilledMemoryMb(memoryMb: number): number {
  requireNonNegative('Express memoryMb', memoryMb);
  return Math.max(1, ceilClean(memoryMb / EXPRESS_MEMORY_CHUNK_MB)) * EXPRESS_MEMORY_CHUNK_MB;
}

/**
 * The pricing page's estimate of an Express execution's memory: 50 MB + definition size + payload
 * size × Map or Parallel steps. Like the page, it counts 1 MB as 1,000 KB (50 MB + 50 KB +
 * 12,800 KB = 62.85 MB).
 */
export function estimateExpressMemoryMb(definitionKb: number, payloadKb: number, mapOrParallelSteps: number): number {
  requireNonNegative('definitionKb', definitionKb);
  requireNonNegative('payloadKb', payloadKb);
  requireNonNegative('mapOrParallelSteps', mapOrParallelSteps);
  return EXPRESS_BASE_MEMORY_MB + (definitionKb + payloadKb * mapOrParallelSteps) / 1000;
}

export function stepFunctionsCost(
  prices: StepFunctionsPrices,
  usage: StepFunctionsUsage,
  options: StepFunctionsCostOptions = {},
): StepFunctionsCost {
  const transitions = requireInteger('standardTransitions', usage.standardTransitions, 0);
  const freeTransitions = options.freeTier ? Math.min(transitions, prices.standardFreeTransitions) : 0;
  const standardUsd = (transitions - freeTransitions) * prices.standardPerTransition;

  let expressRequests = 0;
  let expressGbSeconds = 0;
  for (const execution of usage.expressExecutions ?? []) {
    const n = requireInteger('Express execution count', execution.count ?? 1, 1);
    const seconds = expressBilledMs(execution.durationMs) / 1000;
    const gb = expressBilledMemoryMb(execution.memoryMb ?? EXPRESS_MEMORY_CHUNK_MB) / 1024;
    expressRequests += n;
    expressGbSeconds += seconds * gb * n;
  }
  const expressRequestUsd = expressRequests * prices.expressPerRequest;
  const duration = chargeTiered(prices.expressDurationPerGbSecond, expressGbSeconds);
  return {
    standardTransitions: transitions,
    freeTransitions,
    standardUsd,
    expressRequests,
    expressGbSeconds,
    expressRequestUsd,
    expressDurationUsd: duration.usd,
    expressDurationTiers: duration.tiers,
    usd: standardUsd + expressRequestUsd + duration.usd,
  };
}

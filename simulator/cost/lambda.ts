import type { Architecture } from '../scenario/schema';
import { ceilClean, chargeTiered, requireInteger, requireNonNegative, type PriceTier, type TierCharge } from './tiers';
import type { LambdaInvocation, LambdaUsage } from '../results/usage';

/**
 * AWS Lambda on-demand cost: requests plus duration in GB-seconds, each invocation billed in 1 ms
 * steps (rounded up, init included), with monthly duration tiers per architecture. Pure.
 */

export interface LambdaArchitecturePrices {
  /** USD per GB-second, tiered on the month's aggregate GB-seconds for this architecture. */
  readonly durationPerGbSecond: readonly PriceTier[];
  /** USD per request. */
  readonly perRequest: number;
}

export interface LambdaPrices {
  readonly x86_64: LambdaArchitecturePrices;
  readonly arm64: LambdaArchitecturePrices;
  /** USD per GB-second of ephemeral storage configured above the free 512 MB. */
  readonly ephemeralStoragePerGbSecond: number;
  /** The monthly free tier, shared by both architectures. */
  readonly freeTier: { readonly requests: number; readonly gbSeconds: number };
}

export interface LambdaCostOptions {
  /**
   * Subtract the monthly free tier (requests and GB-seconds) before charging. Per-run cost never
   * assumes spare free capacity.
   * @default false
   */
  readonly freeTier?: boolean;
}

export interface LambdaCost {
  readonly architecture: Architecture;
  readonly requests: number;
  /** Sum of billed ms over all invocations (each `ceil(duration + init)`). */
  readonly billedMs: number;
  readonly gbSeconds: number;
  readonly ephemeralStorageGbSeconds: number;
  readonly freeRequests: number;
  readonly freeGbSeconds: number;
  readonly requestUsd: number;
  readonly durationUsd: number;
  readonly durationTiers: readonly TierCharge[];
  readonly ephemeralStorageUsd: number;
  readonly usd: number;
}

/** Memory AWS gives an execution environment without extra charge for /tmp. */
const FREE_EPHEMERAL_STORAGE_MB = 512;

/** Billed ms of one invocation: duration plus init, rounded up to the next 1 ms. */
export function lambdaBilledMs(invocation: Pick<LambdaInvocation, 'durationMs' | 'initMs'>): number {
  const duration = requireNonNegative('Lambda durationMs', invocation.durationMs);
  const init = requireNonNegative('Lambda initMs', invocation.initMs ?? 0);
  return ceilClean(duration + init);
}

/** GB-seconds of one invocation: billed ms × memory, with GB = 1,024 MB as AWS's examples use. */
export function lambdaGbSeconds(billedMs: number, memoryMb: number): number {
  return (billedMs / 1000) * (memoryMb / 1024);
}

export function lambdaCost(prices: LambdaPrices, usage: LambdaUsage, options: LambdaCostOptions = {}): LambdaCost {
  const arch = prices[usage.architecture];
  if (!arch) throw new RangeError(`no Lambda prices for architecture ${String(usage.architecture)}; expected x86_64 or arm64`);
  const storageMb = usage.ephemeralStorageMb ?? FREE_EPHEMERAL_STORAGE_MB;
  if (storageMb < FREE_EPHEMERAL_STORAGE_MB) {
    throw new RangeError(`Lambda ephemeralStorageMb must be >= ${FREE_EPHEMERAL_STORAGE_MB}, got ${storageMb}`);
  }
  let requests = 0;
  let billedMs = 0;
  let gbSeconds = 0;
  let storageGbSeconds = 0;
  for (const invocation of usage.invocations) {
    const n = requireInteger('Lambda invocation count', invocation.count ?? 1, 1);
    if (!(invocation.memoryMb >= 128 && invocation.memoryMb <= 10240)) {
      throw new RangeError(`Lambda memoryMb must be 128-10240, got ${String(invocation.memoryMb)}`);
    }
    const ms = lambdaBilledMs(invocation);
    requests += n;
    billedMs += ms * n;
    gbSeconds += lambdaGbSeconds(ms, invocation.memoryMb) * n;
    storageGbSeconds += lambdaGbSeconds(ms, storageMb - FREE_EPHEMERAL_STORAGE_MB) * n;
  }
  const freeRequests = options.freeTier ? Math.min(requests, prices.freeTier.requests) : 0;
  const freeGbSeconds = options.freeTier ? Math.min(gbSeconds, prices.freeTier.gbSeconds) : 0;
  const requestUsd = (requests - freeRequests) * arch.perRequest;
  // Free GB-seconds still count toward the tier thresholds; they are just not charged.
  const duration = chargeTiered(arch.durationPerGbSecond, gbSeconds - freeGbSeconds, freeGbSeconds);
  const ephemeralStorageUsd = storageGbSeconds * prices.ephemeralStoragePerGbSecond;
  return {
    architecture: usage.architecture,
    requests,
    billedMs,
    gbSeconds,
    ephemeralStorageGbSeconds: storageGbSeconds,
    freeRequests,
    freeGbSeconds,
    requestUsd,
    durationUsd: duration.usd,
    durationTiers: duration.tiers,
    ephemeralStorageUsd,
    usd: requestUsd + duration.usd + ephemeralStorageUsd,
  };
}

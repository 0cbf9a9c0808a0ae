import type { Architecture } from '../scenario/schema';
import { ceilClean, requireNonNegative } from './tiers';
import type { FargateUsage } from '../results/usage';

/**
 * AWS Fargate (Linux) cost: vCPU-hours and GB-hours, billed per second with a minimum per task.
 * Pure.
 */

export interface FargateArchitecturePrices {
  readonly perVcpuHour: number;
  readonly perGbHour: number;
}

export interface FargatePrices {
  readonly x86_64: FargateArchitecturePrices;
  readonly arm64: FargateArchitecturePrices;
  /** Seconds each task is billed at least. */
  readonly minimumBillableSeconds: number;
}

export interface FargateCost {
  readonly architecture: Architecture;
  readonly tasks: number;
  readonly billedSeconds: number;
  readonly vcpuHours: number;
  readonly gbHours: number;
  readonly vcpuUsd: number;
  readonly memoryUsd: number;
  readonly usd: number;
}

/** One task's billed seconds: rounded up to the second, and at least the minimum. */
export function fargateBilledSeconds(seconds: number, minimumSeconds: number): number {
  requireNonNegative('Fargate task seconds', seconds);
  return Math.max(minimumSeconds, ceilClean(seconds));
}

export function fargateCost(prices: FargatePrices, usage: FargateUsage): FargateCost {
  const arch = prices[usage.architecture];
  if (!arch) throw new RangeError(`no Fargate prices for architecture ${String(usage.architecture)}; expected x86_64 or arm64`);
  if (!(usage.vcpu > 0)) throw new RangeError(`Fargate vcpu must be > 0, got ${String(usage.vcpu)}`);
  if (!(usage.memoryGb > 0)) throw new RangeError(`Fargate memoryGb must be > 0, got ${String(usage.memoryGb)}`);
  const billedSeconds = usage.taskSeconds.reduce((sum, s) => sum + fargateBilledSeconds(s, prices.minimumBillableSeconds), 0);
  const hours = billedSeconds / 3600;
  const vcpuHours = hours * usage.vcpu;
  const gbHours = hours * usage.memoryGb;
  const vcpuUsd = vcpuHours * arch.perVcpuHour;
  const memoryUsd = gbHours * arch.perGbHour;
  return {
    architecture: usage.architecture,
    tasks: usage.taskSeconds.length,
    billedSeconds,
    vcpuHours,
    gbHours,
    vcpuUsd,
    memoryUsd,
    usd: vcpuUsd + memoryUsd,
  };
}

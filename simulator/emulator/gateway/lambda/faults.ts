import { createHash } from 'node:crypto';
import type { InjectedFault, LambdaFaults } from '../../types';

/** Checks rates up front, so a typo'd rate fails at setFaults and not halfway through a run. */
export function validateFaults(f: LambdaFaults): LambdaFaults {
  const rates = ['throwRate', 'timeoutRate', 'oomRate', 'throttleRate'] as const;
  let sum = 0;
  for (const r of rates) {
    const v = f[r] ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new RangeError(`LambdaFaults.${r} must be a number in [0, 1], got ${String(v)}`);
    }
    sum += v;
  }
  if (sum > 1) throw new RangeError(`LambdaFaults rates must add up to at most 1, got ${sum}`);
  if (f.seed !== undefined && !Number.isInteger(f.seed)) throw new RangeError(`LambdaFaults.seed must be an integer, got ${f.seed}`);
  return f;
}

/**
 * The fault for one invocation, or undefined. Deterministic: a uniform draw from
 * sha256(seed, function, payload, attempt), compared against the cumulative rates in a fixed order.
 */
export function chooseFault(f: LambdaFaults, functionName: string, payload: string, attempt: number): InjectedFault | undefined {
  const digest = createHash('sha256')
    .update(`${f.seed ?? 0}\u0000${functionName}\u0000${attempt}\u0000`)
    .update(payload)
    .digest();
  const u = digest.readUInt32BE(0) / 0x1_0000_0000;
  let edge = 0;
  for (const [fault, rate] of [
    ['throttle', f.throttleRate],
    ['throw', f.throwRate],
    ['timeout', f.timeoutRate],
    ['oom', f.oomRate],
  ] as const) {
    edge += rate ?? 0;
    if (u < edge) return fault;
  }
  return undefined;
}

import os from 'node:os';
import { UserError } from '../../../errors';

/**
 * How many Lambda execution environments run at once on this machine. Lambda's concurrency is
 * logical: reserved and account limits, throttles and the Map's MaxConcurrency are all enforced before
 * an invocation gets here. But each environment here is a real process on a few shared cores, so 16
 * concurrent invocations on 2 cores only contend for CPU and memory (16 Node processes, ~140 MB each),
 * without finishing sooner. Invocations beyond the slots wait for one, in arrival order; the wait is
 * recorded (`queuedMs`) and never billed or counted as handler time.
 *
 * Slots: $SCALESIM_LAMBDA_SLOTS, else twice the CPU count, at least 4.
 */
export function hostSlotsFrom(env: Readonly<Record<string, string | undefined>> = process.env, cpus = os.cpus().length): number {
  const v = env.SCALESIM_LAMBDA_SLOTS;
  if (v !== undefined && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`SCALESIM_LAMBDA_SLOTS must be a whole number >= 1, got ${JSON.stringify(v)}`);
    return n;
  }
  return Math.max(4, 2 * cpus);
}

/** A counting semaphore, first come first served. */
export class HostSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Resolves with the time waited (ms) once a slot is held; call `release` exactly once after. */
  async acquire(): Promise<number> {
    if (this.free > 0) {
      this.free--;
      return 0;
    }
    const t0 = performance.now();
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return performance.now() - t0;
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

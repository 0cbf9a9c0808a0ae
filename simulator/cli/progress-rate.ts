/**
 * Throughput and time left for a progress bar, from how far a step has come since it started: events
 * per second (when events are counted) and an ETA from the units (partitions, events) done so far.
 * A step starts at nothing done, so the rate is the progress so far over the time since `startedAt`.
 * Pure: the caller supplies the clock.
 */
export class ProgressRate {
  private last?: { t: number; done: number; total: number; events?: number };

  constructor(private readonly startedAt: number) {}

  update(t: number, done: number, total: number, events?: number): void {
    this.last = { t, done, total, ...(events !== undefined ? { events } : {}) };
  }

  /** Seconds since the step started, or undefined before a second has passed (no wild rate). */
  private elapsedSeconds(): number | undefined {
    if (!this.last) return undefined;
    const s = (this.last.t - this.startedAt) / 1000;
    return s >= 1 ? s : undefined;
  }

  /** Events per second since the start, or undefined before a second has passed. */
  eventsPerSecond(): number | undefined {
    const s = this.elapsedSeconds();
    const events = this.last?.events;
    return s === undefined || events === undefined ? undefined : events / s;
  }

  /** Seconds left at the rate so far, or undefined until there is a rate. */
  etaSeconds(): number | undefined {
    const s = this.elapsedSeconds();
    const b = this.last;
    if (s === undefined || !b || b.done <= 0) return undefined;
    return ((b.total - b.done) * s) / b.done;
  }

  /** ` | 41,200 events/s | ETA 3m 12s`, or the parts known so far (empty at first). */
  describe(): string {
    const parts: string[] = [];
    const eps = this.eventsPerSecond();
    if (eps !== undefined) parts.push(`${Math.round(eps).toLocaleString('en-US')} events/s`);
    const eta = this.etaSeconds();
    if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
    return parts.map((p) => ` | ${p}`).join('');
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  InputLogEvent,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

/** PutLogEvents accepts at most 10,000 events and 1 MiB per call (26 bytes of overhead per event). */
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;

interface StreamState {
  readonly group: string;
  readonly stream: string;
  queue: InputLogEvent[];
  ready?: Promise<void>;
  writing?: Promise<void>;
}

/**
 * Writes log lines to CloudWatch Logs in the emulator, batched per stream and off the invocation's
 * critical path. `drain()` resolves once everything appended before the call is stored; the gateway
 * calls it before serving any CloudWatch Logs read, so a reader never misses a finished invocation.
 */
export class LogWriter {
  private readonly streams = new Map<string, StreamState>();
  private readonly groups = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private failures = 0;

  constructor(
    private readonly client: () => CloudWatchLogsClient,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  append(group: string, stream: string, events: readonly InputLogEvent[]): void {
    if (events.length === 0) return;
    const key = `${group}\u0000${stream}`;
    let s = this.streams.get(key);
    if (!s) {
      s = { group, stream, queue: [] };
      this.streams.set(key, s);
    }
    s.queue.push(...events);
    this.kick(s);
  }

  /** Write errors so far (each was reported through onError). */
  get errorCount(): number {
    return this.failures;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private kick(s: StreamState): void {
    if (s.writing) return;
    const p = this.writeLoop(s).finally(() => {
      s.writing = undefined;
      this.inFlight.delete(p);
      if (s.queue.length) this.kick(s);
    });
    s.writing = p;
    this.inFlight.add(p);
  }

  private async writeLoop(s: StreamState): Promise<void> {
    try {
      s.ready ??= this.ensureStream(s.group, s.stream);
      await s.ready;
      while (s.queue.length) {
        // CloudWatch requires chronological order within a batch.
        s.queue.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
        let bytes = 0;
        let n = 0;
        while (n < s.queue.length && n < MAX_BATCH_EVENTS) {
          const size = Buffer.byteLength(s.queue[n]!.message ?? '') + EVENT_OVERHEAD;
          if (bytes + size > MAX_BATCH_BYTES && n > 0) break;
          bytes += size;
          n++;
        }
        const batch = s.queue.splice(0, n);
        await this.client().send(new PutLogEventsCommand({ logGroupName: s.group, logStreamName: s.stream, logEvents: batch }));
      }
    } catch (e) {
      this.failures++;
      s.queue.length = 0;
      s.ready = undefined;
      this.onError(`could not write logs to ${s.group} ${s.stream}: ${(e as Error).message}`);
    }
  }

  private async ensureStream(group: string, stream: string): Promise<void> {
    let g = this.groups.get(group);
    if (!g) {
      g = this.client().send(new CreateLogGroupCommand({ logGroupName: group })).then(
        () => undefined,
        (e: Error) => {
          if (e.name !== 'ResourceAlreadyExistsException') throw e;
        },
      );
      this.groups.set(group, g);
    }
    await g;
    await this.client().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch((e: Error) => {
      if (e.name !== 'ResourceAlreadyExistsException') throw e;
    });
  }
}

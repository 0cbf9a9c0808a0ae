import * as crypto from 'crypto';
import type { ManifestPartition, RunManifest } from '../../lib/workload/contract';
import type { SchemaRegistry } from '../../lib/workload/registry';
import { ZlibChunks } from '../../lib/workload/zlib-chunks';
import { UserError } from '../errors';
import type { Scenario } from '../scenario/schema';
import { GeneratorTables, PartitionEventSource, WINDOW_START_MS } from './event-builder';
import { PartitionPlan, planRun } from './plan';
import type { LineSource } from './line-source';
import { type ReplayPool, replayLines } from './replay';

/**
 * The synthetic pipeline-event generator: seeded, deterministic and streaming. Lines are built into
 * a chunk of about CHUNK_BYTES bytes, hashed, (compressed,) written, and forgotten, so memory
 * does not grow with volume: the only per-run state is one manifest entry per partition.
 */

export const GENERATOR_NAME = 'scalesim-generate';
export const GENERATOR_VERSION = '1';
const CHUNK_BYTES = 256 * 1024;
/** Chunks written concurrently with generation. */
const MAX_IN_FLIGHT = 3;

/** Where a partition's bytes go. */
export interface PartitionSink {
  /** The chunk is reused once the promise resolves: copy it to keep it. */
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
  /** Called instead of close when generation fails; must not throw. */
  abort(): Promise<void>;
}

/** Where a run goes: a directory (directorySink), object storage (storageSink), or nowhere (nullSink). */
export interface GenerationSink {
  openPartition(key: string): Promise<PartitionSink>;
  writeManifest(manifest: RunManifest): Promise<void>;
}

export interface GenerateOptions {
  /** Override workload.events. */
  readonly events?: number;
  /** Override workload.partitions. */
  readonly partitions?: number;
  /** sha256 of the scenario file, recorded in the manifest. */
  readonly scenarioHash?: string;
  /** Called after each chunk with lines written so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /**
   * gzip level for `compression: gzip`.
   * @default 6 (zlib's default)
   */
  readonly gzipLevel?: number;
  /**
   * Partitions generated at once. Generation runs on this thread and gzip on libuv's pool, so two
   * partitions keep both busy: one partition's chunk compresses while the other's lines are built. The
   * data is the same for any value (each partition has its own seeded stream).
   * @default 2
   */
  readonly concurrency?: number;
  /**
   * Replay this sample of real events (workload.source) instead of generating synthetic ones.
   * @default - synthetic events
   */
  readonly replay?: ReplayPool;
}

/** The scenario's workload with the CLI's overrides applied and checked. */
export function effectiveWorkload(scenario: Scenario, opts: Pick<GenerateOptions, 'events' | 'partitions'> = {}): Scenario['workload'] {
  const w = scenario.workload;
  const events = opts.events ?? w.events;
  const partitions = opts.partitions ?? w.partitions;
  if (!Number.isInteger(events) || events < 1) throw new UserError(`--events: expected a positive integer, got ${events}`);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1_000_000) {
    throw new UserError(`--partitions: expected an integer from 1 to 1000000, got ${partitions}`);
  }
  if (partitions > events) throw new UserError(`--partitions (${partitions}) must not exceed the number of events (${events})`);
  const truncated = scenario.faults.data.truncatedGzipPartitions;
  if (truncated > partitions) {
    throw new UserError(`faults.data.truncatedGzipPartitions (${truncated}) exceeds the number of partitions (${partitions})`);
  }
  return { ...w, events, partitions };
}

/** Generate a whole run into `sink` and return its manifest (also written to the sink, last). */
export async function generateRun(scenario: Scenario, registry: SchemaRegistry, sink: GenerationSink, opts: GenerateOptions = {}): Promise<RunManifest> {
  const workload = effectiveWorkload(scenario, opts);
  const tables = opts.replay ? replayLines(opts.replay, scenario.seed) : new GeneratorTables(workload, registry, scenario.seed);
  const plans = planRun(workload, scenario.faults.data, scenario.seed);
  const partitions = new Array<ManifestPartition>(plans.length);
  const linesDone = new Array<number>(plans.length).fill(0);
  let total = 0;
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      opts.signal?.throwIfAborted();
      const i = next++;
      const plan = plans[i]!;
      partitions[i] = await generatePartition(tables, plan, workload.compression, sink, opts.gzipLevel ?? 6, (n) => {
        total += n - linesDone[i]!;
        linesDone[i] = n;
        opts.onProgress?.(total, workload.events);
      }, opts.signal);
      total += plan.events - linesDone[i]!;
      linesDone[i] = plan.events;
    }
  };
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 2, plans.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const manifest: RunManifest = {
    manifestVersion: 1,
    scenario: scenario.name,
    ...(opts.scenarioHash ? { scenarioHash: opts.scenarioHash } : {}),
    seed: scenario.seed,
    compression: workload.compression,
    freshnessSlaMinutes: workload.freshness.slaMinutes,
    events: workload.events,
    generator: opts.replay
      ? { name: GENERATOR_NAME, version: `${GENERATOR_VERSION}+replay`, windowStart: opts.replay.windowStart }
      : { name: GENERATOR_NAME, version: GENERATOR_VERSION, windowStart: new Date(WINDOW_START_MS).toISOString() },
    partitions,
    registry,
  };
  await sink.writeManifest(manifest);
  return manifest;
}

/** One partition: lines → chunk → content hash → (gzip) → object hash → sink. */
async function generatePartition(
  tables: GeneratorTables | ((plan: PartitionPlan) => LineSource),
  plan: PartitionPlan,
  compression: 'none' | 'gzip',
  sink: GenerationSink,
  gzipLevel: number,
  onProgress?: (linesDone: number) => void,
  signal?: AbortSignal,
): Promise<ManifestPartition> {
  const source: LineSource = tables instanceof GeneratorTables ? new PartitionEventSource(tables, plan) : tables(plan);
  const out = new PipelinedWrites(await sink.openPartition(plan.key), source, compression === 'gzip');
  const gz = compression === 'gzip' ? ZlibChunks.gzip(gzipLevel) : undefined;
  const content = { hash: crypto.createHash('sha256'), bytes: 0 };
  // A truncated partition keeps only the compressed bytes of its first half, then stops mid-stream.
  const cutAfter = plan.truncatedGzip ? Math.floor(plan.events / 2) : Infinity;
  let cut = false;
  try {
    while (!source.done) {
      source.writeNext();
      const lines = source.linesWritten;
      if (source.writer.pos < CHUNK_BYTES && lines !== cutAfter && !source.done) continue;
      const buf = source.takeChunk();
      content.hash.update(buf);
      content.bytes += buf.length;
      if (!gz) await out.emit([buf], buf);
      else if (!cut) {
        const compressed = await gz.push(buf);
        source.releaseChunk(buf);
        await out.emit(compressed);
        if (lines >= cutAfter) {
          await out.emit(await gz.syncFlush());
          gz.destroy();
          cut = true;
        }
      }
      onProgress?.(lines);
      signal?.throwIfAborted();
    }
    if (gz && !cut) await out.emit(await gz.end());
    await out.close();
  } catch (e) {
    gz?.destroy();
    await out.abort();
    throw e;
  }
  return manifestEntry(plan, source, content.hash.digest('hex'), content.bytes, out);
}

/**
 * A partition's writes to its sink, pipelined: generation continues while up to MAX_IN_FLIGHT chunks
 * are being written, instead of idling on each write. Order is kept: the sink receives writes in
 * sequence. Counts and (for compressed objects) hashes the bytes as stored.
 */
class PipelinedWrites {
  readonly objectHash = crypto.createHash('sha256');
  objectBytes = 0;
  private readonly inFlight: Promise<void>[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly out: PartitionSink,
    private readonly source: LineSource,
    /** Uncompressed, the object is the content: it is hashed once, as content, and not here. */
    readonly hashObject: boolean,
  ) {}

  /** Queue `bufs` for writing; `release` goes back to the source once written. */
  async emit(bufs: readonly Buffer[], release?: Buffer): Promise<void> {
    for (const b of bufs) {
      if (this.hashObject) this.objectHash.update(b);
      this.objectBytes += b.length;
    }
    this.chain = this.chain.then(async () => {
      for (const b of bufs) await this.out.write(b);
      if (release) this.source.releaseChunk(release);
    });
    this.inFlight.push(this.chain);
    // A failed write (a full disk) rejects every later link of the chain; each link gets a handler now,
    // or Node would end the process on an unhandled rejection before abort() cleans up.
    this.chain.catch(() => undefined);
    if (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
  }

  /** Wait for every write, then close the sink. */
  async close(): Promise<void> {
    await this.chain;
    await this.out.close();
  }

  /** Let the writes settle, whatever their outcome, then abort the sink. */
  async abort(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.out.abort();
  }
}

function manifestEntry(plan: PartitionPlan, source: LineSource, contentSha256: string, contentBytes: number, out: PipelinedWrites): ManifestPartition {
  return {
    key: plan.key,
    events: plan.events,
    bytes: out.objectBytes,
    sha256: out.hashObject ? out.objectHash.digest('hex') : contentSha256,
    contentSha256,
    contentBytes,
    ...(plan.truncatedGzip ? { fault: 'truncated_gzip' as const } : {}),
    injected: source.counts(),
  };
}

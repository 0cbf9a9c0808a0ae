import { DEFAULT_OUTPUT_COMPRESSION, KEYS, OutputCompression, PartitionOutcome } from './contract';
import { LineageContext, RunEvent, lineageComplete, lineageFail, lineageStart } from './lineage';
import { OutputEncoder, outputEncoder } from './output-encoder';
import { PartitionCore, ProcessedPartition } from './processor';
import { ProfileClock, StageProfile, StageTimer, realClock } from './profile';
import { PartitionQuality, RunSummary, failedSummary, summaryOf } from './quality';
import type { LoadedManifest } from './run-manifest';
import { StorageError, WorkloadStorage } from './storage';
import { ZlibChunks } from './zlib-chunks';
import { errorMessage } from './error-message';

/**
 * One partition, end to end: read the raw object, decompress, run the core, write every output.
 * The same function runs in the Lambda handler, in the single-node task's worker pool and in
 * `scalesim process`.
 *
 * Failure policy:
 * - the raw object is missing, unreadable as gzip, or truncated: a `failed` outcome with the reason,
 *   plus a FAIL lineage event and the profile; nothing else is written for it;
 * - storage errors on reading or writing (network, throttling): thrown, so the caller retries (the
 *   task runner retries in place; the Lambda fails the invocation and the Map's retry policy runs);
 * - the accounting invariant breaking: thrown (AccountingInvariantError); the run fails loudly.
 */

export interface PartitionJobOptions {
  readonly storage: WorkloadStorage;
  readonly runId: string;
  /** The partition's key in the manifest (e.g. `part-00000.ndjson.gz`). */
  readonly key: string;
  readonly manifest: LoadedManifest;
  /** Names the job in lineage: `scalesim.<design>.process_partition`. */
  readonly design: string;
  /** Wall clock for lineage event times (ms since the epoch). */
  readonly now?: () => number;
  readonly clock?: ProfileClock;
  /**
   * How the curated and quarantine objects are written (the stack sets ENV.outputCompression).
   * @default 'gzip'
   */
  readonly outputCompression?: OutputCompression;
}

export interface PartitionJobResult {
  readonly outcome: PartitionOutcome;
  /** This partition as a one-partition run summary (mergeable). */
  readonly summary: RunSummary;
  readonly profile: StageProfile;
  readonly quality?: PartitionQuality;
  readonly lineage: readonly RunEvent[];
}

/** Batch sizes: compressed bytes per zlib round trip, and text bytes per core batch when uncompressed. */
const GZIP_BATCH_BYTES = 256 * 1024;
const TEXT_BATCH_BYTES = 1024 * 1024;

/** A raw partition that cannot be read as what the manifest says it is. */
class DataError extends Error {}

export async function processPartition(opts: PartitionJobOptions): Promise<PartitionJobResult> {
  const compression = opts.outputCompression ?? DEFAULT_OUTPUT_COMPRESSION;
  const timer = new StageTimer(opts.clock ?? realClock());
  const ctx = lineageContext(opts, compression);
  const start = lineageStart(ctx, (opts.now ?? Date.now)());
  if (opts.manifest.byKey.get(opts.key) === undefined) return fail(opts, timer, ctx, start, `partition ${opts.key} is not in the run manifest`);
  let output: CoreOutput;
  try {
    output = await runCore(opts, timer, compression);
  } catch (e) {
    if (e instanceof DataError) return fail(opts, timer, ctx, start, e.message);
    throw e;
  }
  return storeOutputs(opts, timer, ctx, start, output, compression);
}

function lineageContext(opts: PartitionJobOptions, compression: OutputCompression): LineageContext {
  const { storage, runId, key } = opts;
  return {
    runId,
    partition: key,
    design: opts.design,
    input: { namespace: storage.namespace('raw'), name: KEYS.rawPartition(runId, key) },
    curated: { namespace: storage.namespace('curated'), name: KEYS.curated(runId, key, compression) },
    quarantine: { namespace: storage.namespace('quarantine'), name: KEYS.quarantine(runId, key, compression) },
  };
}

/** What the core made of one partition, its outputs encoded as they will be stored. */
interface CoreOutput {
  readonly processed: ProcessedPartition;
  /** Bytes of the raw object as read. */
  readonly inputBytes: number;
  readonly curated: Buffer[];
  readonly quarantine: Buffer[];
}

/** Read the raw object in batches, (decompress,) run the core over them and encode its outputs. */
async function runCore(opts: PartitionJobOptions, timer: StageTimer, compression: OutputCompression): Promise<CoreOutput> {
  const { key, manifest } = opts;
  const core = new PartitionCore({ partition: key, registry: manifest.registry, slaMinutes: manifest.manifest.freshnessSlaMinutes, timer });
  const gz = manifest.manifest.compression === 'gzip' || key.endsWith('.gz') ? ZlibChunks.gunzip() : undefined;
  const curatedOut = outputEncoder(compression);
  const quarantineOut = outputEncoder(compression);
  // The core's output of each batch is encoded (compressed) as it comes: part of the write stage.
  const encode = async () => {
    const o = core.takeOutput();
    await Promise.all([curatedOut.push(o.curated), quarantineOut.push(o.quarantine)]);
    timer.lap('write');
  };
  try {
    timer.mark();
    const body = await openRaw(opts.storage, opts.runId, key);
    timer.lap('read');
    const inputBytes = await readInBatches(body, gz ? GZIP_BATCH_BYTES : TEXT_BATCH_BYTES, timer, async (chunk) => {
      if (gz) feed(core, timer, await inflate(gz.push(chunk)));
      else core.pushBytes(chunk);
      await encode();
    });
    if (gz) feed(core, timer, await inflate(gz.end()));
    const processed = core.finish();
    await curatedOut.push(processed.curated);
    await quarantineOut.push(processed.quarantine);
    const [curated, quarantine] = await Promise.all([curatedOut.end(), quarantineOut.end()]);
    timer.lap('write');
    return { processed, inputBytes, curated, quarantine };
  } catch (e) {
    gz?.destroy();
    destroyAll(curatedOut, quarantineOut);
    throw e;
  }
}

/** The raw object's body; a missing object is a data error (the partition fails), not a retry. */
async function openRaw(storage: WorkloadStorage, runId: string, key: string): Promise<AsyncIterable<Buffer>> {
  try {
    return await storage.read('raw', KEYS.rawPartition(runId, key));
  } catch (e) {
    if (e instanceof StorageError && e.code === 'not_found') throw new DataError(`raw object ${storage.namespace('raw')}/${KEYS.rawPartition(runId, key)} not found`);
    throw e;
  }
}

/**
 * Reads arrive in whatever sizes the source streams (an S3 body: tens of KiB). They are gathered into
 * batches of at least `batchBytes` first: every batch costs a zlib round trip and a few clock reads.
 * Returns the bytes read.
 */
async function readInBatches(body: AsyncIterable<Buffer>, batchBytes: number, timer: StageTimer, onBatch: (chunk: Buffer) => Promise<void>): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let inputBytes = 0;
  const flush = async () => {
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await onBatch(chunk);
  };
  for await (const chunk of body) {
    timer.addBytes('read', chunk.length);
    inputBytes += chunk.length;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= batchBytes) {
      timer.lap('read');
      await flush();
    }
  }
  timer.lap('read');
  if (pendingBytes > 0) await flush();
  return inputBytes;
}

/** PUT the curated and quarantine objects and the audit records (quality, lineage, accounting, profile). */
async function storeOutputs(
  opts: PartitionJobOptions,
  timer: StageTimer,
  ctx: LineageContext,
  start: RunEvent,
  { processed, inputBytes, curated, quarantine }: CoreOutput,
  compression: OutputCompression,
): Promise<PartitionJobResult> {
  const { storage, runId, key } = opts;
  const curatedBytes = byteLength(curated);
  const quarantineBytes = byteLength(quarantine);
  const q = processed.quality;
  const lineage = [
    start,
    // Sizes of the objects as stored (compressed when gzip), as OpenLineage's outputStatistics means.
    lineageComplete(ctx, (opts.now ?? Date.now)(), q, processed.accounting, { inputBytes, curatedBytes, quarantineBytes }),
  ];
  timer.addBytes('write', curatedBytes + quarantineBytes);
  timer.mark();
  await Promise.all([
    storage.put('curated', KEYS.curated(runId, key, compression), curated),
    storage.put('quarantine', KEYS.quarantine(runId, key, compression), quarantine),
    storage.put('audit', KEYS.quality(runId, key), JSON.stringify(q, null, 2)),
    storage.put('audit', KEYS.lineage(runId, key), JSON.stringify(lineage, null, 2)),
    storage.put('audit', KEYS.accounting(runId, key), JSON.stringify(processed.accounting, null, 2)),
  ]);
  timer.lap('write');
  // The profile cannot time its own PUT; everything before it is in.
  const profile = timer.profile(key, q.input, opts.design);
  await storage.put('audit', KEYS.profile(runId, key), JSON.stringify(profile, null, 2));
  return {
    outcome: { key, status: 'ok', accounting: processed.accounting },
    summary: summaryOf(q),
    profile,
    quality: q,
    lineage,
  };
}

function byteLength(chunks: readonly Buffer[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

function destroyAll(...encoders: OutputEncoder[]): void {
  for (const e of encoders) e.destroy();
}

/** Decompression errors are data errors: zlib's message says what is wrong with the stream. */
async function inflate(p: Promise<Buffer[]>): Promise<Buffer[]> {
  try {
    return await p;
  } catch (e) {
    const msg = errorMessage(e);
    throw new DataError(`gzip stream truncated or corrupt: ${msg}`);
  }
}

function feed(core: PartitionCore, timer: StageTimer, bufs: readonly Buffer[]): void {
  timer.lap('decompress');
  for (const b of bufs) timer.addBytes('decompress', b.length);
  // One input chunk's output is one batch.
  if (bufs.length > 0) core.pushBytes(bufs);
}

async function fail(
  opts: PartitionJobOptions,
  timer: StageTimer,
  ctx: LineageContext,
  start: RunEvent,
  reason: string,
): Promise<PartitionJobResult> {
  const { storage, runId, key } = opts;
  const lineage = [start, lineageFail(ctx, (opts.now ?? Date.now)(), reason)];
  timer.mark();
  await storage.put('audit', KEYS.lineage(runId, key), JSON.stringify(lineage, null, 2));
  timer.lap('write');
  const profile = timer.profile(key, 0, opts.design);
  await storage.put('audit', KEYS.profile(runId, key), JSON.stringify(profile, null, 2));
  return { outcome: { key, status: 'failed', reason }, summary: failedSummary(key, reason), profile, lineage };
}

import * as path from 'path';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import { AccountingInvariantError } from './accounting';
import { ENV, KEYS, OutputCompression, PartitionOutcome, RunManifest, outputCompressionFrom } from './contract';
import { PartitionJobResult, processPartition } from './partition-job';
import { StageProfile, StageTiming, Stage, sumProfiles } from './profile';
import { RunSummary, emptySummary, failedSummary, mergeSummaries } from './quality';
import { LoadedManifest, loadManifest, parseManifest } from './run-manifest';
import { S3Storage, createS3Client } from './s3-storage';
import { LocalStorage, StorageConfig, StorageError, WorkloadStorage } from './storage';
import { errorMessage } from './error-message';

/**
 * The single-node design's program: one process, every partition of a run, a pool of worker threads
 * sized to the task's vCPUs. The same module is the worker: in a bundle, `new Worker(__filename)`
 * starts this file again, and `isMainThread` tells the two roles apart.
 *
 * As a script (`node task-runner.js`) it reads RUN_ID, WORKERS, the bucket names and
 * FAULT_CRASH_AFTER_PARTITIONS from the environment (names in contract.ts), prints one JSON line,
 * and exits 0 when the run finished (a partition that failed for good on bad data is recorded in the
 * audit zone and the summary line, as the Lambda records it, not a task failure), 3 when the
 * accounting invariant broke, 137 on an injected crash, 2 on a configuration error, 1 on anything else.
 */

const WORKER_ROLE = 'scalesim-partition-worker';

export interface PoolOptions {
  readonly runId: string;
  readonly storage: WorkloadStorage;
  /** Worker threads; 1 (or less) processes in the calling thread. */
  readonly workers: number;
  /** Lineage job name part: `single-node` in the task, `local` for `scalesim process`. */
  readonly design: string;
  /** The run's manifest; loaded from the raw zone when absent. */
  readonly manifest?: LoadedManifest;
  /** Exit 137 after this many partitions, on the first attempt only (see ENV.faultCrashAfterPartitions). */
  readonly crashAfterPartitions?: number;
  /**
   * How curated and quarantine objects are written (ENV.outputCompression in the task).
   * @default 'gzip'
   */
  readonly outputCompression?: OutputCompression;
  /**
   * Attempts per partition on storage errors (a failed read or write), then it fails for good.
   * @default 3
   */
  readonly maxAttempts?: number;
  readonly onPartition?: (outcome: PartitionOutcome, done: number, total: number) => void;
  /** How to die on the crash fault; process.exit by default (injectable for tests). */
  readonly exit?: (code: number) => void;
  /**
   * Aborting it stops the run between partitions (worker threads are terminated) and rejects with the
   * abort reason: Ctrl-C on `scalesim process`.
   * @default - never aborted
   */
  readonly signal?: AbortSignal;
}

export interface PoolResult {
  readonly runId: string;
  readonly workers: number;
  readonly summary: RunSummary;
  /** In manifest order. */
  readonly outcomes: readonly PartitionOutcome[];
  readonly profiles: readonly StageProfile[];
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** A partition's result as the run keeps it (the lineage events are stored already). */
type PartitionReply = Pick<PartitionJobResult, 'outcome' | 'summary' | 'profile'>;

/** What a worker sends back: the result without the (large) lineage events, already stored. */
type WorkerReply =
  | { readonly key: string; readonly ok: true; readonly result: PartitionReply }
  | { readonly key: string; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly stack?: string; readonly retryable: boolean } };

interface WorkerInit {
  readonly role: typeof WORKER_ROLE;
  readonly storage: StorageConfig;
  readonly runId: string;
  readonly design: string;
  readonly manifest: RunManifest;
  readonly outputCompression?: OutputCompression;
}

function outputOption(c: OutputCompression | undefined): { outputCompression?: OutputCompression } {
  return c === undefined ? {} : { outputCompression: c };
}

function openStorage(config: StorageConfig, env: Readonly<Record<string, string | undefined>> = process.env): WorkloadStorage {
  return config.kind === 'local' ? new LocalStorage(config.roots, config.stripPrefix) : new S3Storage(createS3Client(env), config.buckets);
}

/** Process partitions with a pool; largest first, so a hot partition does not start last. */
export async function runPartitions(opts: PoolOptions): Promise<PoolResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const manifest = opts.manifest ?? (await loadManifest(opts.storage, opts.runId));
  const entries = manifest.manifest.partitions;
  const queue = [...entries].sort((a, b) => b.events - a.events || (a.key < b.key ? -1 : 1)).map((p) => p.key);
  const ledger = new RunLedger(opts, queue.length);
  const workers = Math.max(1, Math.min(Math.floor(opts.workers), queue.length));
  if (opts.workers <= 1 || queue.length <= 1) {
    await runInThisThread(queue, manifest, opts, ledger);
  } else {
    await runThreads(workers, queue, {
      init: { role: WORKER_ROLE, storage: opts.storage.config, runId: opts.runId, design: opts.design, manifest: manifest.manifest, ...outputOption(opts.outputCompression) },
      onDone: (key, r) => ledger.done(key, r),
      onRetryable: (key, message) => ledger.retryable(key, message),
      signal: opts.signal,
    });
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    runId: opts.runId,
    workers: opts.workers <= 1 ? 1 : workers,
    ...inManifestOrder(entries, ledger.results),
    wallMs: Math.round(performance.now() - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

/** The run's book of partitions: each one's result, its attempts so far, and the crash fault's trigger. */
class RunLedger {
  readonly results = new Map<string, PartitionReply>();
  private readonly attempts = new Map<string, number>();
  private completed = 0;

  constructor(
    private readonly opts: PoolOptions,
    private readonly total: number,
  ) {}

  /** A partition finished (ok, or failed on its data); may end the process on the crash fault. */
  async done(key: string, r: PartitionReply): Promise<void> {
    const opts = this.opts;
    this.results.set(key, r);
    this.completed++;
    opts.onPartition?.(r.outcome, this.completed, this.total);
    const crashAt = opts.crashAfterPartitions ?? 0;
    if (crashAt > 0 && this.completed === crashAt) {
      const first = await opts.storage.putIfAbsent('audit', KEYS.crashMarker(opts.runId), JSON.stringify({ crashedAfterPartitions: crashAt }));
      // A retry finds the marker and runs to the end; the first attempt dies like an OOM-killed container.
      if (first) (opts.exit ?? process.exit)(137);
    }
  }

  /** A storage error: true to retry the partition, false when it failed for good after maxAttempts. */
  retryable(key: string, message: string): boolean {
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    if (n < (this.opts.maxAttempts ?? 3)) return true;
    const reason = `storage error after ${n} attempts: ${message}`;
    this.results.set(key, { outcome: { key, status: 'failed', reason }, summary: failedSummary(key, reason), profile: emptyProfile(key, this.opts.design) });
    this.completed++;
    this.opts.onPartition?.({ key, status: 'failed', reason }, this.completed, this.total);
    return false;
  }
}

/** One worker: the partitions one after another in the calling thread, retried at the back of the queue. */
async function runInThisThread(queue: string[], manifest: LoadedManifest, opts: PoolOptions, ledger: RunLedger): Promise<void> {
  while (queue.length > 0) {
    opts.signal?.throwIfAborted();
    const key = queue.shift()!;
    let r: PartitionJobResult;
    try {
      r = await processPartition({ storage: opts.storage, runId: opts.runId, key, manifest, design: opts.design, ...outputOption(opts.outputCompression) });
    } catch (e) {
      if (!(e instanceof StorageError)) throw e;
      if (ledger.retryable(key, e.message)) queue.push(key);
      continue;
    }
    await ledger.done(key, r);
  }
}

/** The run's summary, outcomes and profiles, in manifest order. */
function inManifestOrder(
  entries: readonly { readonly key: string }[],
  results: ReadonlyMap<string, PartitionReply>,
): Pick<PoolResult, 'summary' | 'outcomes' | 'profiles'> {
  let summary = emptySummary();
  const outcomes: PartitionOutcome[] = [];
  const profiles: StageProfile[] = [];
  for (const p of entries) {
    const r = results.get(p.key)!;
    summary = mergeSummaries(summary, r.summary);
    outcomes.push(r.outcome);
    profiles.push(r.profile);
  }
  return { summary, outcomes, profiles };
}

interface ThreadHooks {
  readonly init: WorkerInit;
  readonly onDone: (key: string, r: PartitionReply) => Promise<void>;
  readonly onRetryable: (key: string, message: string) => boolean;
  readonly signal?: AbortSignal;
}

function runThreads(n: number, queue: string[], hooks: ThreadHooks): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const pool: Worker[] = [];
    let busy = 0;
    let failed = false;
    let finished = false;
    const stopAll = () => {
      for (const w of pool) void w.terminate();
    };
    const die = (e: Error) => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(e);
    };
    const next = (w: Worker) => {
      const key = queue.shift();
      if (key === undefined) {
        if (busy === 0 && !finished) {
          finished = true;
          stopAll();
          resolve();
        }
        return;
      }
      busy++;
      w.postMessage({ key });
    };
    if (hooks.signal) {
      if (hooks.signal.aborted) return reject(hooks.signal.reason);
      hooks.signal.addEventListener('abort', () => die(hooks.signal!.reason instanceof Error ? hooks.signal!.reason : new Error('aborted')), { once: true });
    }
    for (let i = 0; i < n; i++) {
      const w = new Worker(__filename, { workerData: hooks.init, ...workerExecArgv() });
      pool.push(w);
      w.on('message', (reply: WorkerReply) => {
        busy--;
        const after = reply.ok
          ? hooks.onDone(reply.key, reply.result)
          : reply.error.retryable
            ? Promise.resolve(void (hooks.onRetryable(reply.key, reply.error.message) && queue.push(reply.key)))
            : Promise.reject(rebuildError(reply.error));
        after.then(
          () => {
            if (!failed) next(w);
          },
          (e: Error) => die(e),
        );
      });
      w.on('error', (e) => die(e));
      w.on('exit', (code) => {
        // terminate() ends a worker with code 1; only an exit we did not ask for is an error.
        if (code !== 0 && !finished) die(new Error(`worker thread exited with code ${code}`));
      });
      next(w);
    }
  });
}

/**
 * Workers run this same file. Compiled or bundled it is JavaScript; run from source (tsx, jest) it
 * is TypeScript, and the worker needs tsx's require hook, which worker threads do not inherit.
 */
function workerExecArgv(): { execArgv?: string[] } {
  if (!__filename.endsWith('.ts')) return {};
  // A computed specifier, so bundlers leave it alone: bundles never take this branch.
  const tsx = ['tsx', 'cjs'].join('/');
  return { execArgv: ['--require', require.resolve(tsx)] };
}

function rebuildError(e: { name: string; message: string; stack?: string }): Error {
  const err = e.name === 'AccountingInvariantError' ? new AccountingInvariantError(e.message) : new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

function emptyProfile(partition: string, design: string): StageProfile {
  const zero: StageTiming = { wallMs: 0, cpuMs: 0, bytes: 0 };
  const stages = { read: zero, decompress: zero, parse: zero, validate: zero, aggregate: zero, write: zero } as Record<Stage, StageTiming>;
  return { partition, design, cpuScope: 'process', events: 0, stages, totalWallMs: 0, totalCpuMs: 0 };
}

/** The worker side: process partitions as they are assigned, reply with the result or the error. */
function workerLoop(init: WorkerInit): void {
  const storage = openStorage(init.storage);
  const manifest = parseManifest(init.manifest);
  parentPort!.on('message', (msg: { key: string }) => {
    processPartition({ storage, runId: init.runId, key: msg.key, manifest, design: init.design, ...outputOption(init.outputCompression) }).then(
      (r) => parentPort!.postMessage({ key: msg.key, ok: true, result: { outcome: r.outcome, summary: r.summary, profile: r.profile } } satisfies WorkerReply),
      (e: unknown) => {
        const err = e instanceof Error ? e : Object.assign(new Error(errorMessage(e)), { name: (e as { name?: string } | null)?.name ?? 'Error' });
        parentPort!.postMessage({
          key: msg.key,
          ok: false,
          error: { name: err.name, message: err.message, stack: err.stack, retryable: err instanceof StorageError },
        } satisfies WorkerReply);
      },
    );
  });
}

/** The one-line JSON summary the task prints (and `scalesim process` reuses). */
export function summaryLine(r: PoolResult, design: string): Record<string, unknown> {
  const s = r.summary;
  return {
    runId: r.runId,
    design,
    workers: r.workers,
    partitions: s.partitions,
    input: s.input,
    curated: s.curated,
    quarantined: s.quarantined,
    duplicatesDropped: s.duplicatesDropped,
    accountingHolds: s.input === s.curated + s.quarantined + s.duplicatesDropped,
    failures: s.failures,
    wallMs: r.wallMs,
    cpuMs: r.cpuMs,
    stages: sumProfiles(r.profiles),
  };
}

/** Script entry: configuration from the environment, one JSON line out, an exit code. */
export async function main(env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const runId = env[ENV.runId];
  const workers = Number(env[ENV.workers] ?? '1');
  const crash = Number(env[ENV.faultCrashAfterPartitions] ?? '0');
  const design = env[ENV.design] ?? 'single-node';
  let storage: S3Storage;
  let outputCompression: OutputCompression;
  try {
    outputCompression = outputCompressionFrom(env);
    if (!runId) throw new Error(`missing environment variable ${ENV.runId}: the state machine passes the run id`);
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`${ENV.workers} must be a positive integer, got ${env[ENV.workers]}`);
    if (!Number.isInteger(crash) || crash < 0) throw new Error(`${ENV.faultCrashAfterPartitions} must be a non-negative integer, got ${env[ENV.faultCrashAfterPartitions]}`);
    storage = S3Storage.fromEnv(env);
  } catch (e) {
    console.log(JSON.stringify({ runId, design, error: errorMessage(e) }));
    return 2;
  }
  try {
    const r = await runPartitions({ runId, storage, workers, design, crashAfterPartitions: crash, outputCompression });
    console.log(JSON.stringify(summaryLine(r, design)));
    // A failed partition is a data problem with a recorded reason; failing the task would make the
    // state machine re-run every partition for nothing, and the two designs would disagree.
    return 0;
  } catch (e) {
    const err = e instanceof Error ? e : Object.assign(new Error(errorMessage(e)), { name: (e as { name?: string } | null)?.name ?? 'Error' });
    console.log(JSON.stringify({ runId, design, error: `${err.name}: ${err.message}` }));
    if (err.stack) console.error(err.stack);
    return err instanceof AccountingInvariantError ? 3 : 1;
  }
}

if (!isMainThread && (workerData as Partial<WorkerInit> | undefined)?.role === WORKER_ROLE) {
  workerLoop(workerData as WorkerInit);
} else if (isMainThread && require.main === module && /^task-runner\.[cm]?[jt]s$/.test(path.basename(process.argv[1] ?? ''))) {
  // In a bundle every module shares one `module`, so `require.main === module` alone would also be
  // true wherever this file is bundled into another program (e.g. the CLI); the script's name decides.
  void main().then((code) => {
    process.exitCode = code;
  });
}

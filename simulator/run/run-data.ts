import * as fs from 'fs';
import * as path from 'path';
import { CopyObjectCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { KEYS, RunManifest } from '../../lib/workload/contract';
import type { Zone } from '../../lib/workload/storage';
import { S3Storage } from '../../lib/workload/s3-storage';
import { generateRun } from '../generate/generator';
import { loadRegistryFile, readRegistryText } from '../generate/registry-file';
import { directorySink, storageSink } from '../generate/sinks';
import type { LoadedScenario } from '../scenario/load';
import type { Scenario } from '../scenario/schema';
import { parseUserJson, readUserText } from '../io/read-user-file';
import { MAX_MANIFEST_BYTES } from '../generate/verify-run';
import { deletePrefix } from './cleanup';
import { DATA_CACHE_DIR, cachedRun, cacheSlot, dataCacheCapBytes, dataCacheKey, pruneDataCache } from './data-cache';
import type { PreparedSample } from '../sample/prepare';
import { forEachLimited } from '../concurrency';

/** What a long step counts: generation counts events; landing and processing count partitions. */
export type ProgressUnit = 'events' | 'partitions';

/** Progress of one step of a run: a label, units done, units in total, their unit, and events done. */
export type StepProgress = (label: string, done: number, total: number, unit: ProgressUnit, events?: number) => void;

/**
 * Where a run's generated data comes from and how it lands in each design's raw zone. The first design
 * gets it one of two ways:
 * - `directory`: generated once into the local cache (or found there), then uploaded, streamed from
 *   disk, several partitions at a time;
 * - `stream`: data too large for the cache cap is generated straight into the raw zone (nothing on
 *   local disk).
 * Each later design gets a server-side copy (CopyObject) of the previous design's raw zone, whose
 * objects are deleted as they are copied: cheaper for the emulator than receiving the bytes again, and
 * it then holds one copy of the raw data at a time.
 */

/** Partitions uploaded or copied at once: enough to overlap the client, the gateway and moto. */
const LANDING_CONCURRENCY = 4;

/**
 * Bytes per event of generated data, for deciding whether a run fits the cache before generating it:
 * the envelope's ~430 bytes plus the mean log-normal payload, and gzip at about a fifth (measured on
 * the baseline: 672 B a line, 137 B gzip). An estimate; it only decides where data is kept.
 */
export function estimatedDataBytes(s: Scenario): number {
  const e = s.workload.eventSize;
  const payload = e.distribution === 'fixed' ? e.medianBytes : e.medianBytes * Math.exp((e.sigma * e.sigma) / 2);
  const line = payload + 430;
  return s.workload.events * line * (s.workload.compression === 'gzip' ? 0.21 : 1);
}

export interface RunDataOptions {
  readonly scenario: Scenario;
  readonly loaded: LoadedScenario;
  /** Reuse generated data from the cache. @default true */
  readonly useCache?: boolean;
  /** Keep data in the emulator (no deletion as it is copied). @default false */
  readonly keep?: boolean;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
  readonly now: () => number;
  /** Progress of generation (in events) and landing (in partitions). */
  readonly onProgress?: StepProgress;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default DATA_CACHE_DIR */
  readonly cacheRoot?: string;
  /**
   * The scenario's `workload.source`: replay this sample of real events instead of generating synthetic ones.
   * @default - synthetic events
   */
  readonly sample?: PreparedSample;
  /**
   * Keep a replayed sample's copy in the data cache for later runs. Without it the copy is generated into a
   * temporary folder that dispose() deletes, so copies of real data do not linger on disk.
   * @default false
   */
  readonly keepSampleData?: boolean;
}

interface Landed {
  readonly bucket: string;
  readonly runId: string;
}

export class RunData {
  private landed?: Landed;
  private streamManifest?: RunManifest;
  generateMs = 0;

  private constructor(
    private readonly o: RunDataOptions,
    readonly mode: 'directory' | 'stream',
    private readonly dir?: string,
    private dirManifest?: RunManifest,
    readonly cached = false,
    private transient?: { discard(): void },
  ) {}

  /** Deletes a replayed sample's temporary copy (nothing for cached or synthetic data). Call when the run ends. */
  dispose(): void {
    this.transient?.discard();
    this.transient = undefined;
  }

  /** Finds or generates the data (directory mode), or decides to stream it (too large for the cache). */
  static async prepare(o: RunDataOptions): Promise<RunData> {
    const s = o.scenario;
    const cap = dataCacheCapBytes(o.env);
    const root = o.cacheRoot ?? DATA_CACHE_DIR;
    pruneDataCache(root, { capBytes: cap, log: o.log });
    const key = dataCacheKey(s, readRegistryText(o.loaded.registryFile), o.sample?.sha256);
    const cached = o.useCache === false ? undefined : await cachedRun(key, root, { log: o.log, signal: o.signal });
    if (cached) {
      o.log(`reusing the generated data of an earlier run (deterministic: same scenario, seed and volume): ${cached.dir}`);
      return new RunData(o, 'directory', cached.dir, cached.manifest, true);
    }
    const estimate = estimatedDataBytes(s);
    if (estimate > cap / 2) {
      o.log(
        `the data (about ${(estimate / 1e9).toFixed(1)} GB) is more than half the ${(cap / 1e9).toFixed(0)} GB cache cap (SCALESIM_DATA_CACHE_GB): ` +
          'it is generated straight into the raw zone, not cached, and copied between designs inside the emulator',
      );
      return new RunData(o, 'stream');
    }
    o.log(generatingLine(o));
    const replay = o.sample ? await o.sample.pool() : undefined;
    const slot = cacheSlot(key, root, { capBytes: cap, log: o.log });
    const g0 = o.now();
    let manifest: RunManifest;
    try {
      manifest = await generateRun(s, loadRegistryFile(o.loaded.registryFile), directorySink(slot.dir), {
        scenarioHash: o.loaded.hash,
        signal: o.signal,
        onProgress: (done, total) => o.onProgress?.('generating', done, total, 'events', done),
        ...(replay ? { replay } : {}),
      });
    } catch (e) {
      slot.discard();
      throw e;
    }
    // A replayed sample's copy is temporary unless kept: it is deleted by dispose() when the run ends.
    const transient = o.sample && !o.keepSampleData;
    const data = new RunData(o, 'directory', transient ? slot.dir : slot.commit(), manifest, false, transient ? slot : undefined);
    data.generateMs = o.now() - g0;
    return data;
  }

  /** The generated data's local folder (directorySink's layout); none when it is streamed straight into the raw zone. */
  get localDir(): string | undefined {
    return this.mode === 'directory' ? this.dir : undefined;
  }

  /** The manifest, once known (directory mode: at once; stream mode: after the first landing). */
  get manifest(): RunManifest | undefined {
    return this.dirManifest ?? this.streamManifest;
  }

  /** Lands the run's data in `rawBucket` under `runId`; returns the manifest. */
  async land(s3: S3Client, rawBucket: string, runId: string, label: string): Promise<RunManifest> {
    const storage = new S3Storage(s3, { raw: rawBucket, curated: '', quarantine: '', audit: '' });
    let manifest: RunManifest;
    if (this.landed) {
      manifest = this.manifest!;
      await copyRun(s3, this.landed, { bucket: rawBucket, runId }, manifest, { deleteSource: !this.o.keep, signal: this.o.signal, onProgress: this.progress(label) });
      this.o.log(`${label}: copied the raw zone from the previous design's${this.o.keep ? '' : ', deleting it as it went'}`);
    } else if (this.mode === 'directory') {
      manifest = await uploadDirectory(s3, rawBucket, this.dir!, runId, this.progress(label));
    } else {
      const s = this.o.scenario;
      this.o.log(`${label}: ${generatingLine(this.o)} straight into the raw zone`);
      const replay = this.o.sample ? await this.o.sample.pool() : undefined;
      const g0 = this.o.now();
      manifest = await generateRun(s, loadRegistryFile(this.o.loaded.registryFile), storageSink(storage, runId), {
        scenarioHash: this.o.loaded.hash,
        signal: this.o.signal,
        onProgress: (done, total) => this.o.onProgress?.(`${label}: generating`, done, total, 'events', done),
        ...(replay ? { replay } : {}),
      });
      this.generateMs = this.o.now() - g0;
      this.streamManifest = manifest;
    }
    this.landed = { bucket: rawBucket, runId };
    return manifest;
  }

  /**
   * Zones to delete once this design's run is collected. The raw zone stays until the next design has
   * copied it (and the copy deletes it), except after the last design.
   */
  zonesToDelete(last: boolean): Zone[] {
    return last ? ['raw', 'curated', 'quarantine', 'audit'] : ['curated', 'quarantine', 'audit'];
  }

  private progress(label: string): LandingProgress {
    return (done, total, events) => this.o.onProgress?.(`${label}: landing`, done, total, 'partitions', events);
  }
}

/** What the data step is about to do, for the log. */
function generatingLine(o: RunDataOptions): string {
  const s = o.scenario;
  const w = s.workload;
  if (o.sample) {
    return `replaying the sample (${o.sample.files.files.length} file(s), sha256 ${o.sample.sha256.slice(0, 12)}): ${w.events.toLocaleString('en-US')} events resampled into ${w.partitions} partitions (seed ${s.seed})`;
  }
  return `generating ${w.events.toLocaleString('en-US')} events in ${w.partitions} partitions (seed ${s.seed})`;
}

type LandingProgress = (done: number, total: number, events: number) => void;

interface LandingOptions {
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: LandingProgress;
}

/**
 * Uploads a generated directory (directorySink's layout) to `<runId>/` in the raw zone: partitions
 * first, streamed from disk (never read whole into memory), several at once; the manifest last, so a
 * reader that finds it finds every partition.
 */
export async function uploadDirectory(s3: S3Client, bucket: string, dir: string, runId: string, onProgress?: LandingProgress, o: LandingOptions = {}): Promise<RunManifest> {
  const manifestFile = path.join(dir, 'manifest.json');
  const manifestText = readUserText(manifestFile, { what: 'manifest', maxBytes: MAX_MANIFEST_BYTES });
  const manifest = parseUserJson(manifestText, manifestFile) as RunManifest;
  let done = 0;
  let events = 0;
  await forEachLimited(manifest.partitions, o.concurrency ?? LANDING_CONCURRENCY, async (p) => {
    o.signal?.throwIfAborted();
    const file = path.join(dir, 'partitions', p.key);
    const size = fs.statSync(file).size;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: KEYS.rawPartition(runId, p.key),
        Body: fs.createReadStream(file, { highWaterMark: 1024 * 1024 }),
        ContentLength: size,
        ContentType: p.key.endsWith('.gz') ? 'application/gzip' : 'application/x-ndjson',
      }),
    );
    done++;
    events += p.events;
    onProgress?.(done, manifest.partitions.length, events);
  });
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: KEYS.manifest(runId), Body: manifestText, ContentType: 'application/json' }));
  return manifest;
}

/**
 * Copies a run's raw zone to another bucket and run id inside S3 (CopyObject: the bytes never leave the
 * service), deleting each source version as soon as it is copied when `deleteSource`; the manifest is
 * written last.
 */
export async function copyRun(
  s3: S3Client,
  from: Landed,
  to: Landed,
  manifest: RunManifest,
  o: LandingOptions & { readonly deleteSource: boolean },
): Promise<void> {
  let done = 0;
  let events = 0;
  await forEachLimited(manifest.partitions, o.concurrency ?? LANDING_CONCURRENCY, async (p) => {
    o.signal?.throwIfAborted();
    const source = KEYS.rawPartition(from.runId, p.key);
    const r = await s3.send(
      new CopyObjectCommand({ Bucket: to.bucket, Key: KEYS.rawPartition(to.runId, p.key), CopySource: encodeURIComponent(`${from.bucket}/${source}`) }),
    );
    if (o.deleteSource) {
      // The zones are versioned: only a delete by version id frees the bytes.
      await s3.send(new DeleteObjectCommand({ Bucket: from.bucket, Key: source, ...(r.CopySourceVersionId ? { VersionId: r.CopySourceVersionId } : {}) }));
    }
    done++;
    events += p.events;
    o.onProgress?.(done, manifest.partitions.length, events);
  });
  await s3.send(new PutObjectCommand({ Bucket: to.bucket, Key: KEYS.manifest(to.runId), Body: JSON.stringify(manifest, null, 2) + '\n', ContentType: 'application/json' }));
  // What else the previous design's run left in its raw zone (manifest, Map items, older versions).
  if (o.deleteSource) await deletePrefix(s3, from.bucket, `${from.runId}/`, o.signal);
}

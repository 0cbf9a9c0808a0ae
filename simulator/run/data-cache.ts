import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { RunManifest } from '../../lib/workload/contract';
import { errorMessage } from '../../lib/workload/error-message';
import { isAlive } from '../emulator/process-tree';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../generate/generator';
import { UserError } from '../errors';
import { treeBytes } from '../io/dir-bytes';
import { verifyRunDirectory } from '../generate/verify-run';
import type { Scenario } from '../scenario/schema';

/**
 * Generated data is a pure function of the scenario's workload, seed and data faults (the generator is
 * seeded and deterministic), so a run can reuse the data an earlier run generated. Entries live under
 * `.cache/generated/<key>/`; the newest few are kept, within a size cap (dataCacheCapBytes).
 */
export const DATA_CACHE_DIR = path.join(__dirname, '..', '..', '.cache', 'generated');
// A validated run keeps three volumes of one scenario; the e2e tests add a few small ones.
export const DATA_CACHE_KEEP = 10;
const GB = 1e9;
/** The default cap on the cache's total size. */
const DEFAULT_DATA_CACHE_GB = 8;

/** The cache's size cap in bytes: $SCALESIM_DATA_CACHE_GB, else DEFAULT_DATA_CACHE_GB. */
export function dataCacheCapBytes(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const v = env.SCALESIM_DATA_CACHE_GB;
  const gb = v === undefined || v.trim() === '' ? DEFAULT_DATA_CACHE_GB : Number(v);
  if (!Number.isFinite(gb) || gb < 0) throw new UserError(`SCALESIM_DATA_CACHE_GB must be a number of GB >= 0, got ${JSON.stringify(v)}`);
  return gb * GB;
}

export interface CacheLimits {
  /** @default dataCacheCapBytes() */
  readonly capBytes?: number;
  /** Told what was freed, if anything. */
  readonly log?: (line: string) => void;
}

/**
 * `sampleSha256`: the content hash of the sample a `workload.source` replays (sample/files.ts): the
 * scenario names the sample by path, and the same path may hold other bytes tomorrow.
 */
export function dataCacheKey(s: Scenario, registryText: string, sampleSha256?: string): string {
  const h = crypto.createHash('sha256');
  // How the workload writes its outputs does not change the input data.
  const workload: Partial<Scenario['workload']> = { ...s.workload };
  delete workload.outputCompression;
  h.update(JSON.stringify({ workload, seed: s.seed, data: s.faults.data, name: s.name, generator: `${GENERATOR_NAME}@${GENERATOR_VERSION}` }));
  h.update(registryText);
  if (sampleSha256 !== undefined) h.update(`\0sample:${sampleSha256}`);
  return h.digest('hex').slice(0, 24);
}

/**
 * The cached directory for `key` when it is complete and intact: verified like any generated folder
 * (verifyRunDirectory: the manifest's counts, and every partition's size and sha256), since a partition
 * corrupted to the same size would otherwise be reused. A damaged entry is removed, with the reason
 * logged, and the caller generates again.
 */
export async function cachedRun(
  key: string,
  root = DATA_CACHE_DIR,
  o: { log?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<{ dir: string; manifest: RunManifest } | undefined> {
  const dir = path.join(root, key);
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) return undefined;
  try {
    const manifest = await verifyRunDirectory(dir, { signal: o.signal });
    fs.utimesSync(dir, new Date(), new Date());
    return { dir, manifest };
  } catch (e) {
    if (o.signal?.aborted) throw e;
    o.log?.(`the cached data in ${dir} failed verification (${errorMessage(e)}); generating it again`);
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/**
 * A fresh directory to generate into; `commit` moves it into the cache (and prunes it to its cap),
 * `discard` removes it. Its name carries this process's id, so a slot left by a process that died
 * (killed, out of disk) is pruned.
 */
export function cacheSlot(key: string, root = DATA_CACHE_DIR, limits: CacheLimits = {}): { dir: string; commit(): string; discard(): void } {
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, `.tmp-${key}-${process.pid}-`));
  return {
    dir,
    commit() {
      const final = path.join(root, key);
      fs.rmSync(final, { recursive: true, force: true });
      fs.renameSync(dir, final);
      pruneDataCache(root, limits);
      return final;
    },
    discard() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Frees the disk of old entries: keeps the newest DATA_CACHE_KEEP entries whose total size stays within the cap
 * (the newest entry is always kept: a run is using it), and removes the slots of processes that are
 * gone. Returns what was removed (slots aside) and logs it.
 */
export function pruneDataCache(root = DATA_CACHE_DIR, limits: CacheLimits = {}): { entries: number; bytes: number } {
  if (!fs.existsSync(root)) return { entries: 0, bytes: 0 };
  const cap = limits.capBytes ?? dataCacheCapBytes();
  const all = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
  // Slots of processes that are gone: never committed, never discarded.
  for (const e of all) {
    const pid = /^\.tmp-[^-]+-(\d+)-/.exec(e.name)?.[1];
    if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) fs.rmSync(path.join(root, e.name), { recursive: true, force: true });
  }
  const entries = all
    .filter((e) => !e.name.startsWith('.tmp-'))
    .map((e) => ({ p: path.join(root, e.name), t: fs.statSync(path.join(root, e.name)).mtimeMs, bytes: treeBytes(path.join(root, e.name)) }))
    .sort((a, b) => b.t - a.t);
  let kept = 0;
  let freed = 0;
  let removed = 0;
  entries.forEach((e, i) => {
    if (i === 0 || (i < DATA_CACHE_KEEP && kept + e.bytes <= cap)) {
      kept += e.bytes;
      return;
    }
    fs.rmSync(e.p, { recursive: true, force: true });
    freed += e.bytes;
    removed++;
  });
  if (removed > 0) {
    limits.log?.(
      `freed ${sizeText(freed)} of cached generated data (${removed} older ${removed === 1 ? 'entry' : 'entries'} in ${path.relative(process.cwd(), root) || root}); the cache keeps at most ${DATA_CACHE_KEEP} entries within ${sizeText(cap)} (SCALESIM_DATA_CACHE_GB)`,
    );
  }
  return { entries: removed, bytes: freed };
}

/** `2.35 GB`, or `12.4 MB` / `3 kB` below a GB, so a small entry is not "0.00 GB". */
function sizeText(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1e3)} kB`;
}

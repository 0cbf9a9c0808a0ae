import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { RunManifest } from '../../lib/workload/contract';
import { errorMessage } from '../../lib/workload/error-message';
import { isAlive } from '../emulator/process-tree';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../generate/generator';
import { verifyRunDirectory } from '../generate/verify-run';
import type { Scenario } from '../scenario/schema';

/**
 * Generated data is a pure function of the scenario's workload, seed and data faults (the generator is
 * seeded and deterministic), so a run can reuse the data an earlier run generated. Entries live under
 * `.cache/generated/<key>/`; the newest few are kept.
 */
const DATA_CACHE_DIR = path.join(__dirname, '..', '..', '.cache', 'generated');
const KEEP = 3;

export function dataCacheKey(s: Scenario, registryText: string): string {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify({ workload: s.workload, seed: s.seed, data: s.faults.data, name: s.name, generator: `${GENERATOR_NAME}@${GENERATOR_VERSION}` }));
  h.update(registryText);
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
 * A fresh directory to generate into; `commit` moves it into the cache, `discard` removes it. Its name
 * carries this process's id, so a slot left by a process that died (killed, out of disk) is pruned.
 */
export function cacheSlot(key: string, root = DATA_CACHE_DIR): { dir: string; commit(): string; discard(): void } {
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, `.tmp-${key}-${process.pid}-`));
  return {
    dir,
    commit() {
      const final = path.join(root, key);
      fs.rmSync(final, { recursive: true, force: true });
      fs.renameSync(dir, final);
      prune(root);
      return final;
    },
    discard() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function prune(root: string): void {
  const all = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
  // Slots of processes that are gone: never committed, never discarded.
  for (const e of all) {
    const pid = /^\.tmp-[^-]+-(\d+)-/.exec(e.name)?.[1];
    if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) fs.rmSync(path.join(root, e.name), { recursive: true, force: true });
  }
  const entries = all
    .filter((e) => !e.name.startsWith('.tmp-'))
    .map((e) => ({ p: path.join(root, e.name), t: fs.statSync(path.join(root, e.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const e of entries.slice(KEEP)) fs.rmSync(e.p, { recursive: true, force: true });
}

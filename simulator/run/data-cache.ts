import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { RunManifest } from '../../lib/workload/contract';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../generate/generator';
import type { Scenario } from '../scenario/schema';

/**
 * Generated data is a pure function of the scenario's workload, seed and data faults (the generator is
 * seeded and deterministic), so a run can reuse the data an earlier run generated. Entries live under
 * `.cache/generated/<key>/`; the newest few are kept.
 */
export const DATA_CACHE_DIR = path.join(__dirname, '..', '..', '.cache', 'generated');
// A validated run keeps three volumes of one scenario; the e2e tests add a few small ones.
export const DATA_CACHE_KEEP = 10;

export function dataCacheKey(s: Scenario, registryText: string): string {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify({ workload: s.workload, seed: s.seed, data: s.faults.data, name: s.name, generator: `${GENERATOR_NAME}@${GENERATOR_VERSION}` }));
  h.update(registryText);
  return h.digest('hex').slice(0, 24);
}

/** The cached directory for `key` when it is complete and intact (every partition at its recorded size). */
export function cachedRun(key: string, root = DATA_CACHE_DIR): { dir: string; manifest: RunManifest } | undefined {
  const dir = path.join(root, key);
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as RunManifest;
    for (const p of manifest.partitions) {
      if (fs.statSync(path.join(dir, 'partitions', p.key)).size !== p.bytes) return undefined;
    }
    fs.utimesSync(dir, new Date(), new Date());
    return { dir, manifest };
  } catch {
    return undefined;
  }
}

/** A fresh directory to generate into; `commit` moves it into the cache, `discard` removes it. */
export function cacheSlot(key: string, root = DATA_CACHE_DIR): { dir: string; commit(): string; discard(): void } {
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, `.tmp-${key}-`));
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
  const entries = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.tmp-'))
    .map((e) => ({ p: path.join(root, e.name), t: fs.statSync(path.join(root, e.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const e of entries.slice(DATA_CACHE_KEEP)) fs.rmSync(e.p, { recursive: true, force: true });
}

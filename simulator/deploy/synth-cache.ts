import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Scenario } from '../scenario/schema';
import { synthesize } from './synth';

/**
 * Synthesis is a pure function of the scenario, the CDK app's source (lib/ with the AWS limits,
 * simulator/scenario, simulator/deploy's stack props, cdk.json) and the locked dependencies, so an assembly synthesized earlier from
 * the same inputs is reused: copied from `.cache/assembly/<key>/` instead of built again (about 5 s on
 * two cores, cdk-nag included). Anything that could change the templates changes the key.
 */
const ROOT = path.join(__dirname, '..', '..');
const ASSEMBLY_CACHE_DIR = path.join(ROOT, '.cache', 'assembly');
const KEEP = 6;
/** Source trees whose every file is part of the key. */
const INPUT_DIRS = ['lib', path.join('simulator', 'scenario'), path.join('simulator', 'deploy')];
const INPUT_FILES = ['cdk.json', 'package-lock.json'];

export function assemblyCacheKey(scenario: Scenario): string {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify(scenario));
  h.update(process.version);
  const files = [...INPUT_FILES.map((f) => path.join(ROOT, f)), ...INPUT_DIRS.flatMap((d) => listFiles(path.join(ROOT, d)))].sort();
  for (const f of files) {
    h.update(path.relative(ROOT, f));
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : 'missing');
  }
  return h.digest('hex').slice(0, 24);
}

/** Synthesizes into `outdir`, or copies the assembly of an earlier synthesis of the same inputs. Returns whether it was reused. */
export function synthesizeCached(scenario: Scenario, outdir: string, root = ASSEMBLY_CACHE_DIR): { reused: boolean; key: string } {
  const key = assemblyCacheKey(scenario);
  const cached = path.join(root, key);
  fs.rmSync(outdir, { recursive: true, force: true });
  if (copyCached(cached, outdir)) return { reused: true, key };
  synthesize(scenario, outdir);
  store(root, key, outdir);
  return { reused: false, key };
}

/**
 * Copies a complete cache entry into `outdir`. Another process may prune or replace the entry while it
 * is copied (commands and test workers share the cache): then the copy is dropped and the caller
 * synthesizes, as on a miss.
 */
function copyCached(cached: string, outdir: string): boolean {
  if (!fs.existsSync(path.join(cached, '.complete'))) return false;
  try {
    fs.cpSync(cached, outdir, { recursive: true, filter: (src) => path.basename(src) !== '.complete' });
    fs.utimesSync(cached, new Date(), new Date());
    return true;
  } catch {
    fs.rmSync(outdir, { recursive: true, force: true });
    return false;
  }
}

/** Stores a fresh synthesis under its key, unless another process stored the same key meanwhile. */
function store(root: string, key: string, outdir: string): void {
  const cached = path.join(root, key);
  let tmp: string | undefined;
  try {
    if (fs.existsSync(path.join(cached, '.complete'))) return;
    tmp = fs.mkdtempSync(path.join(ensureDir(root), `.tmp-${key}-`));
    fs.cpSync(outdir, tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, '.complete'), '');
    fs.rmSync(cached, { recursive: true, force: true });
    fs.renameSync(tmp, cached);
    tmp = undefined;
    prune(root);
  } catch {
    // A cache that cannot be written only costs the next run a synthesis.
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function ensureDir(d: string): string {
  fs.mkdirSync(d, { recursive: true });
  return d;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : e.isFile() ? [p] : [];
  });
}

function prune(root: string): void {
  const entries = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.tmp-'))
    .map((e) => ({ p: path.join(root, e.name), t: fs.statSync(path.join(root, e.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const e of entries.slice(KEEP)) fs.rmSync(e.p, { recursive: true, force: true });
}

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import { UserError } from '../../errors';
import { formatIssues } from '../../scenario/load';
import type { PriceSnapshotRef } from '../../results/cost';
import { priceSnapshotSchema, type PriceSnapshot } from './schema';

/**
 * Finding and reading price snapshots. The default is the newest snapshot in the repository's
 * `pricing/` folder for the region; `--prices FILE` names one explicitly.
 */

/** The repository's `pricing/` folder: from the source tree (tsx, jest) or from `dist/` after a build. */
export const DEFAULT_PRICING_DIR: string = [
  path.join(__dirname, '..', '..', '..', 'pricing'),
  path.join(__dirname, '..', '..', '..', '..', 'pricing'),
].find((dir) => fs.existsSync(dir)) ?? path.join(__dirname, '..', '..', '..', 'pricing');

/** A validated snapshot and where it came from. */
export interface LoadedPriceSnapshot {
  readonly snapshot: PriceSnapshot;
  /** How reports name the file: relative to the repository for bundled snapshots, else absolute. */
  readonly file: string;
  /** Absolute path. */
  readonly path: string;
  /** sha256 of the file's bytes, so that a report pins the exact prices it used. */
  readonly sha256: string;
}

export function snapshotRef(loaded: LoadedPriceSnapshot): PriceSnapshotRef {
  return { file: loaded.file, date: loaded.snapshot.date, sha256: loaded.sha256, source: loaded.snapshot.source.kind };
}

export interface LoadPricesOptions {
  /** The region the costs are for; a snapshot for another region is refused. */
  readonly region: string;
  /**
   * A snapshot file (`--prices`), resolved against `cwd`.
   * @default - the newest snapshot for the region in `dir`
   */
  readonly file?: string;
  /**
   * Folder searched when no file is given.
   * @default DEFAULT_PRICING_DIR
   */
  readonly dir?: string;
  /**
   * Base for a relative `file`.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

export function loadPriceSnapshot(options: LoadPricesOptions): LoadedPriceSnapshot {
  const loaded = options.file
    ? readPriceSnapshotFile(path.resolve(options.cwd ?? process.cwd(), options.file))
    : newestSnapshot(options.dir ?? DEFAULT_PRICING_DIR, options.region);
  if (loaded.snapshot.region !== options.region) {
    throw new UserError(
      `${loaded.file} has prices for ${loaded.snapshot.region}, not ${options.region}; pass a snapshot for ${options.region} or run: scalesim prices refresh --region ${options.region}`,
    );
  }
  return loaded;
}

export function readPriceSnapshotFile(file: string): LoadedPriceSnapshot {
  const abs = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (e) {
    throw new UserError(`cannot read price snapshot ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const display = displayName(abs);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new UserError(`${display}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    snapshot: parsePriceSnapshot(raw, display),
    file: display,
    path: abs,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Validates a snapshot object; `source` names it in error messages. */
export function parsePriceSnapshot(raw: unknown, source = 'price snapshot'): PriceSnapshot {
  const result = priceSnapshotSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new UserError(`${source}: not a price snapshot: ${formatSnapshotIssues(result.error.issues)}`);
  return result.data;
}

/** Like the scenario's messages, but unknown keys list the keys the snapshot format allows there. */
function formatSnapshotIssues(issues: readonly z.core.$ZodIssue[], max = 3): string {
  const parts = issues.slice(0, max).map((issue) => {
    if (issue.code !== 'unrecognized_keys') return formatIssues([issue]);
    const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}; allowed: ${allowedKeysAt(issue.path).join(', ') || '(see simulator/cost/prices/schema.ts)'}`;
  });
  return parts.join('; ') + (issues.length > max ? ` (and ${issues.length - max} more)` : '');
}

interface SchemaNode {
  readonly def?: { type?: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; valueType?: unknown; element?: unknown };
}

/** The keys the snapshot schema allows at `pathParts`, walking objects, records and arrays. */
function allowedKeysAt(pathParts: readonly PropertyKey[]): string[] {
  const unwrap = (node: unknown): SchemaNode | undefined => {
    let cur = node as SchemaNode | undefined;
    for (let i = 0; i < 10 && cur?.def && !['object', 'record', 'array'].includes(cur.def.type ?? ''); i++) {
      cur = (cur.def.innerType ?? cur.def.in) as SchemaNode | undefined;
    }
    return cur;
  };
  let node = unwrap(priceSnapshotSchema);
  for (const part of pathParts) {
    const def = node?.def;
    if (!def) return [];
    if (def.type === 'object') node = unwrap(def.shape?.[String(part)]);
    else if (def.type === 'record') node = unwrap(def.valueType);
    else if (def.type === 'array') node = unwrap(def.element);
    else return [];
  }
  return node?.def?.type === 'object' ? Object.keys(node.def.shape ?? {}) : [];
}

function newestSnapshot(dir: string, region: string): LoadedPriceSnapshot {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch (e) {
    throw new UserError(`cannot read the pricing folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const all = names.sort().map((n) => readPriceSnapshotFile(path.join(dir, n)));
  const forRegion = all.filter((s) => s.snapshot.region === region);
  if (forRegion.length === 0) {
    const have = [...new Set(all.map((s) => s.snapshot.region))].sort();
    throw new UserError(
      `no price snapshot for ${region} in ${dir} (have: ${have.join(', ') || 'none'}); run: scalesim prices refresh --region ${region}`,
    );
  }
  // Dates compare as strings: '2026-11' < '2026-11-27' < '2026-12'. Ties go to the later file name.
  return forRegion.reduce((best, s) => (s.snapshot.date >= best.snapshot.date ? s : best));
}

/** Repository-relative for files under the repository root, absolute elsewhere. */
function displayName(abs: string): string {
  const root = path.dirname(DEFAULT_PRICING_DIR);
  const rel = path.relative(root, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
}

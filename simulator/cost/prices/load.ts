import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../errors';
import { decodeUserText, parseUserJson, readUserFile } from '../../io/read-user-file';
import { formatIssues } from '../../zod-issues';
import type { LoadedPriceSnapshot } from './loaded';
import { PRICE_SNAPSHOT_SCHEMA_VERSION, priceSnapshotSchema, type PriceSnapshot } from './schema';

/**
 * Finding and reading price snapshots. The default is the newest snapshot in the repository's
 * `pricing/` folder for the region; `--prices FILE` names one explicitly.
 */

/** The repository's `pricing/` folder: from the source tree (tsx, jest) or from `dist/` after a build. */
export const DEFAULT_PRICING_DIR: string = [
  path.join(__dirname, '..', '..', '..', 'pricing'),
  path.join(__dirname, '..', '..', '..', '..', 'pricing'),
].find((dir) => fs.existsSync(dir)) ?? path.join(__dirname, '..', '..', '..', 'pricing');

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

/** Largest price snapshot read; the bundled one is about 10 KB. */
const MAX_SNAPSHOT_BYTES = 10_000_000;

export function readPriceSnapshotFile(file: string): LoadedPriceSnapshot {
  const abs = path.resolve(file);
  const display = displayName(abs);
  const bytes = readUserFile(abs, { what: 'price snapshot', display: file, maxBytes: MAX_SNAPSHOT_BYTES });
  const raw = parseUserJson(decodeUserText(bytes, display), display);
  return {
    snapshot: parsePriceSnapshot(raw, display),
    file: display,
    path: abs,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Validates a snapshot object; `source` names it in error messages. */
export function parsePriceSnapshot(raw: unknown, source = 'price snapshot'): PriceSnapshot {
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version < PRICE_SNAPSHOT_SCHEMA_VERSION) {
    throw new UserError(
      `${source}: price snapshot schemaVersion ${version} has no prices for the resources the templates deploy (VPC endpoints, KMS, alarms, log storage, ...); this scalesim reads version ${PRICE_SNAPSHOT_SCHEMA_VERSION}: use the bundled pricing/aws-us-east-1.json or run \`scalesim prices refresh\``,
    );
  }
  const result = priceSnapshotSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new UserError(`${source}: not a price snapshot: ${formatIssues(result.error.issues, { root: priceSnapshotSchema, unknownKeysHint: '(see simulator/cost/prices/schema.ts)' })}`);
  return result.data;
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

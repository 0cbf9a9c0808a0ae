import { PricingClient } from '@aws-sdk/client-pricing';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PRICING_DIR, loadPriceSnapshot, readPriceSnapshotFile } from '../../cost/prices/load';
import { priceListEndpointRegion, refreshPrices } from '../../cost/prices/refresh';
import type { PriceSnapshot } from '../../cost/prices/schema';
import { UserError } from '../../errors';
import { defineCommand } from '../command';
import { regionFlag } from '../flags';

/** The bundled snapshot whose free tiers and minimums a refresh for a region without one starts from. */
const BUNDLED_BASE = path.join(DEFAULT_PRICING_DIR, 'aws-us-east-1.json');

const refreshCommand = defineCommand({
  command: 'refresh',
  describe: 'Read live on-demand prices from the AWS Price List API (GetProducts) and write a dated snapshot',
  options: ['region', 'out'],
  examples: [
    ['$0 prices refresh --region us-east-1', 'Write pricing/aws-us-east-1-<date>.json; cost commands then use it'],
    ['$0 prices refresh --region us-east-1 --out pricing/aws-us-east-1.json', 'Replace the bundled snapshot'],
  ],
  async run(args, deps) {
    const region = regionFlag(args);
    const base = baseSnapshot(region);
    const endpointRegion = priceListEndpointRegion(region);
    // Retries are refreshPrices' own (backoff with jitter), so the SDK makes one attempt per call.
    const client = new PricingClient({ region: endpointRegion, maxAttempts: 1 });
    try {
      const { snapshot, kept } = await refreshPrices(region, {
        client,
        endpointRegion,
        base: base.snapshot,
        baseName: `${base.file} (${base.snapshot.date})`,
        now: deps.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      });
      const out = outFile(args.out, region, snapshot.date, deps.cwd);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, `${JSON.stringify(snapshot, null, 2)}\n`);
      const changed = changedPrices(base.snapshot, snapshot);
      deps.stdout.write(
        `wrote ${readPriceSnapshotFile(out).file}: prices for ${region} from GetProducts (endpoint ${endpointRegion}), dated ${snapshot.date}\n` +
          (kept.length ? `  not returned, kept from ${base.file}: ${kept.join(', ')}\n` : '') +
          (changed.length ? `  changed since ${base.file} (${base.snapshot.date}):\n${changed.map((c) => `    ${c}\n`).join('')}` : `  no price changed since ${base.file} (${base.snapshot.date})\n`),
      );
      return 0;
    } finally {
      client.destroy();
    }
  },
});

export const pricesCommand = defineCommand({
  command: 'prices',
  describe: 'Manage the dated price snapshots in pricing/',
  options: [],
  examples: [['$0 prices refresh --region us-east-1', 'Refresh us-east-1 prices from the Price List API']],
  subcommands: [refreshCommand],
  async run() {
    return 0;
  },
});

/** The newest snapshot for the region, or the bundled us-east-1 one for its free tiers and minimums. */
function baseSnapshot(region: string) {
  try {
    return loadPriceSnapshot({ region });
  } catch (e) {
    if (!(e instanceof UserError) || !/no price snapshot for/.test(e.message)) throw e;
    return readPriceSnapshotFile(BUNDLED_BASE);
  }
}

/** `--out` may name a file (`*.json`) or a folder; the default is pricing/aws-<region>-<date>.json. */
function outFile(out: string | undefined, region: string, date: string, cwd: string): string {
  const name = `aws-${region}-${date}.json`;
  if (!out) return path.join(DEFAULT_PRICING_DIR, name);
  const abs = path.resolve(cwd, out);
  return /\.json$/i.test(out) ? abs : path.join(abs, name);
}

/** `path: old → new` for every USD value that differs between two snapshots. */
export function changedPrices(before: PriceSnapshot, after: PriceSnapshot): string[] {
  const flat = (node: unknown, prefix: string, out: Map<string, number>): Map<string, number> => {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'usd' && typeof v === 'number') out.set(prefix, v);
        else flat(v, prefix ? `${prefix}.${k}` : k, out);
      }
    }
    return out;
  };
  const a = flat(before.prices, '', new Map());
  const b = flat(after.prices, '', new Map());
  const changes: string[] = [];
  for (const [key, value] of b) {
    const old = a.get(key);
    if (old !== value) changes.push(`${key}: ${old === undefined ? '(new)' : old} → ${value}`);
  }
  return changes;
}

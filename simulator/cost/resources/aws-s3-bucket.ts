import { BYTES_PER_GB, STORAGE_ZONES, type StorageZone } from '../usage';
import { bytes, DAYS_PER_MONTH, unpriced, usd, type PricingContext, type ResourcePrice, type ResourceRule, type TemplateResource } from './rule';

/**
 * AWS::S3::Bucket: the requests a run makes to the bucket and the storage of the bytes it leaves
 * there, under the bucket's OWN lifecycle rules: days in Standard, then in each class a transition
 * moves the bytes to, until the expiration (forever without one). In month N the bucket holds the
 * runs of the last min(lifetime, N − 0.5) months, so a zone that never expires keeps growing: the
 * line shows month 1 and the horizon month. The data zones are recognized by their construct path
 * (`…/Zones/Raw/…`); the access-log bucket stores one log record per request to the zones.
 */
export const s3BucketRule: ResourceRule = {
  types: ['AWS::S3::Bucket'],
  price(resource, ctx) {
    const zone = zoneOf(resource);
    const lifecycle = lifecycleOf(resource);
    if (typeof lifecycle === 'string') return unpriced(lifecycle);
    if (zone === 'access-logs') {
      const requests = requestsPerRun(ctx);
      return storageLine(ctx, lifecycle, { bytes: requests * ctx.assumptions.accessLogBytesPerRequest, objects: 0 }, 0, 0, `server access logs: ${requests} requests per run × ${ctx.assumptions.accessLogBytesPerRequest} B (estimated)`);
    }
    const s3 = ctx.usage.s3;
    if (!s3.zones) {
      // Results written before the per-zone split: all S3 usage on the curated line, as 30 days of Standard.
      if (zone !== 'curated') return { pricing: 'usage', fixedMonthlyUsd: 0, perRunUsd: 0, reason: 'this usage has no per-zone split: the run\'s S3 usage is on the curated bucket\'s line', priceKeys: [] };
      const legacy: Lifecycle = { expirationDays: DAYS_PER_MONTH, transitions: [] };
      return storageLine(ctx, legacy, { bytes: s3.storedBytes, objects: 0 }, s3.putRequests + (s3.copyRequests ?? 0) + s3.listRequests, s3.getRequests + (s3.headRequests ?? 0), 'all of the run\'s S3 usage (no per-zone split in this usage), stored 30 days in Standard as before the split');
    }
    if (zone === undefined) return { pricing: 'usage', fixedMonthlyUsd: 0, perRunUsd: 0, reason: 'not a data zone: the run stores nothing in it', priceKeys: [] };
    const z = s3.zones[zone] ?? { bytes: 0, objects: 0 };
    const tier1 = z.objects + (zone === 'raw' ? s3.listRequests : 0);
    const tier2 = zone === 'raw' ? s3.getRequests + (s3.headRequests ?? 0) : 0;
    const what = zone === 'raw' ? `the run lands ${z.objects} objects, ${bytes(z.bytes)}; ${tier2} GETs read them` : `the run writes ${z.objects} objects, ${bytes(z.bytes)}`;
    return storageLine(ctx, lifecycle, z, tier1, tier2, what);
  },
};

interface Lifecycle {
  /** null: never expires. */
  readonly expirationDays: number | null;
  readonly transitions: readonly { readonly days: number; readonly storageClass: string }[];
}

/** The zone a bucket holds, from its construct path; `access-logs` for the log bucket. */
export function zoneOf(resource: TemplateResource): StorageZone | 'access-logs' | undefined {
  const m = /\/Zones\/([A-Za-z]+)\//.exec(`${resource.cdkPath}/`);
  if (!m) return undefined;
  const name = m[1].toLowerCase();
  if (name === 'accesslogs') return 'access-logs';
  return (STORAGE_ZONES as readonly string[]).includes(name) ? (name as StorageZone) : undefined;
}

/** The enabled whole-bucket rules: earliest expiration and the transitions before it; a message when unreadable. */
function lifecycleOf(resource: TemplateResource): Lifecycle | string {
  const rules = ((resource.properties.LifecycleConfiguration as { Rules?: unknown[] } | undefined)?.Rules ?? []) as {
    Status?: string;
    ExpirationInDays?: number;
    Prefix?: string;
    Filter?: unknown;
    Transitions?: { StorageClass?: string; TransitionInDays?: number }[];
  }[];
  let expirationDays: number | null = null;
  const transitions: { days: number; storageClass: string }[] = [];
  for (const r of rules) {
    if (r.Status !== 'Enabled') continue;
    if ((r.Prefix && r.Prefix !== '') || (r.Filter && JSON.stringify(r.Filter) !== '{}')) continue;
    if (typeof r.ExpirationInDays === 'number') expirationDays = Math.min(expirationDays ?? Infinity, r.ExpirationInDays);
    for (const t of r.Transitions ?? []) {
      if (typeof t.TransitionInDays !== 'number' || !t.StorageClass) return `a lifecycle transition without TransitionInDays or StorageClass cannot be priced`;
      if (!(t.StorageClass in CLASS_PRICE_KEYS)) return `lifecycle transition to ${t.StorageClass}: that storage class is not in the price table`;
      transitions.push({ days: t.TransitionInDays, storageClass: t.StorageClass });
    }
  }
  transitions.sort((a, b) => a.days - b.days);
  return { expirationDays, transitions: transitions.filter((t) => expirationDays === null || t.days < expirationDays) };
}

const CLASS_PRICE_KEYS: Readonly<Record<string, { readonly storage: string; readonly transition: string }>> = {
  STANDARD_IA: { storage: 's3Lifecycle.standardIaStoragePerGbMonth', transition: 's3Lifecycle.transitionToStandardIaPerRequest' },
  GLACIER_IR: { storage: 's3Lifecycle.glacierInstantRetrievalStoragePerGbMonth', transition: 's3Lifecycle.transitionToGlacierInstantRetrievalPerRequest' },
};

function classPrices(ctx: PricingContext, storageClass: string): { storage: number; transition: number } {
  const l = ctx.resourcePrices.s3Lifecycle;
  if (storageClass === 'STANDARD_IA') return { storage: l.standardIaStoragePerGbMonth, transition: l.transitionToStandardIaPerRequest };
  if (storageClass === 'GLACIER_IR') return { storage: l.glacierInstantRetrievalStoragePerGbMonth, transition: l.transitionToGlacierInstantRetrievalPerRequest };
  // Standard; the first tier, as the zones stay far below 50 TB.
  return { storage: ctx.prices.s3.storagePerGbMonth[0].usd, transition: 0 };
}

/** USD one run's bytes and objects cost in month `month` under the lifecycle. */
function storagePerRun(ctx: PricingContext, lc: Lifecycle, z: { bytes: number; objects: number }, month: number): number {
  const ageCapDays = Math.max(0, month - 0.5) * DAYS_PER_MONTH;
  const end = Math.min(lc.expirationDays ?? Infinity, ageCapDays);
  const segments = [{ from: 0, storageClass: 'STANDARD' }, ...lc.transitions.map((t) => ({ from: t.days, storageClass: t.storageClass }))];
  let total = 0;
  segments.forEach((s, i) => {
    const to = Math.min(end, segments[i + 1]?.from ?? Infinity);
    if (to <= s.from) return;
    const p = classPrices(ctx, s.storageClass);
    total += (z.bytes / BYTES_PER_GB) * ((to - s.from) / DAYS_PER_MONTH) * p.storage;
    if (i > 0) total += z.objects * p.transition;
  });
  return total;
}

function storageLine(ctx: PricingContext, lc: Lifecycle, z: { bytes: number; objects: number }, tier1: number, tier2: number, what: string): ResourcePrice {
  const p = ctx.prices.s3;
  const requests = tier1 * p.tier1PerRequest + tier2 * p.tier2PerRequest;
  const h = ctx.assumptions.horizonMonth;
  const perRun = requests + storagePerRun(ctx, lc, z, h);
  const month1 = ctx.runsPerMonth * (requests + storagePerRun(ctx, lc, z, 1));
  const path = [`Standard${lc.transitions[0] ? ` ${lc.transitions[0].days} d` : ''}`, ...lc.transitions.map((t, i) => `${t.storageClass}${lc.transitions[i + 1] ? ` to day ${lc.transitions[i + 1].days}` : ''}`)].join(' → ');
  const kept = lc.expirationDays === null ? `${path}, never expires: grows every month (month 1 ${usd(month1)}, month ${h} ${usd(ctx.runsPerMonth * perRun)})` : `${path}, expires after ${Math.round(lc.expirationDays)} d`;
  return {
    pricing: 'usage',
    fixedMonthlyUsd: 0,
    perRunUsd: perRun,
    month1Usd: month1,
    reason: `${what}; ${tier1} tier-1 and ${tier2} tier-2 requests; ${kept}`,
    priceKeys: ['s3.tier1PerRequest', 's3.tier2PerRequest', 's3.storagePerGbMonth', ...lc.transitions.flatMap((t) => [CLASS_PRICE_KEYS[t.storageClass].storage, CLASS_PRICE_KEYS[t.storageClass].transition])],
  };
}

/** Requests one run makes to the data zones (each leaves a server access log record). */
function requestsPerRun(ctx: PricingContext): number {
  const s3 = ctx.usage.s3;
  const landed = s3.zones?.raw?.objects ?? 0;
  return s3.putRequests + (s3.copyRequests ?? 0) + s3.listRequests + s3.getRequests + (s3.headRequests ?? 0) + landed;
}

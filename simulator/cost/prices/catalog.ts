import { UserError } from '../../errors';
import { usageTypeIs, type PriceListProduct } from './price-list';
import { PRICE_SNAPSHOT_SCHEMA_VERSION, type PriceSnapshot } from './schema';

/**
 * What `prices refresh` asks the Price List API for, and how each answer fills a snapshot field.
 * The filters follow Infracost's (see shared/AWS-FACTS.md). `usagetype` carries a region prefix
 * outside us-east-1 (and for some services inside it), so queries filter on `regionCode` and a
 * stable attribute (`group`, `productFamily`), and rules match the usage type without its prefix.
 */

export interface PriceQuery {
  readonly id: string;
  readonly serviceCode: string;
  /** TERM_MATCH filters; `regionCode` is always one of them. */
  readonly filters: Readonly<Record<string, string>>;
}

/** EC2 types priced for the memo's "one bigger machine" comparison. */
const DEFAULT_EC2_TYPES = ['m7g.large', 'c7g.large', 'm5.xlarge'] as const;

export function priceQueries(region: string, ec2Types: readonly string[] = DEFAULT_EC2_TYPES): PriceQuery[] {
  const r = { regionCode: region };
  return [
    { id: 'lambda-duration-x86_64', serviceCode: 'AWSLambda', filters: { ...r, group: 'AWS-Lambda-Duration' } },
    { id: 'lambda-duration-arm64', serviceCode: 'AWSLambda', filters: { ...r, group: 'AWS-Lambda-Duration-ARM' } },
    { id: 'lambda-requests-x86_64', serviceCode: 'AWSLambda', filters: { ...r, group: 'AWS-Lambda-Requests' } },
    { id: 'lambda-requests-arm64', serviceCode: 'AWSLambda', filters: { ...r, group: 'AWS-Lambda-Requests-ARM' } },
    { id: 'step-functions', serviceCode: 'AmazonStates', filters: { ...r } },
    { id: 'fargate', serviceCode: 'AmazonECS', filters: { ...r, productFamily: 'Compute' } },
    { id: 's3-requests', serviceCode: 'AmazonS3', filters: { ...r, productFamily: 'API Request' } },
    { id: 's3-storage', serviceCode: 'AmazonS3', filters: { ...r, productFamily: 'Storage', volumeType: 'Standard' } },
    { id: 'logs', serviceCode: 'AmazonCloudWatch', filters: { ...r, productFamily: 'Data Payload' } },
    // What the templates deploy besides the run (simulator/cost/resources).
    { id: 'logs-storage', serviceCode: 'AmazonCloudWatch', filters: { ...r, productFamily: 'Storage Snapshot' } },
    { id: 'cloudwatch-alarms', serviceCode: 'AmazonCloudWatch', filters: { ...r, productFamily: 'Alarm' } },
    { id: 'cloudwatch-metrics', serviceCode: 'AmazonCloudWatch', filters: { ...r, productFamily: 'Metric' } },
    { id: 's3-lifecycle-storage', serviceCode: 'AmazonS3', filters: { ...r, productFamily: 'Storage' } },
    { id: 'vpc-endpoints', serviceCode: 'AmazonVPC', filters: { ...r, productFamily: 'VpcEndpoint' } },
    { id: 'vpc-public-ipv4', serviceCode: 'AmazonVPC', filters: { ...r, productFamily: 'VPC Public IPv4 Address' } },
    { id: 'nat-gateway', serviceCode: 'AmazonEC2', filters: { ...r, productFamily: 'NAT Gateway' } },
    { id: 'kms', serviceCode: 'awskms', filters: { ...r } },
    { id: 'ecr', serviceCode: 'AmazonECR', filters: { ...r } },
    { id: 'sns', serviceCode: 'AmazonSNS', filters: { ...r, productFamily: 'API Request' } },
    { id: 'xray', serviceCode: 'AWSXRay', filters: { ...r } },
    ...ec2Types.map((type) => ({
      id: `ec2-${type}`,
      serviceCode: 'AmazonEC2',
      filters: { ...r, instanceType: type, operatingSystem: 'Linux', tenancy: 'Shared', capacitystatus: 'Used', preInstalledSw: 'NA' },
    })),
  ];
}

/** How one snapshot field is filled: from which query, by which usage type, as one price or tiers. */
interface FieldRule {
  readonly path: readonly string[];
  readonly query: string;
  readonly usagetype: string;
  /** `first-tier`: the first paid tier of a tiered price (the volume scalesim's resources stay in). */
  readonly shape: 'price' | 'tiers' | 'first-tier';
}

function fieldRules(ec2Types: readonly string[]): FieldRule[] {
  const rule = (path: string, query: string, usagetype: string, shape: FieldRule['shape'] = 'price'): FieldRule => ({
    path: path.split('.'),
    query,
    usagetype,
    shape,
  });
  return [
    rule('lambda.x86_64.durationPerGbSecond', 'lambda-duration-x86_64', 'Lambda-GB-Second', 'tiers'),
    rule('lambda.arm64.durationPerGbSecond', 'lambda-duration-arm64', 'Lambda-GB-Second-ARM', 'tiers'),
    rule('lambda.x86_64.perRequest', 'lambda-requests-x86_64', 'Request'),
    rule('lambda.arm64.perRequest', 'lambda-requests-arm64', 'Request-ARM'),
    rule('stepFunctions.standardPerTransition', 'step-functions', 'StateTransition'),
    rule('stepFunctions.expressPerRequest', 'step-functions', 'StepFunctions-Request'),
    rule('stepFunctions.expressDurationPerGbSecond', 'step-functions', 'StepFunctions-GB-Second', 'tiers'),
    rule('fargate.x86_64.perVcpuHour', 'fargate', 'Fargate-vCPU-Hours:perCPU'),
    rule('fargate.x86_64.perGbHour', 'fargate', 'Fargate-GB-Hours'),
    rule('fargate.arm64.perVcpuHour', 'fargate', 'Fargate-ARM-vCPU-Hours:perCPU'),
    rule('fargate.arm64.perGbHour', 'fargate', 'Fargate-ARM-GB-Hours'),
    rule('s3.tier1PerRequest', 's3-requests', 'Requests-Tier1'),
    rule('s3.tier2PerRequest', 's3-requests', 'Requests-Tier2'),
    rule('s3.storagePerGbMonth', 's3-storage', 'TimedStorage-ByteHrs', 'tiers'),
    rule('logs.ingestionPerGb', 'logs', 'DataProcessing-Bytes'),
    rule('logs.vendedIngestionPerGb', 'logs', 'VendedLog-Bytes', 'tiers'),
    rule('logs.storagePerGbMonth', 'logs-storage', 'TimedStorage-ByteHrs'),
    rule('cloudwatch.standardAlarmPerMonth', 'cloudwatch-alarms', 'CW:AlarmMonitorUsage'),
    rule('cloudwatch.highResolutionAlarmPerMonth', 'cloudwatch-alarms', 'CW:HighResAlarmMonitorUsage'),
    rule('cloudwatch.customMetricPerMonth', 'cloudwatch-metrics', 'CW:MetricMonitorUsage', 'first-tier'),
    rule('s3Lifecycle.standardIaStoragePerGbMonth', 's3-lifecycle-storage', 'TimedStorage-SIA-ByteHrs'),
    rule('s3Lifecycle.glacierInstantRetrievalStoragePerGbMonth', 's3-lifecycle-storage', 'TimedStorage-GIR-ByteHrs'),
    rule('s3Lifecycle.transitionToStandardIaPerRequest', 's3-requests', 'Requests-SIA-Tier1'),
    rule('s3Lifecycle.transitionToGlacierInstantRetrievalPerRequest', 's3-requests', 'Requests-GIR-Tier1'),
    rule('vpc.interfaceEndpointPerAzHour', 'vpc-endpoints', 'VpcEndpoint-Hours'),
    rule('vpc.interfaceEndpointPerGb', 'vpc-endpoints', 'VpcEndpoint-Bytes', 'first-tier'),
    rule('vpc.publicIpv4PerHour', 'vpc-public-ipv4', 'PublicIPv4:InUseAddress'),
    rule('vpc.natGatewayPerHour', 'nat-gateway', 'NatGateway-Hours'),
    rule('vpc.natGatewayPerGb', 'nat-gateway', 'NatGateway-Bytes'),
    rule('kms.perKeyMonth', 'kms', 'KMS-Keys'),
    rule('kms.perRequest', 'kms', 'KMS-Requests'),
    rule('ecr.storagePerGbMonth', 'ecr', 'TimedStorage-ByteHrs'),
    rule('sns.perRequest', 'sns', 'Requests-Tier1'),
    rule('xray.perTraceRecorded', 'xray', 'XRay-TracesStored'),
    ...ec2Types.map((type) => ({ path: ['ec2', type, 'perHour'], query: `ec2-${type}`, usagetype: `BoxUsage:${type}`, shape: 'price' as const })),
  ];
}

/**
 * Prices no query asks for (the Price List groups for them are not verified); a refresh carries them
 * over. AWS Budgets actions are not in the Price List at all.
 */
const CARRIED_PRICES = ['lambda.ephemeralStoragePerGbSecond', 'budgets.actionEnabledPerBudgetDay'] as const;

export interface RefreshMeta {
  readonly region: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly retrievedAt: string;
  readonly endpointRegion: string;
  readonly queries: readonly PriceQuery[];
  /** How the base snapshot is named in notes, e.g. `pricing/aws-us-east-1.json (2026-11)`. */
  readonly baseName: string;
}

export interface BuiltSnapshot {
  readonly snapshot: PriceSnapshot;
  /** Fields the API did not answer; they keep the base snapshot's values. */
  readonly kept: readonly string[];
}

/**
 * A new snapshot: the base snapshot's terms (free tiers, the Fargate minimum, anything the API was
 * not asked for) with every price the API returned written over it, each with its SKU rate code.
 */
export function snapshotFromProducts(
  base: PriceSnapshot,
  products: ReadonlyMap<string, readonly PriceListProduct[]>,
  meta: RefreshMeta,
  ec2Types: readonly string[] = DEFAULT_EC2_TYPES,
): BuiltSnapshot {
  const prices = structuredClone(base.prices) as unknown as Record<string, unknown>;
  const kept: string[] = [];
  for (const rule of fieldRules(ec2Types)) {
    const field = rule.path.join('.');
    const candidates = (products.get(rule.query) ?? []).filter(
      (p) => p.attributes.regionCode === meta.region && usageTypeIs(p, rule.usagetype),
    );
    if (candidates.length === 0) {
      if (getPath(prices, rule.path) === undefined) {
        throw new UserError(`GetProducts returned no ${rule.usagetype} price for ${meta.region}, and the base snapshot has no ${field} to keep`);
      }
      kept.push(field);
      continue;
    }
    const product = pickOne(candidates, field);
    const value = rule.shape === 'tiers' ? tiersOf(product, field) : rule.shape === 'first-tier' ? firstTierOf(product, field) : priceOf(product, field);
    setPath(prices, rule.path, value);
  }
  // Values copied from a snapshot for another region are that region's prices: flag them.
  const crossRegion = base.region !== meta.region;
  for (const field of [...kept, ...CARRIED_PRICES]) {
    const path = field.split('.');
    const value = getPath(prices, path) as { secondary?: boolean; source?: string; tiers?: { secondary?: boolean }[] } | undefined;
    if (!crossRegion || !value) continue;
    const source = `${base.region} value from ${meta.baseName}; not verified for ${meta.region}`;
    setPath(prices, path, value.tiers ? { ...value, source, tiers: value.tiers.map((t) => ({ ...t, secondary: true })) } : { ...value, secondary: true, source });
  }
  const snapshot: PriceSnapshot = {
    schemaVersion: PRICE_SNAPSHOT_SCHEMA_VERSION,
    region: meta.region,
    currency: 'USD',
    date: meta.date,
    source: {
      kind: 'price-list-api',
      description: `AWS Price List API GetProducts (endpoint region ${meta.endpointRegion}), on-demand prices filtered to regionCode ${meta.region}, read ${meta.retrievedAt}. Free tiers and billing minimums are not in the Price List; they come from ${meta.baseName}.`,
      references: ['https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html'],
      endpointRegion: meta.endpointRegion,
      retrievedAt: meta.retrievedAt,
      queries: meta.queries.map((q) => ({ id: q.id, serviceCode: q.serviceCode, filters: { ...q.filters } })),
    },
    notes: [
      ...base.notes,
      ...(kept.length ? [`Not returned by GetProducts, kept from ${meta.baseName}: ${kept.join(', ')}.`] : []),
      `Not asked of GetProducts, carried from ${meta.baseName}: ${CARRIED_PRICES.join(', ')}, the free tiers (Lambda, Step Functions, KMS, SNS, X-Ray, Budgets) and the Fargate minimum.`,
    ],
    prices: prices as unknown as PriceSnapshot['prices'],
  };
  return { snapshot, kept };
}

function pickOne(candidates: readonly PriceListProduct[], field: string): PriceListProduct {
  const first = candidates[0];
  const same = (p: PriceListProduct) =>
    p.onDemand.length === first.onDemand.length && p.onDemand.every((d, i) => d.usd === first.onDemand[i].usd && d.endRange === first.onDemand[i].endRange);
  if (!candidates.every(same)) {
    throw new UserError(`GetProducts returned ${candidates.length} different prices for ${field} (skus ${candidates.map((c) => c.sku).join(', ')}); refusing to guess`);
  }
  return first;
}

function provenance(product: PriceListProduct, rateCode: string): { sku: string; source: string } {
  return { sku: rateCode, source: `GetProducts ${product.serviceCode} ${product.attributes.usagetype ?? ''}`.trim() };
}

function priceOf(product: PriceListProduct, field: string): { usd: number; secondary: false; sku: string; source: string } {
  // A row may carry a $0 allowance before the paid range; the paid price is what a run pays.
  const paid = product.onDemand.filter((d) => d.usd > 0);
  const rows = paid.length ? paid : product.onDemand;
  if (rows.length === 0) throw new UserError(`GetProducts sku ${product.sku} (${field}) has no on-demand price`);
  if (rows.some((d) => d.usd !== rows[0].usd)) {
    throw new UserError(`GetProducts sku ${product.sku} (${field}) is tiered (${rows.length} prices); expected one price`);
  }
  return { usd: rows[0].usd, secondary: false, ...provenance(product, rows[0].rateCode) };
}

/** The first paid tier of a tiered price, flagged in its source. */
function firstTierOf(product: PriceListProduct, field: string): { usd: number; secondary: false; sku: string; source: string } {
  const paid = product.onDemand.filter((d) => d.usd > 0);
  if (paid.length === 0) throw new UserError(`GetProducts sku ${product.sku} (${field}) has no paid on-demand price`);
  const p = provenance(product, paid[0].rateCode);
  return { usd: paid[0].usd, secondary: false, sku: p.sku, source: `${p.source}, first tier${paid.length > 1 ? ` of ${paid.length}` : ''}` };
}

function tiersOf(product: PriceListProduct, field: string) {
  const dims = product.onDemand;
  if (dims.length === 0) throw new UserError(`GetProducts sku ${product.sku} (${field}) has no on-demand price`);
  let expectedBegin = 0;
  for (const d of dims) {
    if (d.beginRange !== expectedBegin) {
      throw new UserError(`GetProducts sku ${product.sku} (${field}): tier starting at ${d.beginRange} does not follow the previous one ending at ${expectedBegin}`);
    }
    expectedBegin = d.endRange ?? Number.POSITIVE_INFINITY;
  }
  if (dims[dims.length - 1].endRange !== null) {
    throw new UserError(`GetProducts sku ${product.sku} (${field}): the last tier ends at ${dims[dims.length - 1].endRange}, not Inf`);
  }
  return {
    tiers: dims.map((d) => ({ upTo: d.endRange, usd: d.usd, secondary: false })),
    ...provenance(product, dims[0].rateCode),
  };
}

function getPath(obj: Record<string, unknown>, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = obj;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

import { GetProductsCommand, PricingClient, type GetProductsCommandInput, type GetProductsCommandOutput } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../../../simulator/errors';
import { priceQueries, snapshotFromProducts } from '../../../../simulator/cost/prices/catalog';
import { loadPriceSnapshot } from '../../../../simulator/cost/prices/load';
import { parsePriceListItem } from '../../../../simulator/cost/prices/price-list';
import { priceListEndpointRegion, refreshPrices, type RefreshDeps } from '../../../../simulator/cost/prices/refresh';
import { priceSnapshotSchema } from '../../../../simulator/cost/prices/schema';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'pricing');
const readPage = (name: string): GetProductsCommandOutput => ({ ...JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')), $metadata: {} });

const bundled = loadPriceSnapshot({ region: 'us-east-1' });
const QUERIES = priceQueries('us-east-1');
/** Query id → its fixture pages; page 2 is served for page 1's NextToken. */
const PAGES: Record<string, string[]> = {
  'step-functions': ['step-functions.page-1.json', 'step-functions.page-2.json'],
  fargate: ['fargate.page-1.json', 'fargate.page-2.json'],
};

/** Serves the fixture page a real GetProducts call with this input would return. */
function answer(input: GetProductsCommandInput): GetProductsCommandOutput {
  const filters = Object.fromEntries((input.Filters ?? []).map((f) => [f.Field, f.Value]));
  const query = QUERIES.find((q) => q.serviceCode === input.ServiceCode && JSON.stringify(q.filters) === JSON.stringify(filters));
  if (!query) throw new Error(`no fixture for ${input.ServiceCode} ${JSON.stringify(filters)}`);
  const pages = PAGES[query.id] ?? [`${query.id}.json`];
  if (!input.NextToken) return readPage(pages[0]);
  const index = pages.findIndex((p) => readPage(p).NextToken === input.NextToken);
  if (index < 0 || index + 1 >= pages.length) throw Object.assign(new Error('The pagination token is invalid.'), { name: 'InvalidNextTokenException' });
  return readPage(pages[index + 1]);
}

const pricing = mockClient(PricingClient);
const NOW = Date.UTC(2026, 11, 3, 9, 30, 0);

function deps(overrides: Partial<RefreshDeps> = {}): RefreshDeps {
  return {
    client: new PricingClient({ region: 'us-east-1', maxAttempts: 1 }),
    endpointRegion: 'us-east-1',
    base: bundled.snapshot,
    baseName: 'pricing/aws-us-east-1.json (2026-11)',
    now: () => NOW,
    sleep: async () => undefined,
    random: () => 0.5,
    ...overrides,
  };
}

const awsError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} message`), { name, $metadata: {}, ...extra });

beforeEach(() => {
  pricing.reset();
  pricing.on(GetProductsCommand).callsFake(answer);
});

describe('refreshPrices against GetProducts responses in the real shape', () => {
  it('builds a dated, valid snapshot whose prices match the list prices, each with its rate code', async () => {
    const { snapshot, kept } = await refreshPrices('us-east-1', deps());
    expect(kept).toEqual([]);
    expect(() => priceSnapshotSchema.parse(snapshot)).not.toThrow();
    expect(snapshot.date).toBe('2026-12-03');
    expect(snapshot.source).toMatchObject({ kind: 'price-list-api', endpointRegion: 'us-east-1', retrievedAt: '2026-12-03T09:30:00.000Z' });
    expect(snapshot.source.queries?.map((q) => q.id)).toEqual(QUERIES.map((q) => q.id));

    const p = snapshot.prices;
    expect(p.lambda.x86_64.durationPerGbSecond.tiers).toEqual([
      { upTo: 6e9, usd: 0.0000166667, secondary: false },
      { upTo: 1.5e10, usd: 0.000015, secondary: false },
      { upTo: null, usd: 0.0000133334, secondary: false },
    ]);
    expect(p.lambda.arm64.durationPerGbSecond.tiers.map((t) => t.usd)).toEqual([0.0000133334, 0.0000120001, 0.0000106667]);
    expect(p.lambda.x86_64.perRequest).toMatchObject({ usd: 0.0000002, secondary: false, source: 'GetProducts AWSLambda Request' });
    expect(p.lambda.x86_64.perRequest.sku).toMatch(/\.JRTCKXETXF\./);
    expect(p.stepFunctions.standardPerTransition).toMatchObject({ usd: 0.000025, source: 'GetProducts AmazonStates USE1-StateTransition' });
    expect(p.stepFunctions.expressPerRequest.usd).toBe(0.000001);
    expect(p.stepFunctions.expressDurationPerGbSecond.tiers.map((t) => [t.upTo, t.usd])).toEqual([
      [3.6e6, 0.00001667],
      [1.8e7, 0.00000833],
      [null, 0.00000456],
    ]);
    // Decoys (Windows, ephemeral storage, Spot) are not picked.
    expect([p.fargate.x86_64.perVcpuHour.usd, p.fargate.x86_64.perGbHour.usd]).toEqual([0.04048, 0.004445]);
    expect([p.fargate.arm64.perVcpuHour.usd, p.fargate.arm64.perGbHour.usd]).toEqual([0.03238, 0.00356]);
    expect([p.s3.tier1PerRequest.usd, p.s3.tier2PerRequest.usd]).toEqual([0.000005, 0.0000004]);
    expect(p.s3.storagePerGbMonth.tiers.map((t) => t.usd)).toEqual([0.023, 0.022, 0.021]);
    expect(p.logs.ingestionPerGb).toMatchObject({ usd: 0.5, secondary: false });
    expect(p.ec2['m7g.large'].perHour.usd).toBe(0.0816);
    expect(p.ec2['m5.xlarge'].perHour.usd).toBe(0.192);
    // What the templates deploy besides the run, each from its own query; decoys (GWLB endpoints, idle
    // IPv4, asymmetric KMS, FIFO SNS, composite alarms, Glacier Flexible) are not picked.
    expect(p.vpc.interfaceEndpointPerAzHour).toMatchObject({ usd: 0.01, source: 'GetProducts AmazonVPC USE1-VpcEndpoint-Hours' });
    expect(p.vpc.interfaceEndpointPerGb).toMatchObject({ usd: 0.01, source: 'GetProducts AmazonVPC USE1-VpcEndpoint-Bytes, first tier of 3' });
    expect([p.vpc.natGatewayPerHour.usd, p.vpc.natGatewayPerGb.usd, p.vpc.publicIpv4PerHour.usd]).toEqual([0.045, 0.045, 0.005]);
    expect([p.kms.perKeyMonth.usd, p.kms.perRequest.usd]).toEqual([1, 0.000003]);
    expect([p.cloudwatch.standardAlarmPerMonth.usd, p.cloudwatch.highResolutionAlarmPerMonth.usd, p.cloudwatch.customMetricPerMonth.usd]).toEqual([0.1, 0.3, 0.3]);
    expect(p.logs.storagePerGbMonth.usd).toBe(0.03);
    expect(p.logs.vendedIngestionPerGb.tiers.map((t) => t.usd)).toEqual([0.5, 0.25, 0.1, 0.05]);
    expect([p.s3Lifecycle.standardIaStoragePerGbMonth.usd, p.s3Lifecycle.glacierInstantRetrievalStoragePerGbMonth.usd]).toEqual([0.0125, 0.004]);
    expect([p.s3Lifecycle.transitionToStandardIaPerRequest.usd, p.s3Lifecycle.transitionToGlacierInstantRetrievalPerRequest.usd]).toEqual([0.00001, 0.00002]);
    expect([p.ecr.storagePerGbMonth.usd, p.sns.perRequest.usd, p.xray.perTraceRecorded.usd]).toEqual([0.1, 0.0000005, 0.000005]);
    // AWS Budgets is not in the Price List: carried over, and said so.
    expect(p.budgets).toEqual(bundled.snapshot.prices.budgets);
    expect(snapshot.notes.join(' ')).toMatch(/carried from .*budgets\.actionEnabledPerBudgetDay/);
    // Terms the Price List does not carry come from the base snapshot.
    expect(p.lambda.freeTier).toEqual({ requests: 1_000_000, gbSeconds: 400_000 });
    expect(p.fargate.minimumBillableSeconds).toBe(60);
  });

  it('calls GetProducts with TERM_MATCH filters on regionCode, aws_v1 format and full pages, following NextToken', async () => {
    await refreshPrices('us-east-1', deps());
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, QUERIES.length + 2);
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AWSLambda',
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'TERM_MATCH', Field: 'group', Value: 'AWS-Lambda-Duration' },
      ],
    });
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonStates',
      NextToken: readPage('step-functions.page-1.json').NextToken,
    });
  });

  it('backs off and retries when throttled, with growing delays', async () => {
    pricing
      .on(GetProductsCommand)
      .rejectsOnce(awsError('ThrottlingException'))
      .rejectsOnce(awsError('ThrottlingException'))
      .callsFake(answer);
    const sleeps: number[] = [];
    const { snapshot } = await refreshPrices('us-east-1', deps({ sleep: async (ms) => void sleeps.push(ms) }));
    expect(sleeps).toEqual([375, 750]);
    expect(snapshot.prices.lambda.x86_64.perRequest.usd).toBe(0.0000002);
  });

  it('also retries 5xx answers', async () => {
    pricing.on(GetProductsCommand).rejectsOnce(awsError('ServiceUnavailable', { $metadata: { httpStatusCode: 503 } })).callsFake(answer);
    await expect(refreshPrices('us-east-1', deps())).resolves.toBeDefined();
  });

  it('gives up with a one-line message when throttling persists', async () => {
    pricing.on(GetProductsCommand).rejects(awsError('ThrottlingException'));
    await expect(refreshPrices('us-east-1', deps({ maxAttempts: 3 }))).rejects.toThrow(
      /GetProducts AWSLambda \(lambda-duration-x86_64\) still failed after 3 attempts \(ThrottlingException/,
    );
  });

  it('without credentials, says what is needed in one line', async () => {
    pricing.on(GetProductsCommand).rejects(awsError('CredentialsProviderError', { message: 'Could not load credentials from any providers' }));
    const error = await refreshPrices('us-east-1', deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/needs AWS credentials allowed to call pricing:GetProducts, and found none: set AWS_PROFILE/);
    expect((error as Error).message).not.toMatch(/\n/);
  });

  it('explains refused credentials, unreachable endpoints and rejected queries', async () => {
    pricing.on(GetProductsCommand).rejects(awsError('AccessDeniedException'));
    await expect(refreshPrices('us-east-1', deps())).rejects.toThrow(/refused these credentials \(AccessDeniedException.*pricing:GetProducts/);
    pricing.on(GetProductsCommand).rejects(awsError('UnrecognizedClientException'));
    await expect(refreshPrices('us-east-1', deps())).rejects.toThrow(/refused these credentials \(UnrecognizedClientException/);
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    await expect(refreshPrices('us-east-1', deps())).rejects.toThrow(/cannot reach the Price List API in us-east-1 \(ENOTFOUND\)/);
    pricing.on(GetProductsCommand).rejects(awsError('InvalidParameterException'));
    await expect(refreshPrices('us-east-1', deps())).rejects.toThrow(/GetProducts AWSLambda \(lambda-duration-x86_64\) was rejected \(InvalidParameterException/);
  });

  it('rethrows errors it does not understand, as bugs', async () => {
    pricing.on(GetProductsCommand).rejects(new TypeError('boom'));
    const error = await refreshPrices('us-east-1', deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(UserError);
  });

  it('refuses a response item it cannot read, writing nothing', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: ['{"product": {"sku": "X1"}}'], $metadata: {} });
    await expect(refreshPrices('us-east-1', deps())).rejects.toThrow(/GetProducts AWSLambda \(lambda-duration-x86_64\): a PriceList item \(sku X1\) lacks the expected shape.*no snapshot written/);
  });

  it('stops a NextToken that never ends', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [], NextToken: 'again', $metadata: {} });
    await expect(refreshPrices('us-east-1', deps())).rejects.toThrow(/kept returning NextToken after 200 pages/);
  });

  it("for a region without its own snapshot, flags every value copied from the base's region as unverified", async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [], $metadata: {} });
    const { snapshot, kept } = await refreshPrices('eu-west-1', deps({ endpointRegion: 'eu-central-1' }));
    expect(snapshot.region).toBe('eu-west-1');
    expect(kept).toContain('lambda.x86_64.perRequest');
    expect(snapshot.prices.lambda.x86_64.perRequest).toMatchObject({ secondary: true, source: expect.stringMatching(/us-east-1 value from .*not verified for eu-west-1/) });
    expect(snapshot.prices.lambda.ephemeralStoragePerGbSecond.secondary).toBe(true);
    expect(snapshot.prices.s3.storagePerGbMonth.tiers.every((t) => t.secondary)).toBe(true);
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, { Filters: expect.arrayContaining([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' }]) });
  });

  it('keeps base values the API did not return, and says so in the notes', async () => {
    pricing.on(GetProductsCommand, { ServiceCode: 'AmazonCloudWatch' }).resolves({ PriceList: [], $metadata: {} });
    const { snapshot, kept } = await refreshPrices('us-east-1', deps());
    expect(kept).toEqual([
      'logs.ingestionPerGb',
      'logs.vendedIngestionPerGb',
      'logs.storagePerGbMonth',
      'cloudwatch.standardAlarmPerMonth',
      'cloudwatch.highResolutionAlarmPerMonth',
      'cloudwatch.customMetricPerMonth',
    ]);
    expect(snapshot.prices.logs.ingestionPerGb).toEqual(bundled.snapshot.prices.logs.ingestionPerGb);
    expect(snapshot.notes.join(' ')).toMatch(/kept from pricing\/aws-us-east-1.json \(2026-11\): logs.ingestionPerGb/);
  });
});

describe('snapshotFromProducts', () => {
  const meta = { region: 'us-east-1', date: '2026-12-03', retrievedAt: 'now', endpointRegion: 'us-east-1', queries: [], baseName: 'base' };
  const item = (usagetype: string, dims: { begin?: string; end?: string; usd: string }[], regionCode = 'us-east-1') =>
    parsePriceListItem({
      product: { sku: `SKU${usagetype}${dims.length}`, attributes: { usagetype, regionCode } },
      serviceCode: 'AmazonStates',
      terms: {
        OnDemand: {
          o: {
            priceDimensions: Object.fromEntries(
              dims.map((d, i) => [i, { rateCode: `R${i}`, unit: 'u', beginRange: d.begin ?? '0', endRange: d.end ?? 'Inf', pricePerUnit: { USD: d.usd } }]),
            ),
          },
        },
      },
    });

  it('ignores products for another region', () => {
    const { kept } = snapshotFromProducts(bundled.snapshot, new Map([['step-functions', [item('StateTransition', [{ usd: '1' }], 'eu-west-1')]]]), meta);
    expect(kept).toContain('stepFunctions.standardPerTransition');
  });

  it('takes the paid row when a $0 allowance precedes it', () => {
    const { snapshot } = snapshotFromProducts(
      bundled.snapshot,
      new Map([['step-functions', [item('StateTransition', [{ end: '4000', usd: '0' }, { begin: '4000', usd: '0.000025' }])]]]),
      meta,
    );
    expect(snapshot.prices.stepFunctions.standardPerTransition.usd).toBe(0.000025);
  });

  it('refuses ambiguous, tiered-where-single, gapped and bounded answers', () => {
    const run = (products: ReturnType<typeof item>[]) => () => snapshotFromProducts(bundled.snapshot, new Map([['step-functions', products]]), meta);
    expect(run([item('StateTransition', [{ usd: '1' }]), item('USE1-StateTransition', [{ usd: '2' }])])).toThrow(
      /returned 2 different prices for stepFunctions.standardPerTransition .*refusing to guess/,
    );
    expect(run([item('StateTransition', [{ end: '10', usd: '1' }, { begin: '10', usd: '2' }])])).toThrow(/is tiered \(2 prices\); expected one price/);
    expect(run([item('StepFunctions-GB-Second', [{ end: '10', usd: '1' }, { begin: '20', usd: '2' }])])).toThrow(
      /tier starting at 20 does not follow the previous one ending at 10/,
    );
    expect(run([item('StepFunctions-GB-Second', [{ end: '10', usd: '1' }])])).toThrow(/the last tier ends at 10, not Inf/);
  });

  it('refuses a product without any on-demand price', () => {
    const empty = item('StateTransition', []);
    expect(() => snapshotFromProducts(bundled.snapshot, new Map([['step-functions', [empty]]]), meta)).toThrow(/\(stepFunctions.standardPerTransition\) has no on-demand price/);
    const emptyTiers = item('StepFunctions-GB-Second', []);
    expect(() => snapshotFromProducts(bundled.snapshot, new Map([['step-functions', [emptyTiers]]]), meta)).toThrow(
      /\(stepFunctions.expressDurationPerGbSecond\) has no on-demand price/,
    );
  });

  it('refuses to leave a field empty when neither the API nor the base has it', () => {
    const base = structuredClone(bundled.snapshot);
    delete (base.prices.ec2 as Record<string, unknown>)['m5.xlarge'];
    expect(() => snapshotFromProducts(base, new Map(), meta)).toThrow(/GetProducts returned no BoxUsage:m5.xlarge price for us-east-1, and the base snapshot has no ec2.m5.xlarge.perHour to keep/);
  });
});

describe('priceListEndpointRegion', () => {
  it('uses the nearest of the three Price List endpoints', () => {
    expect(priceListEndpointRegion('us-east-1')).toBe('us-east-1');
    expect(priceListEndpointRegion('us-west-2')).toBe('us-east-1');
    expect(priceListEndpointRegion('sa-east-1')).toBe('us-east-1');
    expect(priceListEndpointRegion('eu-west-1')).toBe('eu-central-1');
    expect(priceListEndpointRegion('me-south-1')).toBe('eu-central-1');
    expect(priceListEndpointRegion('ap-southeast-2')).toBe('ap-south-1');
  });
});

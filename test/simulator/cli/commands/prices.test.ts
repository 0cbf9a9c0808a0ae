import { GetProductsCommand, PricingClient, type GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { changedPrices } from '../../../../simulator/cli/commands/prices';
import { priceQueries } from '../../../../simulator/cost/prices/catalog';
import { loadPriceSnapshot, readPriceSnapshotFile } from '../../../../simulator/cost/prices/load';
import { pricesCommand } from '../../../../simulator/cli/commands/prices';
import { runCli, runSpec } from './cli-harness';

const refresh = pricesCommand.subcommands![0];

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'pricing');
const QUERIES = priceQueries('us-east-1');
const page = (name: string) => ({ ...JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')), $metadata: {} });

function answer(input: GetProductsCommandInput) {
  const filters = Object.fromEntries((input.Filters ?? []).map((f) => [f.Field, f.Value]));
  const query = QUERIES.find((q) => q.serviceCode === input.ServiceCode && JSON.stringify(q.filters) === JSON.stringify(filters))!;
  const paged = ['step-functions', 'fargate'].includes(query.id);
  if (!paged) return page(`${query.id}.json`);
  return page(`${query.id}.page-${input.NextToken ? 2 : 1}.json`);
}

const pricing = mockClient(PricingClient);
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-refresh-'));
  pricing.reset();
  pricing.on(GetProductsCommand).callsFake(answer);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('scalesim prices refresh', () => {
  it('writes a dated snapshot to --out and reports what changed', async () => {
    const r = await runSpec(refresh, { region: 'us-east-1', out: 'snap.json' }, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*snap.json: prices for us-east-1 from GetProducts \(endpoint us-east-1\), dated 2026-12-03/);
    const written = readPriceSnapshotFile(path.join(dir, 'snap.json')).snapshot;
    expect(written.source.kind).toBe('price-list-api');
    expect(written.prices.lambda.x86_64.perRequest.secondary).toBe(false);
    // Same list prices as the bundle, so only the rounded Express tiers may differ: none do here.
    expect(r.stdout).toMatch(/no price changed since pricing\/aws-us-east-1.json \(2026-11\)/);
  });

  it('names the file by region and date inside an --out folder', async () => {
    const r = await runSpec(refresh, { region: 'us-east-1', out: 'out' }, dir);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out', 'aws-us-east-1-2026-12-03.json'))).toBe(true);
  });

  it('without credentials, fails with one line saying what is needed, and writes nothing', async () => {
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const r = await runSpec(refresh, { region: 'us-east-1', out: 'snap.json' }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scalesim: prices refresh needs AWS credentials allowed to call pricing:GetProducts, and found none: set AWS_PROFILE/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'snap.json'))).toBe(false);
  });

  it('rejects a malformed region', async () => {
    const bad = await runSpec(refresh, { region: 'Virginia' }, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--region: expected an AWS region code such as us-east-1, got "Virginia"/);
  });

  it('end to end without any credentials: exit 2 and one line naming what is needed', () => {
    // No credentials anywhere the SDK looks: no env keys, no profile files, no instance metadata.
    const none = path.join(dir, 'none');
    const r = runCli(['prices', 'refresh', '--region', 'us-east-1', '--out', path.join(dir, 'snap.json')], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: none,
      AWS_SHARED_CREDENTIALS_FILE: none,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
      AWS_WEB_IDENTITY_TOKEN_FILE: '',
      HOME: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^scalesim: prices refresh needs AWS credentials allowed to call pricing:GetProducts, and found none: set AWS_PROFILE .* bundled snapshot in pricing\/$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'snap.json'))).toBe(false);
  });

  it('end to end: a bare `prices` asks for a sub-command', () => {
    const r = runCli(['prices']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name a sub-command of prices/);
  });
});

describe('changedPrices', () => {
  it('lists every USD value that differs, by path', () => {
    const before = loadPriceSnapshot({ region: 'us-east-1' }).snapshot;
    const after = structuredClone(before);
    after.prices.lambda.x86_64.perRequest.usd = 0.00000021;
    after.prices.s3.storagePerGbMonth.tiers[0].usd = 0.024;
    expect(changedPrices(before, after)).toEqual(['lambda.x86_64.perRequest: 2e-7 → 2.1e-7', 's3.storagePerGbMonth.tiers.0: 0.023 → 0.024']);
  });
});

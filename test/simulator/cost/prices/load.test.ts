import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_PRICING_DIR, loadPriceSnapshot, parsePriceSnapshot, readPriceSnapshotFile } from '../../../../simulator/cost/prices/load';
import { hasSecondaryPrices, priceTableFromSnapshot } from '../../../../simulator/cost/prices/table';
import { snapshotRef } from '../../../../simulator/cost/prices/loaded';

const BUNDLED = path.join(DEFAULT_PRICING_DIR, 'aws-us-east-1.json');
const bundledRaw = (): Record<string, unknown> => JSON.parse(fs.readFileSync(BUNDLED, 'utf8'));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-prices-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('the bundled snapshot', () => {
  const loaded = loadPriceSnapshot({ region: 'us-east-1' });

  it('is found by region in pricing/, with a repository-relative name, a date and a hash', () => {
    expect(loaded.file).toBe('pricing/aws-us-east-1.json');
    expect(loaded.snapshot.date).toBe('2026-11');
    expect(loaded.snapshot.source.kind).toBe('bundled-list-prices');
    expect(snapshotRef(loaded)).toEqual({ file: 'pricing/aws-us-east-1.json', date: '2026-11', sha256: loaded.sha256, source: 'bundled-list-prices' });
  });

  it('holds the AWS-FACTS list prices, and marks the third-party ones secondary', () => {
    const p = loaded.snapshot.prices;
    expect(p.lambda.x86_64.durationPerGbSecond.tiers.map((t) => t.usd)).toEqual([0.0000166667, 0.000015, 0.0000133334]);
    expect(p.lambda.x86_64.perRequest).toMatchObject({ usd: 0.0000002, secondary: false });
    expect(p.stepFunctions.standardPerTransition).toMatchObject({ usd: 0.000025, secondary: false });
    expect(p.stepFunctions.standardFreeTransitionsPerMonth).toBe(4000);
    expect(p.fargate.x86_64.perVcpuHour).toMatchObject({ usd: 0.04048, secondary: true });
    expect(p.s3.tier1PerRequest).toMatchObject({ usd: 0.000005, secondary: true });
    expect(p.s3.storagePerGbMonth.tiers[0]).toMatchObject({ usd: 0.023, secondary: false });
    expect(p.ec2['m7g.large'].perHour).toMatchObject({ usd: 0.0816, secondary: true });
    expect(hasSecondaryPrices(loaded.snapshot)).toBe(true);
  });

  it('becomes a plain price table', () => {
    const t = priceTableFromSnapshot(loaded.snapshot);
    expect(t.lambda.arm64.perRequest).toBe(0.0000002);
    expect(t.stepFunctions.expressDurationPerGbSecond).toEqual([
      { upTo: 3_600_000, usd: 0.00001667 },
      { upTo: 18_000_000, usd: 0.00000833 },
      { upTo: null, usd: 0.00000456 },
    ]);
  });
});

describe('loadPriceSnapshot', () => {
  it('picks the newest snapshot for the region: a dated refresh beats the month-dated bundle', () => {
    write('aws-us-east-1.json', bundledRaw());
    write('aws-us-east-1-2026-12-03.json', { ...bundledRaw(), date: '2026-12-03' });
    write('aws-eu-west-1-2027-01-05.json', { ...bundledRaw(), region: 'eu-west-1', date: '2027-01-05' });
    const loaded = loadPriceSnapshot({ region: 'us-east-1', dir });
    expect(loaded.snapshot.date).toBe('2026-12-03');
    expect(loaded.path).toBe(path.join(dir, 'aws-us-east-1-2026-12-03.json'));
  });

  it('reads --prices relative to cwd', () => {
    write('mine.json', bundledRaw());
    expect(loadPriceSnapshot({ region: 'us-east-1', file: 'mine.json', cwd: dir }).path).toBe(path.join(dir, 'mine.json'));
  });

  it('refuses a snapshot for another region, and says how to get one', () => {
    write('eu.json', { ...bundledRaw(), region: 'eu-west-1' });
    expect(() => loadPriceSnapshot({ region: 'us-east-1', file: 'eu.json', cwd: dir })).toThrow(
      /eu.json has prices for eu-west-1, not us-east-1; .* scalesim prices refresh --region us-east-1/,
    );
  });

  it('says which regions it has when none matches', () => {
    write('aws-us-east-1.json', bundledRaw());
    expect(() => loadPriceSnapshot({ region: 'ap-south-1', dir })).toThrow(/no price snapshot for ap-south-1 in .* \(have: us-east-1\); run: scalesim prices refresh --region ap-south-1/);
    expect(() => loadPriceSnapshot({ region: 'us-east-1', dir: path.join(dir, 'nope') })).toThrow(/cannot read the pricing folder .*nope: ENOENT/);
  });

  it('names a file it cannot read or parse', () => {
    expect(() => readPriceSnapshotFile(path.join(dir, 'missing.json'))).toThrow(/cannot read price snapshot .*missing.json: ENOENT/);
    expect(() => readPriceSnapshotFile(write('broken.json', '{"schemaVersion": 1,'))).toThrow(/broken.json: not valid JSON/);
  });
});

describe('parsePriceSnapshot', () => {
  it('names the bad field and value', () => {
    const bad = bundledRaw();
    expect(() => parsePriceSnapshot({ ...bad, date: 'November' }, 'x.json')).toThrow(/x.json: not a price snapshot: date: got "November", YYYY-MM or YYYY-MM-DD/);
    expect(() => parsePriceSnapshot({ ...bad, currency: 'EUR' }, 'x.json')).toThrow(/currency: got "EUR", expected one of "USD"/);
    expect(() => parsePriceSnapshot({ ...bad, extra: 1 }, 'x.json')).toThrow(/unknown key 'extra'; allowed: schemaVersion, region, currency, date, source, notes, prices$/);
    const nested = bundledRaw() as { prices: { lambda: { x86_64: Record<string, unknown> }; ec2: Record<string, { perHour: Record<string, unknown> }> } };
    nested.prices.lambda.x86_64.foo = 1;
    expect(() => parsePriceSnapshot(nested)).toThrow(/prices.lambda.x86_64: unknown key 'foo'; allowed: durationPerGbSecond, perRequest$/);
    const inRecord = bundledRaw() as typeof nested;
    inRecord.prices.ec2['m7g.large'].perHour.cents = 8;
    expect(() => parsePriceSnapshot(inRecord)).toThrow(/prices.ec2.m7g.large.perHour: unknown key 'cents'; allowed: usd, secondary, sku, source$/);
  });

  it('checks tier tables: ascending bounds, only the last unbounded', () => {
    const withTiers = (tiers: unknown[]) => {
      const raw = bundledRaw() as { prices: { s3: { storagePerGbMonth: { tiers: unknown[] } } } };
      raw.prices.s3.storagePerGbMonth.tiers = tiers;
      return raw;
    };
    expect(() => parsePriceSnapshot(withTiers([{ upTo: null, usd: 1 }, { upTo: null, usd: 1 }]))).toThrow(/tiers.0.upTo: got null, only the last tier may be unbounded/);
    expect(() => parsePriceSnapshot(withTiers([{ upTo: 10, usd: 1 }]))).toThrow(/tiers.0.upTo: got 10, the last tier must be unbounded/);
    expect(() => parsePriceSnapshot(withTiers([{ upTo: 10, usd: 1 }, { upTo: 5, usd: 1 }, { upTo: null, usd: 1 }]))).toThrow(
      /tiers.1.upTo: got 5, tier bounds must ascend \(previous 10\)/,
    );
  });
});

describe('snapshot schema versions', () => {
  it('refuses a version-1 snapshot (no prices for the resources the templates deploy) with one line saying what to do', () => {
    const old = { ...bundledRaw(), schemaVersion: 1 };
    expect(() => parsePriceSnapshot(old, 'pricing/aws-us-east-1-2026-10-01.json')).toThrow(
      /^pricing\/aws-us-east-1-2026-10-01\.json: price snapshot schemaVersion 1 has no prices for the resources the templates deploy \(VPC endpoints, KMS, alarms, log storage, \.\.\.\); this scalesim reads version 2: use the bundled pricing\/aws-us-east-1\.json or run `scalesim prices refresh`$/,
    );
  });

  it('the bundled snapshot has every resource price the rules use, from AWS-FACTS where it gives one', () => {
    const p = readPriceSnapshotFile(BUNDLED).snapshot.prices;
    expect([p.vpc.interfaceEndpointPerAzHour.usd, p.vpc.interfaceEndpointPerGb.usd, p.vpc.natGatewayPerHour.usd, p.vpc.publicIpv4PerHour.usd]).toEqual([0.01, 0.01, 0.045, 0.005]);
    expect([p.kms.perKeyMonth.usd, p.kms.perRequest.usd, p.kms.freeRequestsPerMonth]).toEqual([1, 0.000003, 20_000]);
    expect([p.cloudwatch.standardAlarmPerMonth.usd, p.cloudwatch.highResolutionAlarmPerMonth.usd, p.logs.storagePerGbMonth.usd]).toEqual([0.1, 0.3, 0.03]);
    expect([p.budgets.actionEnabledPerBudgetDay.usd, p.budgets.freeActionBudgetDaysPerMonth, p.ecr.storagePerGbMonth.usd, p.sns.perRequest.usd]).toEqual([0.1, 62, 0.1, 0.0000005]);
    expect(p.logs.vendedIngestionPerGb.tiers[0]).toEqual({ upTo: 10240, usd: 0.5, secondary: false });
  });
});

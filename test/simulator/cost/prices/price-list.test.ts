import * as fs from 'fs';
import * as path from 'path';
import { parsePriceListItem, PriceListFormatError, usageTypeIs } from '../../../../simulator/cost/prices/price-list';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'pricing');
const items = (name: string): string[] => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')).PriceList;

/** A minimal Price List item in the real shape, for targeted breakage. */
function rawItem(dims: Record<string, unknown>[], attributes: Record<string, string> = { usagetype: 'Requests-Tier1', regionCode: 'us-east-1' }) {
  return {
    product: { productFamily: 'API Request', attributes, sku: 'ABCDEFGH12345678' },
    serviceCode: 'AmazonS3',
    terms: {
      OnDemand: {
        'ABCDEFGH12345678.JRTCKXETXF': {
          priceDimensions: Object.fromEntries(dims.map((d, i) => [`r${i}`, { rateCode: `ABCDEFGH12345678.JRTCKXETXF.R${i}`, unit: 'Requests', description: '', appliesTo: [], ...d }])),
        },
      },
    },
  };
}

describe('parsePriceListItem', () => {
  it('reads a GetProducts item given as a JSON string: attributes, tiers in order, USD prices, Inf as null', () => {
    const [text] = items('lambda-duration-x86_64.json');
    expect(typeof text).toBe('string');
    const p = parsePriceListItem(text);
    expect(p.serviceCode).toBe('AWSLambda');
    expect(p.productFamily).toBe('Serverless');
    expect(p.attributes).toMatchObject({ regionCode: 'us-east-1', group: 'AWS-Lambda-Duration', usagetype: 'Lambda-GB-Second' });
    expect(p.onDemand.map((d) => [d.beginRange, d.endRange, d.usd])).toEqual([
      [0, 6e9, 0.0000166667],
      [6e9, 1.5e10, 0.000015],
      [1.5e10, null, 0.0000133334],
    ]);
    expect(p.onDemand[0].rateCode).toMatch(/^\w{16}\.JRTCKXETXF\.\w{10}$/);
    expect(p.publicationDate).toBe('2026-11-20T18:04:12Z');
  });

  it('accepts an already-parsed object and a String wrapper (the SDK’s lazy JSON strings)', () => {
    const [text] = items('s3-requests.json');
    expect(parsePriceListItem(JSON.parse(text)).sku).toBe(parsePriceListItem(text).sku);
    expect(parsePriceListItem(new String(text)).sku).toBe(parsePriceListItem(text).sku);
  });

  it('sorts dimensions by beginRange whatever their key order', () => {
    const p = parsePriceListItem(
      rawItem([
        { beginRange: '10', endRange: 'Inf', pricePerUnit: { USD: '1' } },
        { beginRange: '0', endRange: '10', pricePerUnit: { USD: '2' } },
      ]),
    );
    expect(p.onDemand.map((d) => d.usd)).toEqual([2, 1]);
  });

  it('treats a missing range as 0 to Inf', () => {
    const p = parsePriceListItem(rawItem([{ pricePerUnit: { USD: '0.000005' } }]));
    expect(p.onDemand[0]).toMatchObject({ beginRange: 0, endRange: null, usd: 0.000005 });
  });

  it('refuses what it cannot read, naming the sku', () => {
    expect(() => parsePriceListItem('{"product": ')).toThrow(/a PriceList item is not valid JSON/);
    expect(() => parsePriceListItem({ product: { sku: 'XYZ' } })).toThrow(/a PriceList item \(sku XYZ\) lacks the expected shape: product.attributes/);
    expect(() => parsePriceListItem(42)).toThrow(/lacks the expected shape: \(top level\)/);
    expect(() => parsePriceListItem(rawItem([{ pricePerUnit: { CNY: '0.1' } }]))).toThrow(/sku ABCDEFGH12345678: rate .* has no USD price \(has CNY\)/);
    expect(() => parsePriceListItem(rawItem([{ pricePerUnit: { USD: 'free' } }]))).toThrow(/has price "free", not a USD amount/);
    expect(() => parsePriceListItem(rawItem([{ beginRange: '-1', pricePerUnit: { USD: '1' } }]))).toThrow(/has range bound "-1"/);
    expect(() => parsePriceListItem('{"product": ')).toThrow(PriceListFormatError);
  });
});

describe('usageTypeIs', () => {
  const withUsage = (usagetype: string) => parsePriceListItem(rawItem([{ pricePerUnit: { USD: '1' } }], { usagetype }));

  it('matches with or without a region prefix', () => {
    expect(usageTypeIs(withUsage('StateTransition'), 'StateTransition')).toBe(true);
    expect(usageTypeIs(withUsage('USE1-StateTransition'), 'StateTransition')).toBe(true);
    expect(usageTypeIs(withUsage('EUC1-Fargate-GB-Hours'), 'Fargate-GB-Hours')).toBe(true);
    expect(usageTypeIs(withUsage('BoxUsage:m7g.large'), 'BoxUsage:m7g.large')).toBe(true);
  });

  it('does not match look-alikes', () => {
    expect(usageTypeIs(withUsage('USE1-SpotUsage-Fargate-vCPU-Hours:perCPU'), 'Fargate-vCPU-Hours:perCPU')).toBe(false);
    expect(usageTypeIs(withUsage('USE1-Fargate-ARM-GB-Hours'), 'Fargate-GB-Hours')).toBe(false);
    expect(usageTypeIs(withUsage('Requests-SIA-Tier1'), 'Requests-Tier1')).toBe(false);
    expect(usageTypeIs(withUsage('DataProcessingIA-Bytes'), 'DataProcessing-Bytes')).toBe(false);
    expect(usageTypeIs(withUsage('BoxUsage:m7gd.large'), 'BoxUsage:m7g.large')).toBe(false);
  });
});

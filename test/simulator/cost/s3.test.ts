import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';
import { s3Cost } from '../../../simulator/cost/s3';

const prices = priceTableFromSnapshot(loadPriceSnapshot({ region: 'us-east-1' }).snapshot).s3;
const GB = 1024 ** 3;

describe('s3Cost', () => {
  it('charges PUT, COPY and LIST as tier 1 and GET and HEAD as tier 2', () => {
    const c = s3Cost(prices, { putRequests: 1000, copyRequests: 500, listRequests: 500, getRequests: 1000, headRequests: 1000, storedBytes: 0 });
    expect(c.tier1Requests).toBe(2000);
    expect(c.tier2Requests).toBe(2000);
    expect(c.tier1Usd).toBeCloseTo(2 * 0.005, 12);
    expect(c.tier2Usd).toBeCloseTo(2 * 0.0004, 12);
    expect(c.storageUsd).toBe(0);
  });

  it('charges storage in GB-months (GB = 2^30 bytes) for as many months as outputs are kept', () => {
    expect(s3Cost(prices, { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 10 * GB }).storageUsd).toBeCloseTo(0.23, 12);
    expect(s3Cost(prices, { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 10 * GB }, { storageMonths: 0.5 }).storageUsd).toBeCloseTo(0.115, 12);
  });

  it('applies the storage tiers past 50 TB', () => {
    const c = s3Cost(prices, { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 60 * 1024 * GB });
    expect(c.storageTiers.map((t) => t.quantity)).toEqual([51200, 60 * 1024 - 51200]);
  });

  it('rejects negative counts and retention', () => {
    expect(() => s3Cost(prices, { putRequests: -1, listRequests: 0, getRequests: 0, storedBytes: 0 })).toThrow(/S3 putRequests must be a finite number >= 0, got -1/);
    expect(() => s3Cost(prices, { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 0 }, { storageMonths: -1 })).toThrow(/storageMonths must be a finite number >= 0, got -1/);
  });
});

import { logsCost } from '../../../simulator/cost/logs';

describe('logsCost', () => {
  it('charges ingestion per GB of 2^30 bytes', () => {
    expect(logsCost({ ingestionPerGb: 0.5 }, { ingestedBytes: 2 * 1024 ** 3 })).toEqual({ ingestedGb: 2, usd: 1 });
    expect(logsCost({ ingestionPerGb: 0.5 }, { ingestedBytes: 0 }).usd).toBe(0);
  });

  it('rejects negative bytes', () => {
    expect(() => logsCost({ ingestionPerGb: 0.5 }, { ingestedBytes: -3 })).toThrow(/Logs ingestedBytes must be a finite number >= 0, got -3/);
  });
});

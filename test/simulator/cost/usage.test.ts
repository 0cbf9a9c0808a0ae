import { repeatUsage } from '../../../simulator/cost/usage';
import { SAMPLE_USAGE } from './sample-usage';
import { designUsageSchema } from '../../../simulator/results/usage';

describe('designUsageSchema', () => {
  it('accepts usage the collector writes', () => {
    expect(designUsageSchema.parse(SAMPLE_USAGE.distributed)).toEqual(SAMPLE_USAGE.distributed);
    expect(designUsageSchema.parse(SAMPLE_USAGE['single-node'])).toEqual(SAMPLE_USAGE['single-node']);
  });

  it('rejects unknown keys, impossible memory and fractional counts', () => {
    expect(designUsageSchema.safeParse({ ...SAMPLE_USAGE.distributed, gpu: {} }).success).toBe(false);
    const bad = { ...SAMPLE_USAGE.distributed, lambda: { architecture: 'arm64', invocations: [{ durationMs: 1, memoryMb: 64 }] } };
    expect(designUsageSchema.safeParse(bad).success).toBe(false);
    expect(designUsageSchema.safeParse({ ...SAMPLE_USAGE.distributed, stepFunctions: { standardTransitions: 1.5 } }).success).toBe(false);
  });
});

describe('repeatUsage', () => {
  it('multiplies every quantity, keeping per-invocation and per-task billing units', () => {
    const u = repeatUsage(SAMPLE_USAGE.distributed, 3);
    expect(u.lambda?.invocations.map((i) => i.count)).toEqual([48, 48, 3]);
    expect(u.lambda?.invocations[0].durationMs).toBe(1843.61);
    expect(u.stepFunctions.standardTransitions).toBe(105);
    expect(u.s3).toEqual({ putRequests: 576, copyRequests: 0, listRequests: 3, getRequests: 195, headRequests: 0, storedBytes: 1_356_000_000 });
    expect(repeatUsage(SAMPLE_USAGE['single-node'], 2).fargate?.taskSeconds).toEqual([79.4, 79.4]);
    expect(repeatUsage(SAMPLE_USAGE['single-node'], 1)).toBe(SAMPLE_USAGE['single-node']);
  });

  it('rejects a non-integer factor', () => {
    expect(() => repeatUsage(SAMPLE_USAGE.distributed, 1.5)).toThrow(/repeat factor must be an integer >= 1, got 1.5/);
    expect(() => repeatUsage(SAMPLE_USAGE.distributed, 0)).toThrow(/repeat factor must be an integer >= 1, got 0/);
  });
});

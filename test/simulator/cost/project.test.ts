import { DEFAULT_PROJECTION_ASSUMPTIONS, projectUsage, s3Zones } from '../../../simulator/cost/project';
import type { Scenario } from '../../../simulator/scenario/schema';
import { BASELINE } from './sample-usage';
import { designUsageSchema } from '../../../simulator/results/usage';

const base = BASELINE.scenario;
const withFaults = (faults: Partial<Scenario['faults']['lambda']>, crash = 0): Scenario => ({
  ...base,
  faults: { ...base.faults, lambda: { ...base.faults.lambda, ...faults }, singleNode: { crashAfterPartitions: crash } },
});

describe('projectUsage', () => {
  it('is labelled projected and carries the assumptions it used, defaults filled in', () => {
    const p = projectUsage(base);
    expect(p.basis).toBe('projected');
    expect(p.assumptions).toMatchObject(DEFAULT_PROJECTION_ASSUMPTIONS);
    // Curated and quarantined records are stored gzip-compressed by default (workload.outputCompression);
    // the audit documents (1% of the uncompressed output) are not.
    expect(p.assumptions.storedBytesPerEvent).toBeCloseTo((450 * 0.99) / 4.5 + 450 * 0.01, 9);
    const plain = projectUsage({ ...base, workload: { ...base.workload, outputCompression: 'none' } });
    expect(plain.assumptions.storedBytesPerEvent).toBeCloseTo(220 + 230, 9);
    for (const usage of Object.values(p.designs)) expect(() => designUsageSchema.parse(usage)).not.toThrow();
  });

  it('distributed: one invocation per partition batch, cold starts up to the concurrency, CPU share of 1,769 MB', () => {
    const d = projectUsage(base).designs.distributed;
    const invocations = d.lambda!.invocations;
    expect(invocations.reduce((n, i) => n + (i.count ?? 1), 0)).toBe(32);
    expect(invocations.find((i) => i.initMs)?.count).toBe(16);
    // 20 ms + 150 ms + 31,250 events × 0.05 ms at a full vCPU (1769 MB).
    expect(invocations[0].durationMs).toBeCloseTo(20 + 150 + 31_250 * 0.05, 9);
    expect(d.stepFunctions.standardTransitions).toBe(2 + 32);
    // Stored as written: the records gzip-compressed (450 B × 99% / 4.5 = 99 B an event), the audit
    // documents not (450 B × 1% = 4.5 B an event), 103.5 MB for 1M events.
    const records = 1e6 * 99;
    expect(d.s3).toEqual({
      putRequests: 192,
      listRequests: 1,
      getRequests: 64,
      storedBytes: expect.closeTo(103_500_000, 0),
      // Quarantine share = corrupt 0.001 + half the 0.01 drift = 0.006; raw = 1M × 450 B / 4 (gzip input).
      zones: {
        raw: { bytes: 112_500_000, objects: 32 },
        curated: { bytes: expect.closeTo(records * 0.994, 0), objects: 32 },
        quarantine: { bytes: expect.closeTo(records * 0.006, 0), objects: 32 },
        audit: { bytes: expect.closeTo(4_500_000, 0), objects: 128 },
      },
    });
  });

  it('prices each zone at the bytes written to it: gzip shrinks the records, never the audit zone, and the zones add up to storedBytes', () => {
    const gz = projectUsage(base).designs.distributed.s3;
    const plain = projectUsage({ ...base, workload: { ...base.workload, outputCompression: 'none' } }).designs.distributed.s3;
    expect(plain.storedBytes).toBeCloseTo(450_000_000, 0);
    expect(plain.zones!.curated!.bytes).toBeCloseTo(450e6 * 0.99 * 0.994, 0);
    expect(gz.zones!.curated!.bytes / plain.zones!.curated!.bytes).toBeCloseTo(1 / 4.5, 9);
    expect(gz.zones!.quarantine!.bytes / plain.zones!.quarantine!.bytes).toBeCloseTo(1 / 4.5, 9);
    expect(gz.zones!.audit!.bytes).toBeCloseTo(plain.zones!.audit!.bytes, 6);
    expect(gz.zones!.raw).toEqual(plain.zones!.raw);
    for (const s3 of [gz, plain]) {
      const z = s3.zones!;
      expect(z.curated!.bytes + z.quarantine!.bytes + z.audit!.bytes).toBeCloseTo(s3.storedBytes, 3);
    }
    // An override of the stored bytes keeps the split's shares.
    const over = projectUsage(base, { storedBytesPerEvent: 207 }).designs.distributed.s3;
    expect(over.storedBytes).toBe(207e6);
    expect(over.zones!.audit!.bytes / over.storedBytes).toBeCloseTo(gz.zones!.audit!.bytes / gz.storedBytes, 9);
  });

  it('s3Zones splits any stored bytes so curated, quarantine and audit add up to them; raw is the input and does not move', () => {
    const projected = projectUsage(base).designs.distributed.s3;
    expect(s3Zones(base, projected.storedBytes)).toEqual(projected.zones);
    for (const stored of [0, 1234.5, 7e9]) {
      const z = s3Zones(base, stored);
      expect(z.curated!.bytes + z.quarantine!.bytes + z.audit!.bytes).toBeCloseTo(stored, 3);
      expect(z.raw).toEqual(projected.zones!.raw);
    }
  });

  it('takes the per-event CPU rate as a parameter: doubling it doubles the compute part', () => {
    const slow = projectUsage(base, { cpuMsPerEvent: 0.1 }).designs.distributed.lambda!.invocations[0].durationMs;
    expect(slow).toBeCloseTo(20 + 150 + 31_250 * 0.1, 9);
  });

  it('below 1,769 MB a Lambda gets a share of a vCPU and runs longer', () => {
    const small: Scenario = { ...base, distributed: { ...base.distributed, lambda: { ...base.distributed.lambda, memoryMiB: 884 } } };
    const ms = projectUsage(small).designs.distributed.lambda!.invocations[0].durationMs;
    expect(ms).toBeCloseTo(20 + 150 + (31_250 * 0.05) / (884 / 1769), 6);
  });

  it('single-node: one task, startup plus CPU spread over its vCPUs', () => {
    const s = projectUsage(base).designs['single-node'];
    const work = (1_000_000 * 0.05) / (2 * 0.85) + (32 * 150) / 2;
    expect(s.fargate).toEqual({ vcpu: 2, memoryGb: 4, architecture: 'arm64', taskSeconds: [45 + work / 1000] });
    expect(s.stepFunctions.standardTransitions).toBe(2);
    expect(s.lambda).toBeUndefined();
  });

  it('bills faults: failed attempts and timeouts as extra invocations, every retry as a transition', () => {
    const d = projectUsage(withFaults({ throwRate: 0.25, timeoutRate: 0.125, throttleRate: 0.25 })).designs.distributed;
    const timeouts = d.lambda!.invocations.find((i) => i.durationMs === 300_000);
    expect(timeouts?.count).toBe(4);
    expect(d.lambda!.invocations.reduce((n, i) => n + (i.count ?? 1), 0)).toBe(32 + 8 + 4);
    expect(d.stepFunctions.standardTransitions).toBe(2 + 32 + 8 + 4 + 8);
  });

  it('a crashing single-node task runs again', () => {
    const s = projectUsage(withFaults({}, 8)).designs['single-node'];
    expect(s.fargate!.taskSeconds).toHaveLength(2);
    expect(s.stepFunctions.standardTransitions).toBe(3);
  });

  it('rejects impossible assumptions', () => {
    expect(() => projectUsage(base, { cpuMsPerEvent: -0.1 })).toThrow(/projection assumption cpuMsPerEvent must be a finite number >= 0, got -0.1/);
    expect(() => projectUsage(base, { fargateParallelEfficiency: 1.5 })).toThrow(/fargateParallelEfficiency must be in \(0, 1\], got 1.5/);
  });
});

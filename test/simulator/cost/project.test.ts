import { DEFAULT_PROJECTION_ASSUMPTIONS, projectUsage } from '../../../simulator/cost/project';
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
    expect(p.assumptions.storedBytesPerEvent).toBe(220 + 230);
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
    expect(d.s3).toEqual({
      putRequests: 192,
      listRequests: 1,
      getRequests: 64,
      storedBytes: 450_000_000,
      // Quarantine share = corrupt 0.001 + half the 0.01 drift = 0.006; audit 1%; raw = 1M × 450 B / 4 (gzip).
      zones: {
        raw: { bytes: 112_500_000, objects: 32 },
        curated: { bytes: 450e6 * 0.994 * 0.99, objects: 32 },
        quarantine: { bytes: 450e6 * 0.006 * 0.99, objects: 32 },
        audit: { bytes: 4_500_000, objects: 128 },
      },
    });
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

import { staticWorkloadRates } from '../../../simulator/check/static-runtime';
import { sampleDraws } from '../../../simulator/model/bands';
import { projectDistributed, projectDistributedConfigured, projectSingleNode, projectSingleNodeConfigured } from '../../../simulator/model/project-aws';
import { applyConfiguration } from '../../../simulator/tune/search-space';
import { ASSUMPTIONS, BASELINE, context } from '../tune/fixtures';

/** The exact-configuration projections the tuner reads (no concurrency raised, no task upsized), and the worker pool. */
const prices = context().prices;
const a = ASSUMPTIONS;

describe('projections of a configuration exactly as configured', () => {
  test('distributed: the Map concurrency is never raised, even when the SLA is missed', () => {
    const slow = applyConfiguration({ ...BASELINE, workload: { ...BASELINE.workload, events: 1e9, partitions: 32_000 }, sla: { deadlineMinutes: 1 } }, { design: 'distributed', memoryMiB: 1769, architecture: 'arm64', maxConcurrency: 4, partitionsPerInvocation: 1, partitions: 32_000 });
    const rates = staticWorkloadRates(slow);
    expect(projectDistributed(1e9, slow, rates, a, prices).configuration).toContain('raised from the configured 4');
    const exact = projectDistributedConfigured(1e9, slow, rates, a, prices, sampleDraws(rates, a, slow.seed, 100));
    expect(exact.configuration).toMatch(/concurrency 4, 32000 invocations$/);
    expect(exact.memoryMb).toBe(1769);
    expect(exact.invocationMs!.high).toBeGreaterThan(exact.invocationMs!.mid);
    expect(exact.runtimeMs.p95).toBeGreaterThan(exact.runtimeMs.mid);
    // Only the point is priced: the cost band is the point.
    expect(exact.costUsd.low).toBe(exact.costUsd.high);
  });

  test('single node: the size is never moved; too little memory for the pool is infeasible with the need', () => {
    const tiny = applyConfiguration({ ...BASELINE, sla: { deadlineMinutes: 2 } }, { design: 'single-node', vcpu: 0.25, memoryMiB: 512, architecture: 'arm64', workers: 1 });
    const rates = staticWorkloadRates(tiny);
    expect(projectSingleNode(1e6, tiny, rates, a, prices).configuration).not.toMatch(/^Fargate 0\.25 vCPU/);
    const exact = projectSingleNodeConfigured(1e6, tiny, rates, a, prices);
    expect(exact.configuration).toBe('Fargate 0.25 vCPU / 512 MiB arm64, 1 worker');
    const crowded = projectSingleNodeConfigured(1e6, applyConfiguration(BASELINE, { design: 'single-node', vcpu: 2, memoryMiB: 4096, architecture: 'arm64', workers: 32 }), rates, a, prices);
    // 300 MB for the runner + 32 busy workers × (128 + 0.0005 × 31,250 MB).
    expect(crowded.memoryNeedMb).toBeCloseTo(300 + 32 * (128 + 0.0005 * 31_250), 6);
    expect(crowded.infeasible).toBe('memory: 32 workers need 4896 MB, the task has 4096 MiB');
    // Without draws a band is its point estimate: the calibration profile's task start.
    expect(exact.startupMs).toEqual({ mid: a.fargateStartupS.mid * 1000, low: a.fargateStartupS.mid * 1000, high: a.fargateStartupS.mid * 1000 });
  });

  test('workers beyond the vCPUs add no CPU, only S3 streams; workers beyond the partitions have nothing to do', () => {
    const at = (workers: number, partitions = 32) => {
      const s = applyConfiguration({ ...BASELINE, workload: { ...BASELINE.workload, partitions } }, { design: 'single-node', vcpu: 2, memoryMiB: 16384, architecture: 'arm64', workers });
      return projectSingleNodeConfigured(1e6, s, staticWorkloadRates(s), a, prices).runtimeMs.mid;
    };
    expect(at(4)).toBeLessThan(at(2));
    expect(at(4)).toBeGreaterThan(at(2) - (at(2) - 45_000) / 2);
    expect(at(8, 2)).toBe(at(2, 2));
  });
});

import { FARGATE_SIZES } from '../../../lib/aws-limits';
import { scenarioSchema, singleNodeWorkers } from '../../../simulator/scenario/schema';
import {
  applyConfiguration,
  concurrencyGrid,
  configurationId,
  currentConfiguration,
  distributedSpace,
  partitionGrid,
  singleNodeSpace,
} from '../../../simulator/tune/search-space';
import { BASELINE } from './fixtures';

describe('the search space', () => {
  test('distributed: every knob the issue names, the scenario’s own configuration included', () => {
    const space = distributedSpace(BASELINE);
    const values = <K extends 'memoryMiB' | 'architecture' | 'maxConcurrency' | 'partitionsPerInvocation' | 'partitions'>(k: K) => [...new Set(space.map((c) => c[k]))].sort();
    expect(values('memoryMiB').map(Number).sort((a, b) => a - b)).toEqual([128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 6144, 8192, 10240]);
    expect(values('architecture')).toEqual(['arm64', 'x86_64']);
    expect(values('partitionsPerInvocation')).toEqual([1, 2, 4, 8]);
    expect(values('partitions').map(Number).sort((a, b) => a - b)).toEqual([8, 16, 32, 64, 128]);
    const ids = new Set(space.map(configurationId));
    expect(ids.size).toBe(space.length);
    expect(ids.has(configurationId(currentConfiguration('distributed', BASELINE)))).toBe(true);
  });

  test('Map concurrency: powers of two below the item count, then the count; the current value kept', () => {
    expect(concurrencyGrid(8, 16)).toEqual([1, 2, 4, 8]);
    expect(concurrencyGrid(32, 16)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(concurrencyGrid(20, 12)).toEqual([1, 2, 4, 8, 12, 16, 20]);
    expect(concurrencyGrid(5000, 400)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 400, 512, 1000]);
  });

  test('partition counts stay within the events', () => {
    expect(partitionGrid({ ...BASELINE, workload: { ...BASELINE.workload, events: 40, partitions: 32 } })).toEqual([8, 16, 32, 40]);
  });

  test('single node: every valid Fargate pair, both architectures, workers up to twice the vCPUs', () => {
    const space = singleNodeSpace(BASELINE);
    const pairs = new Set(space.map((c) => `${c.vcpu}/${c.memoryMiB}`));
    const valid = [...FARGATE_SIZES].flatMap(([v, ms]) => ms.map((m) => `${v}/${m}`));
    expect([...pairs].sort()).toEqual(valid.sort());
    expect(Math.max(...space.filter((c) => c.vcpu === 0.25).map((c) => c.workers))).toBe(1);
    expect([...new Set(space.filter((c) => c.vcpu === 4).map((c) => c.workers))].sort((a, b) => a - b)).toEqual([1, 2, 4, 8]);
    expect(space.some((c) => configurationId(c) === configurationId(currentConfiguration('single-node', BASELINE)))).toBe(true);
  });

  test('applying a configuration gives a scenario the format accepts, with reserved concurrency at the scenario’s headroom', () => {
    const d = applyConfiguration(BASELINE, { design: 'distributed', memoryMiB: 512, architecture: 'x86_64', maxConcurrency: 64, partitionsPerInvocation: 2, partitions: 128 }, { lambdaTimeoutSeconds: 600 });
    expect(scenarioSchema.safeParse(d).success).toBe(true);
    // The baseline reserves 20 for a Map of 16: 1.25 ×.
    expect(d.distributed.lambda).toEqual({ ...BASELINE.distributed.lambda, memoryMiB: 512, architecture: 'x86_64', reservedConcurrency: 80, timeoutSeconds: 600 });
    expect(d.distributed.map).toEqual({ ...BASELINE.distributed.map, maxConcurrency: 64, partitionsPerInvocation: 2 });
    expect(d.workload).toEqual({ ...BASELINE.workload, partitions: 128 });
    const s = applyConfiguration(BASELINE, { design: 'single-node', vcpu: 4, memoryMiB: 9216, architecture: 'x86_64', workers: 8 });
    expect(scenarioSchema.safeParse(s).success).toBe(true);
    expect(singleNodeWorkers(s.singleNode)).toBe(8);
    expect(s.distributed).toEqual(BASELINE.distributed);
  });
});

import * as path from 'path';
import { inFlightWorkers } from '../../../simulator/run/finalize';
import { loadScenario } from '../../../simulator/scenario/load';
import type { Scenario } from '../../../simulator/scenario/schema';

const s = loadScenario(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml')).scenario;
const dist = (maxConcurrency: number, reservedConcurrency: number): Scenario => ({
  ...s,
  distributed: { ...s.distributed, map: { ...s.distributed.map, maxConcurrency }, lambda: { ...s.distributed.lambda, reservedConcurrency } },
});

describe('inFlightWorkers: partitions a design works on at once (the bottleneck and the fit use the same)', () => {
  test('single node: singleNode.workers when set, else one per whole vCPU', () => {
    expect(inFlightWorkers('single-node', { ...s, singleNode: { ...s.singleNode, workers: 5 } }, 64)).toBe(5);
    expect(inFlightWorkers('single-node', { ...s, singleNode: { ...s.singleNode, workers: undefined, fargate: { ...s.singleNode.fargate, vcpu: 4 } } }, 64)).toBe(4);
  });

  test('distributed: the smallest of Map concurrency, reserved concurrency and the partitions, at least one', () => {
    expect(inFlightWorkers('distributed', dist(10, 20), 64)).toBe(10);
    expect(inFlightWorkers('distributed', dist(30, 20), 64)).toBe(20);
    expect(inFlightWorkers('distributed', dist(30, 20), 8)).toBe(8);
    expect(inFlightWorkers('distributed', dist(30, 20), 0)).toBe(1);
  });
});

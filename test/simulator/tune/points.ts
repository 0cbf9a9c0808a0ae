import type { Configuration, EvaluatedPoint, Infeasibility } from '../../../simulator/results/tune';
import { configurationId, describeConfiguration } from '../../../simulator/tune/search-space';

/** A hand-made evaluated point: a distributed configuration of `memoryMiB`, with the given cost and p95 runtime. */
export function point(memoryMiB: number, monthlyUsd: number, runtimeP95Ms: number, infeasible: Infeasibility[] = [], partitions = 32): EvaluatedPoint {
  const configuration: Configuration = { design: 'distributed', memoryMiB, architecture: 'arm64', maxConcurrency: 16, partitionsPerInvocation: 1, partitions };
  return {
    id: configurationId(configuration),
    configuration,
    label: describeConfiguration(configuration),
    current: false,
    basis: 'projected',
    monthlyUsd,
    fixedMonthlyUsd: 1,
    runDependentPerRunUsd: (monthlyUsd - 1) / 30,
    perRunUsd: monthlyUsd / 30,
    runtimeP95Ms,
    runtimeMs: { low: runtimeP95Ms / 2, mid: runtimeP95Ms * 0.75, high: runtimeP95Ms },
    memoryNeedMb: 200,
    memoryMb: memoryMiB,
    invocationP95Ms: runtimeP95Ms / 2,
    lambdaTimeoutSeconds: 300,
    feasible: infeasible.length === 0,
    infeasible,
  };
}

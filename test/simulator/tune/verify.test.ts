import * as fs from 'fs';
import * as path from 'path';
import { staticWorkloadRates } from '../../../simulator/check/static-runtime';
import type { DesignResult } from '../../../simulator/results/design';
import type { Results } from '../../../simulator/results/results';
import { gapPct, memoryWarnings, verifyDesign } from '../../../simulator/tune/verify';
import { point } from './points';
import { evaluateConfiguration, projectConfigured } from '../../../simulator/tune/evaluate';
import { currentConfiguration } from '../../../simulator/tune/search-space';
import { context, REPO } from './fixtures';

/** A complete baseline run (1M events, 32 partitions), as results.json holds it. */
const RUN = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'results', 'baseline-complete.results.json'), 'utf8')) as Results;
const scenario = RUN.scenario.spec;
const ctx = context(scenario);

function input(design: 'single-node' | 'distributed', measured: DesignResult | undefined) {
  return {
    design,
    point: evaluateConfiguration(currentConfiguration(design, scenario), ctx),
    events: RUN.workload.events,
    partitions: RUN.workload.partitions,
    predicted: projectConfigured(design, scenario, ctx),
    rates: staticWorkloadRates(scenario),
    predictedRunUsd: 0.02,
    measuredRunUsd: 0.025,
    ...(measured ? { measured } : {}),
    fixedCost: { evaluatedUsd: 1.4, synthesizedUsd: 1.4 },
  };
}

describe('verifying a pick against its run', () => {
  test('distributed: counts, durations and assumptions side by side, each with its basis; the accounting holds', () => {
    const v = verifyDesign(input('distributed', RUN.designs.distributed));
    expect(v.status).toBe('verified');
    expect(v.accounting).toEqual({ basis: 'measured', expectedInput: 1_000_000, input: 1_000_000, curated: expect.any(Number), quarantined: expect.any(Number), duplicatesDropped: expect.any(Number), holds: true, missingPartitions: 0, failedPartitions: 0 });
    expect(v.accounting!.curated + v.accounting!.quarantined + v.accounting!.duplicatesDropped).toBe(1_000_000);
    const rows = Object.fromEntries(v.comparisons.map((c) => [c.quantity, c]));
    expect(rows['Lambda invocations']).toMatchObject({ predicted: 32, measured: 32, gapPct: 0, basis: 'count' });
    expect(rows['Lambda duration, mean']!.basis).toBe('emulator-vs-aws');
    expect(rows['peak memory of an invocation']).toMatchObject({ measured: 212, basis: 'assumption' });
    expect(rows['CPU per event']).toMatchObject({ predicted: 0.05, basis: 'assumption' });
    expect(rows['run-dependent cost of this run']).toMatchObject({ predicted: 0.02, measured: 0.025 });
    expect(rows['run-dependent cost of this run']!.gapPct).toBeCloseTo(25, 9);
    expect(v.fixedCost).toEqual({ evaluatedUsd: 1.4, synthesizedUsd: 1.4 });
  });

  test('single node: tasks and task time', () => {
    const v = verifyDesign(input('single-node', RUN.designs['single-node']));
    expect(v.status).toBe('verified');
    expect(v.comparisons.map((c) => c.quantity)).toEqual(['Fargate tasks', 'task time', 'Step Functions state transitions', 'S3 PUT requests', 'S3 GET requests', 'CPU per event', 'run-dependent cost of this run']);
    expect(v.comparisons[0]).toMatchObject({ predicted: 1, measured: 1, basis: 'count' });
  });

  test('a broken invariant, a lost partition or fewer events than generated fails the verification, with the reasons', () => {
    const d = RUN.designs.distributed!;
    const broken: DesignResult = { ...d, accounting: { ...d.accounting, input: d.accounting.input - 5, invariantHolds: false, violations: ['part-00001: input 31245 ≠ 31250'], missingPartitions: ['part-00002.ndjson.gz'] } };
    const v = verifyDesign(input('distributed', broken));
    expect(v.status).toBe('failed');
    expect(v.reason).toBe('accounting invariant broken: part-00001: input 31245 ≠ 31250; input 999995 ≠ the 1000000 events generated; 1 partitions lost');
    expect(v.accounting!.holds).toBe(false);
  });

  test('a failed execution fails it; a design that did not run is not-run, with the run’s reason', () => {
    expect(verifyDesign(input('distributed', { ...RUN.designs.distributed!, executionStatus: 'FAILED' })).reason).toBe('execution FAILED');
    expect(verifyDesign({ ...input('distributed', undefined), problem: 'distributed: deploy failed: boom' })).toMatchObject({ status: 'not-run', reason: 'distributed: deploy failed: boom', comparisons: [] });
  });

  test('a measured peak above configurations the search called feasible is a warning, at the tuned partition size only', () => {
    // The run measured 212 MB per invocation over 31,250-event partitions.
    // Feasible at 32 partitions: 128, 192 and 256 MB; at 64 partitions (smaller ones) 128 MB; infeasible: 160 MB.
    const points = [point(128, 1, 1), point(192, 1, 1), point(256, 1, 1), point(128, 1, 1, [], 64), point(160, 1, 1, [{ kind: 'sla', message: 'slow' }])];
    const base = input('distributed', RUN.designs.distributed);
    const [w] = memoryWarnings({ ...base, memoryCheck: { points, tunedPartitions: 32, tunedEventsPerPartition: 31_250 } });
    expect(w).toMatch(/^measured peak memory 212 MB per invocation against the \d+ MB the model assumed: 2 of the 3 configurations with 32 partitions it called feasible have less memory \(128, 192 MB\) and would run out of memory\.$/);
    expect(memoryWarnings({ ...base, point: point(192, 1, 1), memoryCheck: { points, tunedPartitions: 32, tunedEventsPerPartition: 31_250 } })[0]).toMatch(/The verified configuration is one of them\.$/);
    // Partitions of another size than the tuned one say nothing about the tuned configurations.
    expect(memoryWarnings({ ...base, memoryCheck: { points, tunedPartitions: 32, tunedEventsPerPartition: 125_000 } })).toEqual([]);
    expect(memoryWarnings(base)).toEqual([]);
  });

  test('gap: relative to the prediction; none when nothing was predicted', () => {
    expect(gapPct(100, 125)).toBe(25);
    expect(gapPct(100, 50)).toBe(-50);
    expect(gapPct(0, 0)).toBe(0);
    expect(gapPct(0, 3)).toBeNull();
  });
});

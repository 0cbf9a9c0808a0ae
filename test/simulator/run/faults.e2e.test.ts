import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec } from '../../../simulator/cli/main';
import { testDeps } from '../cli-test-deps';
import { loadResults } from '../../../simulator/results/load';
import type { Results } from '../../../simulator/results/results';

/**
 * scenarios/faults.yaml end to end (issue 8), at 20k events: every injected fault shows up as
 * evidence, the designs' defences handle it, and nothing is lost or double counted.
 */
const SCENARIO = path.join(__dirname, '..', '..', '..', 'scenarios', 'faults.yaml');
const EVENTS = 20_000;

describe('scalesim run scenarios/faults.yaml (20k events)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-faults-'));
  const out: string[] = [];
  let code: number;
  let r: Results;
  beforeAll(async () => {
    code = await exec(['run', SCENARIO, '--events', String(EVENTS), '--out', dir, '--no-validate', '--quiet'], testDeps(out));
    // loadResults validates every section against the results contract: a producer that drifts from it fails here.
    r = loadResults(path.join(dir, 'results.json'), { incomplete: 'warn', purpose: 'check it' });
  }, 240_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the run completes: both executions succeed despite the faults', () => {
    expect({ code, status: r.status, reason: r.incompleteReason }).toEqual({ code: 0, status: 'complete', reason: undefined });
    expect(r.designs['single-node']!.executionStatus).toBe('SUCCEEDED');
    expect(r.designs.distributed!.executionStatus).toBe('SUCCEEDED');
  });

  test.each(['single-node', 'distributed'] as const)('%s: nothing lost or double counted', (design) => {
    const a = r.designs[design]!.accounting;
    // Includes the per-partition check against the generator's ground truth (exact expected counts).
    expect(a.violations).toEqual([]);
    expect(a.invariantHolds).toBe(true);
    expect(a.missingPartitions).toEqual([]);
    const failedKeys = a.failedPartitions.map((f) => f.key);
    expect(a.partitions.length + failedKeys.length).toBe(16);
    expect(a.partitions.map((p) => p.partition).filter((k) => failedKeys.includes(k))).toEqual([]);
    // The truncated gzip partition is failed for good, by key, with its reason. Injected Lambda faults are drawn
    // per invocation, so the batch holding it can end on an injected fault first (retried, then failed for good):
    // its reason is then that fault's. Either way it is failed by key, never lost or counted.
    expect(a.failedPartitions).toContainEqual({
      key: r.designs[design]!.faults!.injected.truncatedGzipPartitions[0],
      reason: expect.stringMatching(design === 'single-node' ? /^gzip stream truncated or corrupt/ : /^(gzip stream truncated or corrupt|failed after retries: )/),
    });
  });

  test('single-node: the crash is retried once and costs one extra transition and the redone task time', () => {
    const f = r.designs['single-node']!.faults!;
    expect(f.injected.singleNodeCrashAfterPartitions).toBe(5);
    expect(f.observedErrors).toEqual({ 'States.TaskFailed': 1 });
    expect(f.retries).toBe(1);
    expect(f.costOfFailure.extraTransitions).toBe(1);
    expect(f.costOfFailure.extraTaskSeconds).toBeGreaterThan(0);
    expect(f.affectedPartitions).toHaveLength(16);
  });

  test('distributed: injected Lambda faults are seen in the history, retried, and the rest caught by key', () => {
    const f = r.designs.distributed!.faults!;
    const injected = f.injected.lambda!;
    const total = injected.throw + injected.timeout + injected.oom + injected.throttle;
    expect(total).toBeGreaterThan(0);
    const observed = Object.values(f.observedErrors).reduce((a, b) => a + b, 0);
    // Every injected fault is one failed attempt in the execution history.
    expect(observed).toBe(total);
    expect(f.retries).toBeGreaterThan(0);
    for (const batch of f.failedForGood) expect(batch.partitions.length).toBeGreaterThan(0);
    expect(f.costOfFailure.extraTransitions).toBe(f.retries + f.failedForGood.filter((b) => !/^gzip/.test(b.error)).length);
  });

  test('the memo shows the failures and what they cost', () => {
    const memo = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(memo).toMatch(/Failures under injected faults in single-node/);
    expect(memo).toMatch(/Failures under injected faults in distributed/);
    expect(memo).toMatch(/cost of failure/);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec } from '../../../simulator/cli/main';
import { testDeps } from '../cli-test-deps';
import { descendants } from '../../../simulator/emulator/process-tree';
import { Results, resultsSchema } from '../../../simulator/results/results';

/**
 * End to end on the embedded moto emulator at small scale: `scalesim run` through the CLI, both
 * designs deployed from `cdk synth` output through CloudFormation and run by their state machines.
 */
const SCENARIO = path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml');
const EVENTS = 10_000;
const PARTITIONS = 4;

describe('scalesim run on moto (10k events)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-e2e-'));
  const output: string[] = [];
  let code: number;
  let results: Results;

  beforeAll(async () => {
    code = await exec(['run', SCENARIO, '--events', String(EVENTS), '--partitions', String(PARTITIONS), '--out', dir, '--probe-access', '--quiet'], testDeps(output));
    results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 0 and reports a complete run', () => {
    expect({ code, out: output.join('') }).toEqual({ code: 0, out: expect.stringContaining('wrote') });
    expect(results.status).toBe('complete');
    expect(results.incompleteReason).toBeUndefined();
  });

  test('results.json validates against its schema', () => {
    const parsed = resultsSchema.safeParse(results);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
    expect(results.command).toBe(`npx scalesim run ${path.relative(process.cwd(), SCENARIO)} --events ${EVENTS} --partitions ${PARTITIONS} --probe-access`);
  });

  test.each(['single-node', 'distributed'] as const)('%s: every partition accounted for, invariant holds', (design) => {
    const d = results.designs[design]!;
    expect(d.executionStatus).toBe('SUCCEEDED');
    expect(d.accounting.invariantHolds).toBe(true);
    expect(d.accounting.violations).toEqual([]);
    expect(d.accounting.missingPartitions).toEqual([]);
    expect(d.accounting.partitions).toHaveLength(PARTITIONS);
    expect(d.accounting.input).toBe(EVENTS);
    expect(d.accounting.curated + d.accounting.quarantined + d.accounting.duplicatesDropped).toBe(EVENTS);
    // The scenario injects duplicates and corrupt records: some of each must have been caught.
    expect(d.accounting.duplicatesDropped).toBeGreaterThan(0);
    expect(d.accounting.quarantined).toBeGreaterThan(0);
  });

  test('both designs produce the same counts on the same data', () => {
    const a = results.designs['single-node']!;
    const b = results.designs.distributed!;
    expect(b.accounting.partitions).toEqual(a.accounting.partitions);
    expect(JSON.stringify(b.quality)).toBe(JSON.stringify(a.quality));
  });

  test('REPORT lines were parsed for every worker invocation', () => {
    const inv = results.designs.distributed!.profile.invocations!;
    expect(inv.count).toBe(PARTITIONS);
    expect(inv.cold).toBeGreaterThanOrEqual(1);
    expect(inv.memorySizeMb).toBe(1769);
    expect(inv.billedMsSum).toBeGreaterThan(inv.durationMs.sum);
    const usage = results.designs.distributed!.usage!;
    expect(usage.lambda!.invocations).toHaveLength(PARTITIONS);
  });

  test('orchestration comes from the execution history', () => {
    const d = results.designs.distributed!.orchestration;
    // Map state + one task per partition + Succeed.
    expect(d.transitions).toBe(PARTITIONS + 2);
    expect(d.mapIterations).toBe(PARTITIONS);
    expect(results.designs['single-node']!.orchestration.transitions).toBe(2);
    expect(results.designs['single-node']!.usage!.fargate!.taskSeconds).toHaveLength(1);
  });

  test('cost, access, bottleneck and model slot into the same file', () => {
    for (const design of ['single-node', 'distributed'] as const) {
      const d = results.designs[design]!;
      expect((d.cost as { perRunUsd: number }).perRunUsd).toBeGreaterThan(0);
      expect((d.access as { summary: { principals: number } }).summary.principals).toBeGreaterThanOrEqual(6);
      expect(d.bottleneck?.kind).toMatch(/-bound$/);
      expect(d.runtime.projectedAws?.basis).toBe('projected');
    }
    expect(results.model?.crossover.sentence).toMatch(/^Projected on AWS, distributed /);
    expect(results.recommendation?.decision).toBeTruthy();
  });

  test('the run-time access probe checked every persona against the matrix on an IAM-enforcing emulator', () => {
    const probe = results.accessProbe as { summary: { checks: number; enforced: number; evaluated: number; unverified: number; mismatches: number; passed: boolean } };
    expect(probe.summary).toMatchObject({ mismatches: 0, passed: true, unverified: 0 });
    expect(probe.summary.enforced).toBeGreaterThanOrEqual(80);
    expect(probe.summary.enforced + probe.summary.evaluated).toBe(probe.summary.checks);
    for (const design of ['single-node', 'distributed'] as const) {
      expect((results.designs[design]!.access as { basis: string }).basis).toBe('static+probe');
    }
  });

  test('the emulator left no process behind', () => {
    const left = descendants(process.pid).map((pid) => {
      try {
        return `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`;
      } catch {
        return `${pid} (gone)`;
      }
    });
    expect(left.filter((l) => !l.endsWith('(gone)'))).toEqual([]);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec } from '../../../../simulator/cli/main';
import { testDeps } from '../../cli-test-deps';
import { descendants } from '../../../../simulator/emulator/process-tree';
import { Results, resultsSchema } from '../../../../simulator/results/results';

/**
 * End to end on the embedded moto emulator at small scale: `scalesim run` through the CLI, both
 * designs deployed from `cdk synth` output through CloudFormation and run by their state machines.
 */
const SCENARIO = path.join(__dirname, '..', '..', '..', '..', 'scenarios', 'baseline.yaml');
const EVENTS = 10_000;
const PARTITIONS = 4;

describe('scalesim run on moto (10k events)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-e2e-'));
  const output: string[] = [];
  let code: number;
  let results: Results;

  beforeAll(async () => {
    // Validation volumes are the subject of validation.e2e.test.ts; this run keeps to one volume.
    code = await exec(['run', SCENARIO, '--events', String(EVENTS), '--partitions', String(PARTITIONS), '--out', dir, '--no-validate', '--probe-access', '--quiet'], testDeps(output));
    results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const d = (design: 'single-node' | 'distributed') => results.designs[design]!;

  test('exits 0 and reports a complete run', () => {
    expect({ code, out: output.join('') }).toEqual({ code: 0, out: expect.stringContaining('wrote') });
    expect(results.status).toBe('complete');
    expect(results.incompleteReason).toBeUndefined();
  });

  test('results.json validates against its schema', () => {
    const parsed = resultsSchema.safeParse(results);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
    expect(results.command).toBe(`npx scalesim run ${path.relative(process.cwd(), SCENARIO)} --events ${EVENTS} --partitions ${PARTITIONS} --no-validate --probe-access`);
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

  test.each(['single-node', 'distributed'] as const)('%s: curated and quarantine outputs are stored gzip-compressed, and S3 is priced on the bytes stored', (design) => {
    const d = results.designs[design]!;
    expect(results.scenario.spec.workload.outputCompression).toBe('gzip');
    // The write stage counts the bytes of the objects as stored; the records it wrote are the
    // decompressed input less what was dropped, so stored bytes well below the input's text mean compression.
    const text = d.profile.stages.parse.bytes;
    const written = d.profile.stages.write.bytes;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(text / 3);
    // Storage cost uses what S3 holds (listed sizes): the compressed outputs plus the audit documents.
    expect(d.usage!.s3.storedBytes).toBeGreaterThanOrEqual(written);
    expect(d.usage!.s3.storedBytes).toBeLessThan(text / 2);
    expect(results.workload.outputCompression).toBe('gzip');
    // Per zone, as the cost model prices them: curated + quarantine are exactly the compressed objects the
    // workers wrote, the audit zone the rest, and the zones add up to storedBytes (nothing counted twice).
    const z = d.usage!.s3.zones!;
    expect(z.curated!.bytes + z.quarantine!.bytes).toBe(written);
    expect(z.curated!.bytes + z.quarantine!.bytes + z.audit!.bytes).toBe(d.usage!.s3.storedBytes);
    expect(z.raw!.bytes).toBe(results.workload.bytes);
  });

  test.each(['single-node', 'distributed'] as const)('%s: the run data was deleted from the emulator once collected, and the results say so', (design) => {
    const deleted = results.designs[design]!.runDataDeleted!;
    const z = results.designs[design]!.usage!.s3.zones!;
    // At least every output object; the design that ran last also its raw zone (the other's was copied and deleted then).
    expect(deleted.objects).toBeGreaterThanOrEqual(z.curated!.objects + z.quarantine!.objects + z.audit!.objects);
    expect(deleted.bytes).toBeGreaterThanOrEqual(d(design).usage!.s3.storedBytes);
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

  test('one workload CPU per event, measured in isolation, for both designs; no held-out volume with --no-validate, and the memo says why', () => {
    const wc = results.model!.workloadCost!;
    expect(wc.basis).toBe('measured');
    expect(wc.cpuPerEventMs.value).toBeGreaterThan(0);
    expect(results.designs['single-node']!.runtime.projectedAws!.cpuPerEventMs).toBe(wc.cpuPerEventMs.value);
    expect(results.designs.distributed!.runtime.projectedAws!.cpuPerEventMs).toBe(wc.cpuPerEventMs.value);
    expect(results.model!.validation.heldOut).toEqual([]);
    expect(results.model!.validation.note).toMatch(/not run \(--no-validate\)/);
    const memo = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(memo).toMatch(/### Validation\n\nNo volume was held out: held-out validation not run \(--no-validate\)/);
    expect(memo).not.toMatch(/unknown/i);
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

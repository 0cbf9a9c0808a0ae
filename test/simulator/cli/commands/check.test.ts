import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkReportSchema, type CheckReport } from '../../../../simulator/check/report-schema';
import { synthesizeForCheck } from '../../../../simulator/check/synthesize';
import { makeCheckCommand } from '../../../../simulator/cli/commands/check';
import { exec } from '../../../../simulator/cli/main';
import { widenGrant } from '../../../fixtures/access/templates';
import { fixtureFile } from '../../report/fixtures';
import { runCli, runSpec } from './cli-harness';
import { testDeps } from '../../cli-test-deps';

/**
 * `scalesim check` end to end: the real in-process synthesis of the shipped baseline (memoized, so this
 * file synthesizes it once), parsed through the real option table. The gate logic is covered on
 * fixtures in test/simulator/check/.
 */

const REPO = path.join(__dirname, '..', '..', '..', '..');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-check-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], cwd = REPO): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await exec(argv, { ...testDeps(out, err, {}), cwd });
  return { code, out: out.join(''), err: err.join('') };
}

/** main's facts: `scalesim check scenarios/baseline.yaml --format json`, as the example workflow writes them. */
async function mainReport(): Promise<string> {
  const file = path.join(dir, 'main-check.json');
  if (!fs.existsSync(file)) {
    const r = await run(['check', 'scenarios/baseline.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    fs.writeFileSync(file, r.out);
  }
  return file;
}

describe('scalesim check (real synthesis of the shipped baseline)', () => {
  test('the shipped baseline passes its own gates: exit 0', async () => {
    const r = await run(['check', 'scenarios/baseline.yaml']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^scalesim check: baseline \(static: templates synthesized, cost and runtime projected, no run\)\n/);
    expect(r.out).toMatch(/^ {2}pass monthly cost \(single-node\): \$4\d\.\d\d a month \(month 12, \$4\d\.\d\d fixed, projected\); limit \$50\.00 \(gates\.maxMonthlyUsd\)$/m);
    expect(r.out).toMatch(/^ {2}pass p95 runtime \(distributed\): .* projected \(p95; band .*\); limit 30 min \(gates\.maxRuntimeMinutes\)$/m);
    expect(r.out).toMatch(/^ {2}pass no unpriced resources \(single-node\): 0 unpriced; limit 0 unpriced$/m);
    expect(r.out).not.toMatch(/FAIL/);
    expect(r.out.trimEnd().split('\n').pop()).toBe('PASS: all 6 checks passed; 3 skipped: no new access, no new IAM findings, accounting invariant');
  });

  test('--format json is valid against the report schema, and is a baseline the same check passes against', async () => {
    const report = checkReportSchema.parse(JSON.parse(fs.readFileSync(await mainReport(), 'utf8'))) as CheckReport;
    expect(report.verdict).toBe('pass');
    expect(Object.keys(report.facts.designs)).toEqual(['single-node', 'distributed']);
    // The assembly carries creation stacks: constructs have source lines in lib/.
    const role = Object.values(report.facts.designs.distributed!.constructs).find((c) => c.path.endsWith('/Platform/Access/MlEngineer/Resource'))!;
    expect(role.source?.file).toMatch(/^lib\/constructs\/[a-z-]+\.ts$/);
    const r = await run(['check', 'scenarios/baseline.yaml', '--baseline', await mainReport(), '--no-new-access']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}pass no new access \(distributed\): no new grants across \d+ principals; limit 0 grants the baseline did not allow$/m);
    expect(r.out).toMatch(/^ {2}pass no new IAM findings \(single-node\): none new/m);
  });

  test('a widened grant (s3:PutObject on the raw zone for the ML engineer) fails --no-new-access: exit 1, naming the role, the action and the construct path', async () => {
    const widened = makeCheckCommand((s) => {
      const t = synthesizeForCheck(s);
      return { ...t, distributed: { ...t.distributed, template: widenGrant(t.distributed.template, 'ml-engineer', 'raw', ['s3:PutObject']) } };
    });
    const baseline = await mainReport();
    // What yargs hands over for `--no-new-access` (the parse itself is covered below with exec).
    const r = await runSpec(widened, { input: 'scenarios/baseline.yaml', baseline, 'new-access': false }, REPO);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  FAIL no new access (distributed): 1 new grant for ml-engineer role; limit 0 grants the baseline did not allow\n');
    expect(r.stdout).toMatch(
      /- ml-engineer role \(scalesim-baseline-distributed\/Platform\/Access\/MlEngineer\/Resource\) may now s3:PutObject on arn:aws:s3:::\{PlatformZonesRaw[0-9A-F]{8}\}\/\* \(raw zone objects\); granted in scalesim-baseline-distributed\/Platform\/Access\/MlEngineer\/DefaultPolicy\/Resource\n {9}source: lib\/constructs\/[a-z-]+\.ts:\d+/,
    );
    expect(r.stdout).toMatch(/^ {2}pass no new access \(single-node\)/m);
    const gh = await runSpec(widened, { input: 'scenarios/baseline.yaml', baseline, 'new-access': false, format: 'github' }, REPO);
    expect(gh.code).toBe(1);
    expect(gh.stdout).toMatch(/^::error file=lib\/constructs\/[a-z-]+\.ts,line=\d+,col=\d+,title=scalesim check%3A no new access \(distributed\)::ml-engineer role .* s3:PutObject /m);
    expect(gh.stderr).toBe(
      'scalesim: FAIL no new access (distributed): 1 new grant for ml-engineer role; limit 0 grants the baseline did not allow\nscalesim: FAIL no new IAM findings (distributed): 1 new (high stakeholder-matrix); limit 0 new high or medium findings\n',
    );
  });

  test('--no-new-access through the real parser: a baseline that allowed less makes the shipped stacks fail, naming what is new', async () => {
    const report = JSON.parse(fs.readFileSync(await mainReport(), 'utf8')) as CheckReport;
    const facts = report.facts.designs['single-node']!;
    const ml = facts.access!.principals.find((p) => p.persona === 'ml-engineer')!;
    // main's ML engineer could not read the audit zone's objects; the pull request's can.
    ml.grants = ml.grants.map((g) => ({ ...g, resources: g.resources.filter((r) => !r.includes(`{${facts.access!.zoneBuckets.audit}}/`)) })).filter((g) => g.resources.length > 0);
    const narrower = path.join(dir, 'narrower.json');
    fs.writeFileSync(narrower, JSON.stringify(report));
    const r = await run(['check', 'scenarios/baseline.yaml', '--baseline', narrower, '--no-new-access', '--new-findings']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}FAIL no new access \(single-node\): 1 new grant for ml-engineer role; limit 0 grants the baseline did not allow$/m);
    expect(r.out).toMatch(/may now s3:GetObject on arn:aws:s3:::\{PlatformZonesAudit[0-9A-F]{8}\}\/\* \(audit zone objects\)/);
    expect(r.out).toMatch(/^ {2}SKIP no new IAM findings: off \(--new-findings\)$/m);
  });

  test('a cost gate below the baseline’s monthly cost fails: exit 1, one line with the value and the limit', async () => {
    const r = await run(['check', 'scenarios/baseline.yaml', '--max-monthly-usd', '10', '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^scalesim: FAIL monthly cost \(single-node\): \$4\d\.\d\d a month \(month 12, \$4\d\.\d\d fixed, projected\); limit \$10\.00 \(--max-monthly-usd\)\n$/);
    expect(r.out).toMatch(/^## ❌ scalesim check failed: baseline\n/);
    expect(r.out).toMatch(/\| single-node \| ❌ \*\*fail\*\* \| \$4\d\.\d\d a month .* \| \$10\.00 \(--max-monthly-usd\) \|/);
  });

  test.each([
    [['check', 'scenarios/baseline.yaml', '--bogus'], /^scalesim: Unknown argument: bogus\n$/],
    [['check', 'scenarios/baseline.yaml', '--format', 'md'], /^scalesim: Invalid values: Argument: format, Given: "md", Choices: "text", "json", "markdown", "github"\n$/],
    [['check', 'scenarios/baseline.yaml', '--max-monthly-usd', 'abc'], /^scalesim: --max-monthly-usd: expected a number, got "abc"\n$/],
    [['check', 'scenarios/baseline.yaml', '--max-runtime-minutes', '0'], /^scalesim: --max-runtime-minutes: expected a number > 0, got 0\n$/],
    [['check', 'scenarios/baseline.yaml', '--no-new-access'], /^scalesim: --no-new-access compares with a baseline: pass --baseline <results\.json \| scenario\.yaml \| check report>\n$/],
    [['check', 'scenarios/baseline.yaml', '--baseline', 'nope.json'], /^scalesim: cannot read results file nope\.json: ENOENT\n$/],
    [['check', 'scenarios/baseline.yaml', '--baseline', 'a.json', '--baseline', 'b.json'], /^scalesim: --baseline was given 2 times; give it once\n$/],
    [['check', 'README.md'], /^scalesim: input README\.md: expected a scenario \.yaml, a results\.json\n$/],
    [['check'], /^scalesim: Not enough non-option arguments: a required argument is missing \(see --help\)\n$/],
  ])('%p exits 2 with one line', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  test('a nonsense flag in the real CLI (child process) exits 2 with one line and no stack trace', () => {
    const r = runCli(['check', 'scenarios/baseline.yaml', '--frobnicate', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('scalesim: Unknown argument: frobnicate\n');
  });

  test('a results.json: gates on the measured run, accounting included, and the Markdown embeds `scalesim diff`', async () => {
    const base = JSON.parse(fs.readFileSync(fixtureFile('baseline-complete'), 'utf8')) as { scenario: { spec: unknown }; designs: Record<string, { accounting: Record<string, unknown> }> };
    // The run's scenario is the shipped baseline's, so its templates come from the same (memoized) synthesis.
    base.scenario.spec = (await import('../../../../simulator/scenario/load')).loadScenario(path.join(REPO, 'scenarios', 'baseline.yaml')).scenario;
    const good = path.join(dir, 'good.results.json');
    fs.writeFileSync(good, JSON.stringify(base));
    const ok = await run(['check', good, '--baseline', good, '--format', 'markdown']);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/\| single-node \| ✅ pass \| [\d,]+ = [\d,]+ \+ [\d,]+ \+ [\d,]+ holds; 0 lost, 0 failed partitions \(measured\) \|/);
    expect(ok.out).toContain('<details><summary>Comparison with the baseline (<code>scalesim diff</code>)</summary>\n\n#### scalesim diff: baseline → baseline');
    const broken = structuredClone(base);
    broken.designs.distributed!.accounting = { ...broken.designs.distributed!.accounting, invariantHolds: false, violations: ['part-00003: input 31250 != 31000 + 200 + 10'] };
    const bad = path.join(dir, 'bad.results.json');
    fs.writeFileSync(bad, JSON.stringify(broken));
    const r = await run(['check', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}FAIL accounting invariant \(distributed\): [\d,]+ = [\d,]+ \+ [\d,]+ \+ [\d,]+ BROKEN; 0 lost, 0 failed partitions \(measured\); limit input = curated \+ quarantined \+ duplicates, 0 lost partitions$/m);
    expect(r.out).toContain('       - part-00003: input 31250 != 31000 + 200 + 10\n');
  });
});

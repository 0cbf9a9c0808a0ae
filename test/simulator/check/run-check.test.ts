import { formatMs } from '../../../simulator/report/format';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CfnTemplate } from '../../../simulator/assembly/template';
import { GATES } from '../../../simulator/check/gates';
import { checkReportSchema, type CheckReport } from '../../../simulator/check/report-schema';
import { runCheck, type CheckOptions } from '../../../simulator/check/run-check';
import type { GateFlags } from '../../../simulator/check/config';
import { isUserError } from '../../../simulator/errors';
import { widenGrant } from '../../fixtures/access/templates';
import { fixtureSynthesizer, REPO } from './fixtures';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-check-run-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function check(o: { input?: string; baseline?: string; flags?: GateFlags; edit?: (t: CfnTemplate) => CfnTemplate; cwd?: string } = {}): ReturnType<typeof runCheck> {
  const opts: CheckOptions = {
    input: o.input ?? 'scenarios/baseline.yaml',
    ...(o.baseline ? { baseline: o.baseline } : {}),
    flags: o.flags ?? {},
    facts: { synthesize: fixtureSynthesizer(o.edit ? { edit: { distributed: o.edit }, sources: true } : { sources: true }), cwd: o.cwd ?? REPO },
  };
  return runCheck(opts);
}

const lines = (r: CheckReport, status: string) => r.gates.filter((g) => g.status === status).map((g) => g.line);

async function baselineReport(): Promise<string> {
  const file = path.join(dir, 'base-check.json');
  if (!fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify((await check()).report));
  return file;
}

describe('runCheck', () => {
  test('the registry has one gate per id, and the report is valid against its schema', async () => {
    expect(new Set(GATES.map((g) => g.id)).size).toBe(GATES.length);
    const { report } = await check();
    expect(checkReportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
    expect(new Set(report.gates.map((g) => g.gate))).toEqual(new Set(GATES.map((g) => g.id)));
  });

  test('the baseline scenario passes its own gates; the comparing gates and accounting are skipped, and say why', async () => {
    const { report } = await check();
    expect(report.verdict).toBe('pass');
    expect(lines(report, 'fail')).toEqual([]);
    expect(lines(report, 'skip')).toEqual([
      'SKIP no new access: no baseline to compare with (pass --baseline results.json, scenario.yaml or a check report)',
      'SKIP no new IAM findings: no baseline to compare with (pass --baseline)',
      'SKIP accounting invariant: static check: nothing ran, so nothing to account for (check a results.json to gate on it)',
    ]);
    expect(report.summary).toBe('PASS: all 6 checks passed; 3 skipped: no new access, no new IAM findings, accounting invariant');
    const cost = report.gates.find((g) => g.gate === 'monthly-cost' && g.design === 'single-node')!;
    expect(cost.line).toMatch(/^pass monthly cost \(single-node\): \$\d+\.\d\d a month \(month 12, \$\d+\.\d\d fixed, projected\); limit \$50\.00 \(gates\.maxMonthlyUsd\)$/);
  });

  test('against itself (a check report as the baseline), nothing is new', async () => {
    const { report } = await check({ baseline: await baselineReport() });
    expect(report.verdict).toBe('pass');
    expect(report.baseline).toMatchObject({ kind: 'check', scenario: 'baseline', basis: 'static' });
    expect(report.gates.filter((g) => g.gate === 'no-new-access').map((g) => g.status)).toEqual(['pass', 'pass']);
    expect(report.gates.find((g) => g.gate === 'monthly-cost')!.baseline).toMatch(/^\$\d+\.\d\d \(±0\)$/);
  });

  test('a widened grant fails no new access, naming the role, the action, the construct path and the source line', async () => {
    const { report } = await check({ baseline: await baselineReport(), flags: { newAccess: false }, edit: (t) => widenGrant(t, 'ml-engineer', 'raw', ['s3:PutObject']) });
    expect(report.verdict).toBe('fail');
    const gate = report.gates.find((g) => g.gate === 'no-new-access' && g.design === 'distributed')!;
    expect(gate.line).toBe('FAIL no new access (distributed): 1 new grant for ml-engineer role; limit 0 grants the baseline did not allow');
    expect(gate.items).toHaveLength(1);
    expect(gate.items[0]).toMatchObject({
      principal: 'ml-engineer role',
      action: 's3:PutObject',
      constructPath: 'scalesim-baseline-distributed/Platform/Access/MlEngineer/Resource',
      source: { file: 'lib/constructs/data-zones.ts', line: 122 },
    });
    expect(gate.items[0]!.resource).toMatch(/^arn:aws:s3:::\{PlatformZonesRaw[0-9A-F]{8}\}\/\* \(raw zone objects\)$/);
    expect(gate.items[0]!.message).toContain('granted in scalesim-baseline-distributed/Platform/Access/MlEngineer/DefaultPolicy/Resource');
    // The same widening is also a new high stakeholder-matrix finding.
    expect(report.gates.find((g) => g.gate === 'no-new-findings' && g.design === 'distributed')!.status).toBe('fail');
    expect(report.gates.find((g) => g.gate === 'no-new-access' && g.design === 'single-node')!.status).toBe('pass');
  });

  test('a cost limit below the monthly cost fails with the value and the limit; a runtime limit below the projection too', async () => {
    const { report } = await check({ flags: { maxMonthlyUsd: 1, maxRuntimeMinutes: 0.05 } });
    expect(report.verdict).toBe('fail');
    expect(lines(report, 'fail').filter((l) => l.includes('monthly cost'))).toEqual([
      expect.stringMatching(/^FAIL monthly cost \(single-node\): \$4\d\.\d\d a month \(month 12, \$4\d\.\d\d fixed, projected\); limit \$1\.00 \(--max-monthly-usd\)$/),
      expect.stringMatching(/^FAIL monthly cost \(distributed\): \$\d\.\d\d a month \(month 12, \$1\.\d\d fixed, projected\); limit \$1\.00 \(--max-monthly-usd\)$/),
    ]);
    const runtime = report.gates.filter((g) => g.gate === 'runtime');
    expect(runtime.map((g) => g.status)).toEqual(['fail', 'fail']);
    expect(runtime[0]!.line).toMatch(/^FAIL p95 runtime \(single-node\): [\d.]+ (s|min) projected \(p95; band .*\); limit 3 s \(--max-runtime-minutes\)$/);
    // The static projection is the seeded Monte Carlo a run uses: the gate reads its p95.
    const facts = report.facts.designs['single-node']!.runtime!;
    expect(facts.p95Ms).toBeGreaterThan(facts.midMs);
    expect(facts.p95Ms).toBeLessThanOrEqual(facts.highMs);
    expect(runtime[0]!.line).toContain(`${formatMs(facts.p95Ms!)} projected (p95;`);
    const top = report.gates.find((g) => g.gate === 'monthly-cost' && g.design === 'single-node')!.items[0]!;
    expect(top.message).toMatch(/^top cost driver: AWS::EC2::VPCEndpoint \(3 resources\)/);
    expect(top.constructPath).toMatch(/^scalesim-baseline-single-node\/Vpc\//);
  });

  test('an unpriced resource fails, with its construct path; the gate can be switched off', async () => {
    const edit = (t: CfnTemplate): CfnTemplate => ({
      ...t,
      Resources: { ...t.Resources, Crawler: { Type: 'AWS::Glue::Crawler', Properties: {}, Metadata: { 'aws:cdk:path': 'scalesim-baseline-distributed/Catalog/Crawler' } } as CfnTemplate['Resources'][string] },
    });
    const { report } = await check({ edit });
    const gate = report.gates.find((g) => g.gate === 'no-unpriced' && g.design === 'distributed')!;
    expect(gate.line).toBe('FAIL no unpriced resources (distributed): 1 unpriced: AWS::Glue::Crawler; limit 0 unpriced');
    expect(gate.items).toEqual([{ message: 'AWS::Glue::Crawler has no price (left out of the totals)', constructPath: 'scalesim-baseline-distributed/Catalog/Crawler' }]);
    const off = await check({ edit, flags: { unpriced: true } });
    expect(off.report.verdict).toBe('pass');
    expect(lines(off.report, 'skip')).toContain('SKIP no unpriced resources: off (--unpriced)');
  });

  test('asking for --no-new-access without a baseline is a usage error; so is a check report as the input', async () => {
    await expect(check({ flags: { newAccess: false } })).rejects.toThrow(/^--no-new-access compares with a baseline: pass --baseline <results\.json \| scenario\.yaml \| check report>$/);
    const err = await check({ input: await baselineReport() }).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/is a scalesim check report: pass it as --baseline/);
  });

  test('a damaged check report as the baseline is refused on one line naming the field', async () => {
    const damaged = path.join(dir, 'damaged.json');
    const report = JSON.parse(fs.readFileSync(await baselineReport(), 'utf8')) as { facts: { designs: Record<string, { cost?: { perMonthUsd: unknown } }> } };
    report.facts.designs['single-node']!.cost!.perMonthUsd = 'cheap';
    fs.writeFileSync(damaged, JSON.stringify(report));
    await expect(check({ baseline: damaged })).rejects.toThrow(/^.*damaged\.json: not a check report this scalesim reads: facts\.designs\.single-node\.cost\.perMonthUsd: .*; write it again with `scalesim check --format json`$/);
    const future = path.join(dir, 'future.json');
    fs.writeFileSync(future, JSON.stringify({ ...report, schemaVersion: 9 }));
    await expect(check({ baseline: future })).rejects.toThrow(/\(schemaVersion 9; this scalesim reads 1\): schemaVersion/);
  });

  test('a design the projection had to resize to meet the SLA fails the runtime gate, whatever the limit', async () => {
    // SLA 1 min: the configured 2-vCPU task needs about 80 s, so the projection moves it to a larger task.
    const scenarioDir = path.join(dir, 'tight');
    fs.mkdirSync(path.join(scenarioDir, 'schemas'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'scenarios', 'schemas', 'registry.json'), path.join(scenarioDir, 'schemas', 'registry.json'));
    const text = fs.readFileSync(path.join(REPO, 'scenarios', 'baseline.yaml'), 'utf8').replace(/deadlineMinutes: 30/, 'deadlineMinutes: 1');
    fs.writeFileSync(path.join(scenarioDir, 'tight.yaml'), text);
    const { report } = await check({ input: path.join(scenarioDir, 'tight.yaml') });
    const single = report.gates.find((g) => g.gate === 'runtime' && g.design === 'single-node')!;
    expect(single.status).toBe('fail');
    expect(single.line).toMatch(/^FAIL p95 runtime \(single-node\): .*; Fargate (4|8|16) vCPU .*; the projection resized it to Fargate .* to meet the SLA; as configured it misses\); limit 30 min \(gates\.maxRuntimeMinutes\)$/);
    expect(report.gates.find((g) => g.gate === 'runtime' && g.design === 'distributed')!.status).toBe('pass');
  });
});

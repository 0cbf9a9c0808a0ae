import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BASELINE, SAMPLE_USAGE } from '../../cost/sample-usage';
import { costCommand } from '../../../../simulator/cli/commands/cost';
import { runCli, runSpec } from './cli-harness';
import { fixtureFile } from '../../report/fixtures';

const REPO = path.join(__dirname, '..', '..', '..', '..');
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-cost-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A results.json the way a run writes it (the complete fixture), with this test's spec and designs' usage. */
function writeResults(overrides: { budget?: { perRunUsd: number; perMonthUsd: number }; designs?: Record<string, Record<string, unknown>>; spec?: unknown; status?: 'incomplete' } = {}): string {
  const spec = overrides.spec ?? { ...BASELINE.scenario, budget: overrides.budget ?? BASELINE.scenario.budget };
  const base = JSON.parse(fs.readFileSync(fixtureFile('baseline-complete'), 'utf8')) as { designs: Record<string, Record<string, unknown>> };
  const designs = overrides.designs ?? {
    'single-node': { usage: SAMPLE_USAGE['single-node'] },
    distributed: { usage: SAMPLE_USAGE.distributed },
  };
  const results = {
    ...base,
    ...(overrides.status ? { status: overrides.status, incompleteReason: 'distributed: execution FAILED' } : {}),
    scenario: { name: 'baseline', file: 'scenarios/baseline.yaml', hash: BASELINE.hash, seed: BASELINE.scenario.seed, spec },
    designs: Object.fromEntries(Object.entries(designs).map(([d, patch]) => [d, { ...base.designs[d], ...patch }])),
  };
  const file = path.join(dir, 'results.json');
  fs.writeFileSync(file, JSON.stringify(results));
  return 'results.json';
}

describe('scalesim cost <results.json>', () => {
  it('prints both designs by service, per run, per 1M events and per month, labelled measured-usage × list price, naming the snapshot and date', async () => {
    const r = await runSpec(costCommand, { input: writeResults() }, dir);
    // The three interface endpoints' fixed cost, shared over 30 runs, puts single-node over $0.50 a run.
    expect(r.stderr).toMatch(/^scalesim: warning: over budget: single-node: \$1\.5\d+ per run > \$0\.50 budget\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scalesim cost: baseline \(measured-usage × list price\)/);
    expect(r.stdout).toMatch(/from: {3}results.json \(scenario sha256 [0-9a-f]{12}\)/);
    expect(r.stdout).toMatch(/prices: pricing\/aws-us-east-1.json, dated 2026-11/);
    expect(r.stdout).toMatch(/single-node\s+distributed/);
    for (const row of ['Lambda', 'Step Functions', 'Fargate', 'S3', 'CloudWatch Logs', 'VPC endpoints', 'KMS', 'fixed per month', 'run-dependent per run', 'per run (incl. fixed share)', 'per 1M events', 'per month, month 1', 'per month, month 12']) expect(r.stdout).toContain(row);
    expect(r.stdout).toMatch(/single-node: top cost driver AWS::EC2::VPCEndpoint \(3 resources\), \$43\.8\d a month/);
    expect(r.stdout).toMatch(/scalesim-baseline-single-node\/Vpc\/EcrApi\/Resource +AWS::EC2::VPCEndpoint +fixed +\$14\.60/);
  });

  it('with --enforce-budget, exits 1 when a design is over budget', async () => {
    const file = writeResults({ budget: { perRunUsd: 0.005, perMonthUsd: 1 } });
    const enforced = await runSpec(costCommand, { input: file, 'enforce-budget': true }, dir);
    expect(enforced.code).toBe(1);
    expect(enforced.stdout).toMatch(/OVER \(per run, per month\)/);
    expect(enforced.stderr).toMatch(/^scalesim: over budget \(--enforce-budget\): single-node: \$1\.52\d* per run > \$0\.01 budget; single-node: \$45\.\d+ per month > \$1\.00 budget; distributed: /);
    const warned = await runSpec(costCommand, { input: file }, dir);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/^scalesim: warning: over budget: /);
  });

  it('prices the designs that have usage and says which have none', async () => {
    const r = await runSpec(costCommand, { input: writeResults({ designs: { distributed: { usage: SAMPLE_USAGE.distributed } } }) }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/single-node: not priced: no usage in results.json \(designs.single-node.usage\)/);
  });

  it('uses --prices when given', async () => {
    const raw = JSON.parse(fs.readFileSync(path.join(REPO, 'pricing', 'aws-us-east-1.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'dec.json'), JSON.stringify({ ...raw, date: '2026-12-03' }));
    const r = await runSpec(costCommand, { input: writeResults(), prices: 'dec.json' }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/prices: .*dec.json, dated 2026-12-03/);
  });

  it('turns mistakes into one-line messages and exit 2', async () => {
    // Each case writes its own results.json when it runs, so the inputs are thunks.
    const cases: [() => Record<string, unknown>, RegExp][] = [
      [() => ({ input: 'notes.txt' }), /notes.txt: expected a results.json \(measured usage\) or a scenario .yaml \(projected cost\)/],
      [() => ({ input: 'missing.json' }), /cannot read results file missing.json: ENOENT/],
      [() => ({ input: writeResults({ designs: {} }) }), /results.json holds no design results \(designs is empty\): .*so scalesim will not price it/],
      [() => ({ input: writeResults({ status: 'incomplete' }) }), /results.json is INCOMPLETE \(distributed: execution FAILED\): its figures cover only what finished, so scalesim will not price it/],
      [
        () => ({
          input: writeResults({
            designs: { distributed: { usage: { ...SAMPLE_USAGE.distributed, lambda: { architecture: 'arm64', invocations: [{ durationMs: 5, memoryMb: 64 }] } } } },
          }),
        }),
        /results.json: not a scalesim results file \(designs\.distributed\.usage\.lambda\.invocations\.0\.memoryMb: got 64, expected >= 128/,
      ],
      [
        () => ({ input: writeResults({ designs: { distributed: { usage: { ...SAMPLE_USAGE.distributed, gpus: 1 } } } }) }),
        /designs\.distributed\.usage: unknown key 'gpus'; allowed: events, lambda/,
      ],
      [() => ({ input: writeResults({ spec: { ...BASELINE.scenario, region: 'mars' } }) }), /results.json: not a scalesim results file \(scenario\.spec\.region: got "mars", an AWS region code such as us-east-1\)/],
      [
        () => ({ input: writeResults({ spec: { ...BASELINE.scenario, region: 'eu-west-1' } }) }),
        /no price snapshot for eu-west-1 .*scalesim prices refresh --region eu-west-1/,
      ],
      [() => ({ input: writeResults(), prices: 'nope.json' }), /cannot read price snapshot .*nope.json: ENOENT/],
    ];
    for (const [makeArgs, message] of cases) {
      const argv = makeArgs();
      const r = await runSpec(costCommand, argv, dir);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"scenario":');
    expect((await runSpec(costCommand, { input: 'bad.json' }, dir)).stderr).toMatch(/bad.json: not valid JSON/);
    fs.writeFileSync(path.join(dir, 'v99.json'), fs.readFileSync(path.join(dir, writeResults()), 'utf8').replace(/"schemaVersion":\d+/, '"schemaVersion":99'));
    expect((await runSpec(costCommand, { input: 'v99.json' }, dir)).stderr).toMatch(/^scalesim: v99.json: schemaVersion 99 is not one this scalesim reads \(it reads 1 to 2\)/);
    fs.writeFileSync(path.join(dir, 'inf.json'), fs.readFileSync(path.join(dir, writeResults()), 'utf8').replace(/"wallMs":[\d.]+/, '"wallMs":1e400'));
    expect((await runSpec(costCommand, { input: 'inf.json' }, dir)).stderr).toMatch(/^scalesim: inf.json: "wallMs" is a number too large to represent \(non-finite\)/);
    // A sparse file: its size says "too large" without writing 200 MB.
    fs.closeSync(fs.openSync(path.join(dir, 'huge.json'), 'w'));
    fs.truncateSync(path.join(dir, 'huge.json'), 200_000_001);
    expect((await runSpec(costCommand, { input: 'huge.json' }, dir)).stderr).toMatch(/huge.json: results file is 200000001 bytes; the limit is 200000000/);
    fs.writeFileSync(path.join(dir, 'other.json'), '{"hello": 1}');
    expect((await runSpec(costCommand, { input: 'other.json' }, dir)).stderr).toMatch(/other.json: not a scalesim results file \(it has no schemaVersion\)/);
  });
});

describe('scalesim cost <scenario.yaml>', () => {
  it('prints a projected cost for both designs, labelled projected, with its assumptions', async () => {
    const r = await runSpec(costCommand, { input: path.join(REPO, 'scenarios', 'baseline.yaml') }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scalesim cost: baseline \(projected\)/);
    expect(r.stdout).toMatch(/usage projected, not measured/);
    expect(r.stdout).toMatch(/cpuMsPerEvent=0.05 ms\/vCPU \(default\)/);
    expect(r.stdout).toMatch(/single-node\s+distributed/);
  });
});

describe('scalesim cost --json', () => {
  interface JsonLine { logicalId: string; type: string; cdkPath: string; pricing: string; monthlyUsd: number; reason: string }
  interface JsonDesign { fixedMonthlyUsd: number; perRunUsd: number; perMonthUsd: number; resources: JsonLine[] }

  it('scenario: both designs with fixedMonthlyUsd, perRunUsd, perMonthUsd and every resource once, each with its path, pricing and reason', async () => {
    const r = await runSpec(costCommand, { input: path.join(REPO, 'scenarios', 'baseline.yaml'), json: true }, dir);
    const out = JSON.parse(r.stdout) as { basis: string; designs: Record<string, JsonDesign> };
    expect(out.basis).toBe('projected');
    expect(Object.keys(out.designs)).toEqual(['single-node', 'distributed']);
    for (const d of Object.values(out.designs)) {
      expect(d).toEqual(expect.objectContaining({ fixedMonthlyUsd: expect.any(Number), perRunUsd: expect.any(Number), perMonthUsd: expect.any(Number) }));
      const ids = d.resources.map((l) => l.logicalId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const l of d.resources) {
        expect(l).toEqual(expect.objectContaining({ logicalId: expect.any(String), type: expect.stringMatching(/^AWS::/), cdkPath: expect.stringMatching(/^scalesim-baseline-/), monthlyUsd: expect.any(Number), reason: expect.any(String) }));
        expect(['fixed', 'usage', 'free']).toContain(l.pricing);
      }
      expect(d.perMonthUsd).toBeCloseTo(d.resources.reduce((n, l) => n + l.monthlyUsd, 0), 8);
    }
    expect(out.designs['single-node'].resources).toHaveLength(56);
    expect(out.designs.distributed.resources).toHaveLength(36);
  });

  it('results.json: the measured usage priced with the templates synthesized from its scenario', async () => {
    const r = await runSpec(costCommand, { input: writeResults(), json: true }, dir);
    const out = JSON.parse(r.stdout) as { basis: string; designs: Record<string, JsonDesign> };
    expect(out.basis).toBe('measured-usage');
    expect(out.designs['single-node'].fixedMonthlyUsd).toBeGreaterThan(45);
    expect(out.designs['single-node'].perMonthUsd).toBeCloseTo(out.designs['single-node'].fixedMonthlyUsd + 30 * (out.designs['single-node'] as unknown as { runDependentPerRunUsd: number }).runDependentPerRunUsd, 8);
  });
});

describe('scalesim cost, end to end (the real CLI in a child process)', () => {
  it('prints the projected table for a scenario; --enforce-budget and a bad input exit as documented', () => {
    // Priced in full, single-node's fixed cost shared over 30 runs exceeds the $0.50 per-run budget:
    // the table is printed, then --enforce-budget exits 1 (one child process: synthesis takes seconds).
    const enforced = runCli(['cost', 'scenarios/baseline.yaml', '--enforce-budget']);
    expect(enforced.stdout).toMatch(/scalesim cost: baseline \(projected\)/);
    expect(enforced.code).toBe(1);
    // $1.55 with the curated and quarantine zones gzip-compressed (the default); $1.63 with outputCompression: none.
    expect(enforced.stderr.trim()).toMatch(/^scalesim: over budget \(--enforce-budget\): single-node: \$1\.5\d+ per run > \$0\.50 budget$/);
    const bad = runCli(['cost', 'scenarios/nope.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^scalesim: cannot read scenario .*nope.yaml: ENOENT$/);
  });
});

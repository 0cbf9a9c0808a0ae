import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BASELINE, SAMPLE_USAGE } from '../sample-usage';
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
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scalesim cost: baseline \(measured-usage × list price\)/);
    expect(r.stdout).toMatch(/from: {3}results.json \(scenario sha256 [0-9a-f]{12}\)/);
    expect(r.stdout).toMatch(/prices: pricing\/aws-us-east-1.json, dated 2026-11/);
    expect(r.stdout).toMatch(/single-node\s+distributed/);
    for (const row of ['Lambda', 'Step Functions', 'Fargate', 'S3', 'CloudWatch Logs', 'per run', 'per 1M events', 'per month']) expect(r.stdout).toContain(row);
  });

  it('with --enforce-budget, exits 1 when a design is over budget', async () => {
    const file = writeResults({ budget: { perRunUsd: 0.005, perMonthUsd: 1 } });
    const enforced = await runSpec(costCommand, { input: file, 'enforce-budget': true }, dir);
    expect(enforced.code).toBe(1);
    expect(enforced.stdout).toMatch(/OVER \(per run\)/);
    expect(enforced.stderr).toMatch(/^scalesim: over budget \(--enforce-budget\): single-node: \$0\.0123 per run > \$0\.01 budget; distributed: /);
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
        /results.json: designs.distributed.usage: lambda.invocations.0.memoryMb: Too small/,
      ],
      [
        () => ({ input: writeResults({ designs: { distributed: { usage: { ...SAMPLE_USAGE.distributed, gpus: 1 } } } }) }),
        /designs.distributed.usage: \(top level\): unknown key 'gpus'/,
      ],
      [() => ({ input: writeResults({ spec: { ...BASELINE.scenario, region: 'mars' } }) }), /results.json: scenario.spec: region: got "mars"/],
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
    fs.writeFileSync(path.join(dir, 'v99.json'), fs.readFileSync(path.join(dir, writeResults()), 'utf8').replace('"schemaVersion":1', '"schemaVersion":99'));
    expect((await runSpec(costCommand, { input: 'v99.json' }, dir)).stderr).toMatch(/^scalesim: v99.json: schemaVersion 99 is not one this scalesim reads \(it reads 1\)/);
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

describe('scalesim cost, end to end (the real CLI in a child process)', () => {
  it('prints the projected table for a scenario and exits 0; --enforce-budget and a bad input exit as documented', () => {
    const ok = runCli(['cost', 'scenarios/baseline.yaml', '--enforce-budget']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/scalesim cost: baseline \(projected\)/);
    const bad = runCli(['cost', 'scenarios/nope.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^scalesim: cannot read scenario .*nope.yaml: ENOENT$/);
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../simulator/deploy/synth';
import { scenario } from './stack-fixtures';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The CDK app entry as `cdk synth` runs it (cdk.json: `npx tsx bin/app.ts`), with context passed the
 * CLI's way: cdk.json's context plus `-c` values, in CDK_CONTEXT_JSON.
 */
function app(context: Record<string, string>, outdir: string) {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'app.ts')], {
    cwd: ROOT,
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context }), CDK_OUTDIR: outdir },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('cdk synth', () => {
  test('a bad scenario file gives one line naming the field and exits 2, with no stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, fs.readFileSync(path.join(ROOT, 'scenarios', 'baseline.yaml'), 'utf8').replace('memoryMiB: 1769', 'memoryMiB: 99999'));
    const r = app({ scenario: bad }, path.join(dir, 'out'));
    expect(r.status).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('scalesim:'));
    expect(lines).toEqual([expect.stringMatching(/^scalesim: .*bad\.yaml: distributed\.lambda\.memoryMiB: got 99999, expected <= 10240$/)]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the app synthesizes another scenario by context, offline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
    const r = app({ scenario: path.join(ROOT, 'scenarios', 'skewed.yaml') }, dir);
    expect({ status: r.status, stderr: r.stderr.split('\n').filter((l) => /error/i.test(l)) }).toEqual({ status: 0, stderr: [] });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort()).toEqual(['scalesim-skewed-distributed.template.json', 'scalesim-skewed-single-node.template.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  const lint = cfnLint.status === 0 ? test : test.skip;
  if (cfnLint.status !== 0) console.warn('SKIPPED cfn-lint checks: cfn-lint is not on PATH (pip install cfn-lint)');
  lint.each(['baseline', 'large', 'faults'])('cfn-lint reports no errors on the %s templates', (name) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
    synthesize(scenario(name), dir);
    const templates = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(dir, f));
    expect(templates).toHaveLength(2);
    const r = spawnSync('cfn-lint', ['--format', 'parseable', ...templates], { encoding: 'utf8', timeout: 120_000 });
    // Parseable lines: file:line:col:endline:endcol:RULE:message. E* rules are errors; W* and I* are not.
    const errors = r.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l));
    expect(errors).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { escapeData, escapeProperty, renderCheckGithub } from '../../../../simulator/check/render/github';
import { runCheck } from '../../../../simulator/check/run-check';
import { widenGrant } from '../../../fixtures/access/templates';
import { fixtureSynthesizer, REPO } from '../fixtures';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-check-gh-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('renderCheckGithub', () => {
  test('escapes as @actions/core does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  test('a passing check: a warning per skipped gate and the verdict as a notice', async () => {
    const { report } = await runCheck({ input: 'scenarios/baseline.yaml', baseline: 'scenarios/baseline.yaml', flags: {}, facts: { synthesize: fixtureSynthesizer({ sources: true }), cwd: REPO } });
    expect(renderCheckGithub(report)).toBe(
      '::warning title=scalesim check%3A accounting invariant skipped::SKIP accounting invariant: static check: nothing ran, so nothing to account for (check a results.json to gate on it)\n' +
        `::notice title=scalesim check::${report.summary}\n`,
    );
  });

  test('one ::error per new grant, on the line that created its policy, naming the call that led there', async () => {
    const base = await runCheck({ input: 'scenarios/baseline.yaml', flags: {}, facts: { synthesize: fixtureSynthesizer(), cwd: REPO } });
    const file = path.join(dir, 'base.json');
    fs.writeFileSync(file, JSON.stringify(base.report));
    const { report } = await runCheck({
      input: 'scenarios/baseline.yaml',
      baseline: file,
      flags: {},
      facts: { synthesize: fixtureSynthesizer({ sources: true, edit: { distributed: (t) => widenGrant(t, 'ml-engineer', 'raw', ['s3:PutObject']) } }), cwd: REPO },
    });
    const out = renderCheckGithub(report).trimEnd().split('\n');
    expect(out[0]).toMatch(
      /^::error file=lib\/constructs\/data-zones\.ts,line=122,col=17,title=scalesim check%3A no new access \(distributed\)::ml-engineer role \(scalesim-baseline-distributed\/Platform\/Access\/MlEngineer\/Resource\) may now s3:PutObject on arn:aws:s3:::\{PlatformZonesRaw[0-9A-F]{8}\}\/\* \(raw zone objects\); granted in scalesim-baseline-distributed\/Platform\/Access\/MlEngineer\/DefaultPolicy\/Resource \(created via new AccessModel \(lib\/constructs\/access-model\.ts:49:43\)\) \[1 new grant for ml-engineer role; limit 0 grants the baseline did not allow\]$/,
    );
    expect(out[1]).toMatch(/^::error file=lib\/constructs\/access-model\.ts,line=42,col=20,title=scalesim check%3A no new IAM findings \(distributed\)::high stakeholder-matrix: ml-engineer on raw/);
    expect(out[out.length - 1]).toBe(`::error title=scalesim check::${report.summary}`);
    expect(out.every((l) => /^::(error|warning|notice)( [a-z]+=[^:]*)?::/.test(l) && !l.includes('\n'))).toBe(true);
  });
});

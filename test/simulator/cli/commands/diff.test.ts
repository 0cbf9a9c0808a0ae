import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffCommand } from '../../../../simulator/cli/commands/diff';
import { fixtureFile } from '../../report/fixtures';
import { runSpec } from './cli-harness';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-diff-cmd-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('scalesim diff', () => {
  it('prints the Markdown comment with the paths as given', async () => {
    fs.copyFileSync(fixtureFile('baseline-no-model'), path.join(dir, 'a.json'));
    fs.copyFileSync(fixtureFile('baseline-complete'), path.join(dir, 'b.json'));
    const r = await runSpec(diffCommand, { a: 'a.json', b: 'b.json' }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## scalesim diff: baseline → baseline\n\na: `a\.json`/);
    expect(r.stdout).toContain('### Cost (measured usage × list price)');
  });

  it('fails with one line when a side is missing', async () => {
    fs.copyFileSync(fixtureFile('baseline-no-model'), path.join(dir, 'a.json'));
    const r = await runSpec(diffCommand, { a: 'a.json', b: 'missing.json' }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scalesim: cannot read results file \S*missing\.json: ENOENT\n$/);
  });
});

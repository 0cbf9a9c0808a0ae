import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reportCommand } from '../../../../simulator/cli/commands/report';
import { countWords } from '../../../../simulator/report/markdown';
import { MEMO_WORDS } from '../../../../simulator/report/memo';
import { fixtureFile } from '../../report/fixtures';
import { runSpec } from './cli-harness';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-report-cmd-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function copyFixture(name: Parameters<typeof fixtureFile>[0]): string {
  const to = path.join(dir, 'run', 'results.json');
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(fixtureFile(name), to);
  return to;
}

describe('scalesim report', () => {
  it('writes report.md and report.html next to results.json by default', async () => {
    const file = copyFixture('baseline-complete');
    const r = await runSpec(reportCommand, { results: 'run/results.json' }, dir);
    expect(r).toEqual({ code: 0, stdout: 'wrote run/report.md\nwrote run/report.html\n', stderr: '' });
    const md = fs.readFileSync(path.join(path.dirname(file), 'report.md'), 'utf8');
    expect(md).toMatch(/^# Design review: baseline/);
    expect(countWords(md)).toBeLessThanOrEqual(MEMO_WORDS.max);
    expect(fs.readFileSync(path.join(path.dirname(file), 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('writes one format into --out', async () => {
    copyFixture('baseline-no-model');
    const r = await runSpec(reportCommand, { results: 'run/results.json', format: 'html', out: 'review' }, dir);
    expect(r.stdout).toBe('wrote review/report.html\n');
    // The folder carries scalesim's marker, so a later report may replace what it wrote there.
    expect(fs.readdirSync(path.join(dir, 'review')).sort()).toEqual(['.scalesim-output', 'report.html']);
  });

  it('prints the completed results for --format json', async () => {
    copyFixture('baseline-complete');
    const r = await runSpec(reportCommand, { results: 'run/results.json', format: 'json' }, dir);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { recommendation: { recommended_option: string }; comparison: { fasterDesign: string; access: unknown } };
    expect(printed.recommendation.recommended_option).toMatch(/^single-node/);
    expect(printed.comparison.fasterDesign).toBe('distributed');
    expect(printed.comparison.access).toBeDefined();
    expect(fs.existsSync(path.join(dir, 'run', 'report.md'))).toBe(false);
  });

  it('warns on stderr for an incomplete run, and still writes the report that says so', async () => {
    copyFixture('baseline-incomplete');
    const r = await runSpec(reportCommand, { results: 'run/results.json', format: 'md' }, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^scalesim: warning: run\/results\.json is INCOMPLETE \(distributed: 2 of 32 partitions failed for good.*\); the figures below cover only what finished\n$/);
    expect(fs.readFileSync(path.join(dir, 'run', 'report.md'), 'utf8')).toContain('INCOMPLETE RUN');
  });

  it('fails with one line for a missing file', async () => {
    const r = await runSpec(reportCommand, { results: 'nope/results.json' }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scalesim: cannot read results file \S*nope\/results\.json: ENOENT\n$/);
  });

  it('fails with one line for a file that is not results', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"schemaVersion": 1}');
    fs.writeFileSync(path.join(dir, 'text.json'), 'not json');
    const bad = await runSpec(reportCommand, { results: 'bad.json' }, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^scalesim: \S*bad\.json: not a scalesim results file \(status: .+\)\n$/);
    const text = await runSpec(reportCommand, { results: 'text.json' }, dir);
    expect(text.stderr).toMatch(/^scalesim: \S*text\.json: not valid JSON( \(line 1\))?\n$/);
  });
});

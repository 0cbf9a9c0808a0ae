import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GATES } from '../../../../simulator/check/gates';
import { renderCheckMarkdown } from '../../../../simulator/check/render/markdown';
import { runCheck, type CheckRun } from '../../../../simulator/check/run-check';
import { widenGrant } from '../../../fixtures/access/templates';
import { fixtureSynthesizer, REPO } from '../fixtures';

let dir: string;
let failing: CheckRun;
let passing: CheckRun;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-check-md-'));
  const base = await runCheck({ input: 'scenarios/baseline.yaml', flags: {}, facts: { synthesize: fixtureSynthesizer(), cwd: REPO } });
  const file = path.join(dir, 'main-check.json');
  fs.writeFileSync(file, JSON.stringify(base.report));
  passing = await runCheck({ input: 'scenarios/baseline.yaml', baseline: file, flags: {}, facts: { synthesize: fixtureSynthesizer({ sources: true }), cwd: REPO } });
  failing = await runCheck({
    input: 'scenarios/baseline.yaml',
    baseline: file,
    flags: { maxMonthlyUsd: 10 },
    facts: { synthesize: fixtureSynthesizer({ sources: true, edit: { distributed: (t) => widenGrant(t, 'ml-engineer', 'raw', ['s3:PutObject']) } }), cwd: REPO },
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The Markdown's tables: each a header, a rule and rows, all with the same number of cells (else GitHub shows text). */
function tables(md: string): string[][][] {
  const out: string[][][] = [];
  let cur: string[][] | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      // Split on unescaped pipes only: an escaped \| stays inside its cell.
      const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
      (cur ??= []).push(cells);
    } else if (cur) {
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur) out.push(cur);
  return out;
}

describe('renderCheckMarkdown', () => {
  test('a failing check: a verdict heading, the one-line summary, a section per gate, and well-formed tables', () => {
    const md = renderCheckMarkdown(failing.report, failing.baseline?.facts);
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ scalesim check failed: baseline');
    expect(lines[2]).toBe(`**${failing.report.summary}**`);
    expect(failing.report.summary).toMatch(/^FAIL: 3 of 10 checks failed: monthly cost \(single-node\), no new access \(distributed\), no new IAM findings \(distributed\)/);
    const headings = lines.filter((l) => l.startsWith('### '));
    expect(headings).toEqual(GATES.map((g) => `### ${g.heading}`));
    for (const t of tables(md)) {
      expect(t.length).toBeGreaterThanOrEqual(3);
      expect(t[1]!.every((c) => /^-{3,}:?$/.test(c))).toBe(true);
      expect(new Set(t.map((r) => r.length)).size).toBe(1);
    }
    // $46.xx with gzip outputs (the default); $48.xx with outputCompression: none.
    expect(md).toContain('| single-node | ❌ **fail** | $46.');
    expect(md).toContain('| distributed | ✅ pass | $');
  });

  test('what a failed gate found is collapsed in <details>, with blank lines so GitHub renders the table inside', () => {
    const md = renderCheckMarkdown(failing.report, failing.baseline?.facts);
    const blocks = [...md.matchAll(/<details><summary>([^<]*)<\/summary>\n\n([\s\S]*?)\n\n<\/details>/g)];
    const summaries = blocks.map((b) => b[1]);
    expect(summaries).toEqual(expect.arrayContaining(['distributed: 1 new grant', 'single-node: 1 item', 'How this was checked', 'Comparison with the baseline']));
    const grant = blocks.find((b) => b[1] === 'distributed: 1 new grant')![2]!;
    expect(grant).toMatch(
      /^\| principal \| action \| resource \| construct path \| source \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| ml-engineer role \| `s3:PutObject` \| `arn:aws:s3:::\{PlatformZonesRaw[0-9A-F]{8}\}\/\* \(raw zone objects\)` \| `scalesim-baseline-distributed\/Platform\/Access\/MlEngineer\/Resource` \| `lib\/constructs\/data-zones\.ts:122` \|/,
    );
    // Every <details> opens and closes; none is nested in a table.
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    const comparison = blocks.find((b) => b[1] === 'Comparison with the baseline')![2]!;
    expect(comparison).toMatch(/\| distributed \| \$\d+\.\d\d → \$\d+\.\d\d \(±0\) \| .* \| 3\d → 3\d \(↑ \+1 \(\+\d+\.\d%\)\) \| 1 → 2 \(↑ \+1 \(\+100%\)\) \|/);
  });

  test('a passing check says so in the heading and lists skipped gates as one line each', () => {
    const md = renderCheckMarkdown(passing.report, passing.baseline?.facts);
    expect(md.split('\n')[0]).toBe('## ✅ scalesim check passed: baseline');
    expect(md).toContain('### Accounting invariant (measured)\n\n⚪ skipped: static check: nothing ran, so nothing to account for (check a results.json to gate on it).');
    expect(md).not.toContain('❌');
    expect(md).toMatch(/Baseline: `.*main-check\.json` \(check report of scenario baseline, sha256 [0-9a-f]{12}, static\)\./);
  });

  test("a skipped gate's reason is its own field, not text recovered from its line", () => {
    const skip = passing.report.gates.find((g) => g.gate === 'accounting' && g.status === 'skip')!;
    expect(skip.reason).toBe('static check: nothing ran, so nothing to account for (check a results.json to gate on it)');
    expect(skip.line).toBe(`SKIP accounting invariant: ${skip.reason}`);
    // A reason with a colon of its own, and a line that says something else: the reason is what shows.
    const gates = passing.report.gates.map((g) => (g === skip ? { ...g, reason: 'off: by --no-accounting', line: 'SKIP accounting invariant: see the log' } : g));
    const md = renderCheckMarkdown({ ...passing.report, gates }, passing.baseline?.facts);
    expect(md).toContain('### Accounting invariant (measured)\n\n⚪ skipped: off: by --no-accounting.');
    expect(passing.report.gates.filter((g) => g.status !== 'skip').every((g) => g.reason === undefined)).toBe(true);
  });

  test('without a baseline it says which gates could not run, and has no comparison', () => {
    const noBase = { ...passing.report, baseline: undefined };
    const md = renderCheckMarkdown(noBase);
    expect(md).toContain('Baseline: none, so the gates that compare (no new access, no new IAM findings) were skipped.');
    expect(md).not.toContain('Comparison with the baseline');
  });

  test('text from the templates cannot turn into emphasis or HTML', () => {
    const g = failing.report.gates.find((x) => x.gate === 'no-new-findings' && x.status === 'fail')!;
    const report = { ...failing.report, gates: [{ ...g, items: [{ message: 'grants s3:Get* and s3:Put* on <bucket>/_tmp_' }] }] };
    const md = renderCheckMarkdown(report);
    expect(md).toContain('| grants s3:Get&#42; and s3:Put&#42; on &lt;bucket&gt;/&#95;tmp&#95; | — | — |');
  });
});

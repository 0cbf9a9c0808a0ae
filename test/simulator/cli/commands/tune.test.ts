import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeTuneCommand } from '../../../../simulator/cli/commands/tune';
import { tuneReportSchema, type TuneReport } from '../../../../simulator/results/tune';
import { loadScenario } from '../../../../simulator/scenario/load';
import { runSpec } from './cli-harness';
import { BASELINE_FILE, fixtureTemplates, REPO } from '../../tune/fixtures';

/**
 * `scalesim tune` through its command, on the baseline's committed templates (no synthesis) and without
 * the verification run (--no-verify): the search, the picks, the exit codes and the files. The
 * verification run is end to end in test/simulator/run/tune.e2e.test.ts.
 */
const command = makeTuneCommand(() => fixtureTemplates());
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-tune-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of the baseline with text replaced, next to its schema registry. */
function scenario(name: string, edits: readonly (readonly [RegExp, string])[]): string {
  const folder = path.join(dir, `scenario-${name}`);
  fs.mkdirSync(path.join(folder, 'schemas'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'scenarios', 'schemas', 'registry.json'), path.join(folder, 'schemas', 'registry.json'));
  let text = fs.readFileSync(BASELINE_FILE, 'utf8');
  for (const [from, to] of edits) {
    if (!from.test(text)) throw new Error(`${from} is not in the baseline`);
    text = text.replace(from, to);
  }
  const file = path.join(folder, `${name}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

const tune = (file: string, out: string, extra: Record<string, unknown> = {}) => runSpec(command, { scenario: file, out, verify: false, quiet: true, ...extra }, REPO);
const read = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'tune.json'), 'utf8')) as TuneReport;

describe('scalesim tune (model only)', () => {
  test('the baseline: tune.json against its schema, ≥10 points a design, fronts and picks, tuned.yaml that validates, md and html', async () => {
    const out = path.join(dir, 'baseline');
    const r = await tune(BASELINE_FILE, out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = read(out);
    const parsed = tuneReportSchema.safeParse(report);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
    for (const d of ['single-node', 'distributed'] as const) {
      expect(report.designs[d].points.length).toBeGreaterThanOrEqual(10);
      expect(report.designs[d].front.length).toBeGreaterThan(0);
    }
    // Distributed meets everything; no single node meets the baseline's $0.50 per run with its $45 of
    // fixed cost a month, so its closest configuration is reported and written, labelled.
    expect(Object.values(report.designs.distributed.picks).every((id) => id !== null)).toBe(true);
    expect(report.designs['single-node'].picks).toEqual({ cost: null, speed: null, balanced: null });
    expect(report.designs['single-node'].noFeasible).toMatch(/^single-node: no configuration of \d+ meets the per-run budget \(\$0\.50\)/);
    expect(report.designs['single-node'].fallback?.relaxed).toEqual(['budget-per-run']);
    expect(report.comparison).toMatch(/^By the balanced pick, the best distributed configuration, .* is [\d.]+× cheaper and [\d.]+× faster than the closest single-node configuration, .*; no single-node configuration meets the per-run budget \(\$0\.50 a run\)\.$/);
    expect(r.stdout).toContain(report.comparison);
    expect(report.verification).toEqual([]);

    const tuned = loadScenario(path.join(out, 'tuned.yaml')).scenario;
    const pick = report.designs.distributed.points.find((p) => p.id === report.designs.distributed.picks.balanced)!;
    expect(pick.configuration.design).toBe('distributed');
    if (pick.configuration.design === 'distributed') {
      expect(tuned.distributed.lambda.memoryMiB).toBe(pick.configuration.memoryMiB);
      expect(tuned.workload.partitions).toBe(pick.configuration.partitions);
    }
    expect(fs.readFileSync(path.join(out, 'tuned.yaml'), 'utf8')).toMatch(/^# Tuned by `npx scalesim tune .*baseline\.yaml --no-verify` \(strategy balanced\)/);

    const html = fs.readFileSync(path.join(out, 'tune.html'), 'utf8');
    expect(html.match(/<svg class="chart scatter-chart"/g)).toHaveLength(2);
    expect(html).toContain('class="point infeasible"');
    expect(html).toContain('data-kind="pick-balanced"');
    expect(fs.readFileSync(path.join(out, 'tune.md'), 'utf8')).toContain('## Pareto fronts (projected)');
  }, 120_000);

  test('--strategy cost writes the cheapest distributed configuration', async () => {
    const out = path.join(dir, 'cost');
    expect((await tune(BASELINE_FILE, out, { strategy: 'cost' })).code).toBe(0);
    const report = read(out);
    const d = report.designs.distributed;
    const cheapest = Math.min(...d.points.filter((p) => p.feasible).map((p) => p.monthlyUsd));
    expect(d.points.find((p) => p.id === d.picks.cost)!.monthlyUsd).toBe(cheapest);
    expect(loadScenario(path.join(out, 'tuned.yaml')).scenario.distributed.lambda.memoryMiB).toBe((d.points.find((p) => p.id === d.picks.cost)!.configuration as { memoryMiB: number }).memoryMiB);
  }, 120_000);

  test('a 2-minute SLA: every single-node configuration is infeasible for its start time, and distributed is still picked', async () => {
    const file = scenario('sla', [
      [/events: 1000000 /, 'events: 30000000 '],
      [/deadlineMinutes: 30 /, 'deadlineMinutes: 2 '],
      [/perRunUsd: 0\.50/, 'perRunUsd: 10'],
      [/perMonthUsd: 50/, 'perMonthUsd: 500'],
    ]);
    const out = path.join(dir, 'sla');
    const r = await tune(file, out);
    expect(r.code).toBe(0);
    const report = read(out);
    const sn = report.designs['single-node'];
    expect(sn.feasible).toBe(0);
    expect(sn.points.every((p) => p.infeasible.some((i) => i.kind === 'sla' && /\(the Fargate task start alone is [\d.]+ s\)$/.test(i.message)))).toBe(true);
    expect(sn.fallback?.relaxed).toEqual(['sla']);
    expect(report.designs.distributed.picks.balanced).not.toBeNull();
  }, 120_000);

  test('an all-infeasible space: exit 1 and one line naming the constraint nothing meets; no tuned.yaml', async () => {
    const file = scenario('broke', [[/perRunUsd: 0\.50/, 'perRunUsd: 0.01']]);
    const out = path.join(dir, 'broke');
    const r = await tune(file, out);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^scalesim: no feasible configuration: single-node: no configuration of \d+ meets the per-run budget \(\$0\.01\); the cheapest, .*; distributed: no configuration of [\d,]+ meets the per-run budget \(\$0\.01\); the cheapest, .* costs \$0\.\d+ per run \(budget \$0\.01\)$/,
    );
    expect(fs.existsSync(path.join(out, 'tuned.yaml'))).toBe(false);
    expect(read(out).tunedScenario).toBeNull();
    expect(fs.readFileSync(path.join(out, 'tune.md'), 'utf8')).toContain('**Nothing feasible.**');
  }, 120_000);

  test('usage mistakes: one line, exit 2', async () => {
    const bad = await runSpec(command, { scenario: BASELINE_FILE, out: path.join(dir, 'x'), 'verify-events': 'lots', quiet: true }, REPO);
    expect(bad).toMatchObject({ code: 2, stderr: 'scalesim: --verify-events: expected an integer from 1 to 1000000000000, got "lots"\n' });
    const foreign = path.join(dir, 'foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const r = await tune(BASELINE_FILE, foreign);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scalesim: --out .*foreign is not empty and was not written by scalesim/);
    expect(fs.readFileSync(path.join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec } from '../../../../simulator/cli/main';
import { descendants, isAlive } from '../../../../simulator/emulator/process-tree';
import { resultsSchema, type Results } from '../../../../simulator/results/results';
import { testDeps } from '../../cli-test-deps';

/**
 * `scalesim sweep` on moto at three small volumes (the middle one held out), no concurrency curve, then
 * `sweep --refit` over the same folder: the fit is redone from the runs on disk, measuring nothing.
 */
const SCENARIO = path.join(__dirname, '..', '..', '..', '..', 'scenarios', 'baseline.yaml');
const VOLUMES = [1_500, 3_000, 6_000];

describe(`scalesim sweep (${VOLUMES.join(', ')} events) and sweep --refit`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-sweep-'));
  const output: string[] = [];
  const refitOutput: string[] = [];
  let code: number;
  let refitCode: number;
  let results: Results;
  let refitted: Results;

  beforeAll(async () => {
    const args = ['sweep', SCENARIO, '--volumes', VOLUMES.join(','), '--concurrencies', '', '--out', dir];
    code = await exec([...args, '--quiet'], testDeps(output));
    results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;
    // Not quiet: its status lines show what it did (and did not do).
    refitCode = await exec([...args, '--refit'], testDeps(refitOutput));
    refitted = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;
  }, 420_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 0, writes a valid results.json and the reports, and prints the crossover and the held-out error', () => {
    expect(code).toBe(0);
    const out = output.join('');
    expect(out).toContain(`wrote ${path.relative(process.cwd(), path.join(dir, 'results.json'))}\n`);
    expect(out).toContain(`${results.model!.crossover.sentence}\n`);
    for (const d of ['single-node', 'distributed']) expect(out).toMatch(new RegExp(`held out: ${d} at 3000 events: measured \\d+ ms / predicted \\d+ ms = [\\d.]+ \\(target ±\\d+%\\)`));
    expect(resultsSchema.safeParse(results).success).toBe(true);
    expect(results.status).toBe('complete');
    for (const f of ['report.md', 'report.html']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
  });

  test('every volume measured for both designs on one deployment, the middle one held out; each volume has its own results.json', () => {
    const points = results.model!.measuredPoints.map((p) => `${p.design}@${p.events}${p.heldOut ? '*' : ''}`).sort();
    expect(points).toEqual(['distributed@1500', 'distributed@3000*', 'distributed@6000', 'single-node@1500', 'single-node@3000*', 'single-node@6000'].sort());
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'sweep', 'index.json'), 'utf8')) as { main: string; runs: { dir: string; heldOut: boolean }[] };
    expect(index.runs.map((r) => r.heldOut)).toEqual([false, true, false]);
    for (const r of index.runs) expect(resultsSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, r.dir, 'results.json'), 'utf8'))).success).toBe(true);
    // The main run is the largest volume fitted, not the held-out one.
    expect(index.main).toBe(index.runs[2]!.dir);
  });

  test('--refit fits the same runs again and reaches the same model, measuring nothing', () => {
    expect(refitCode).toBe(0);
    expect(refitOutput.join('')).toMatch(/sweep: refitting 6 measured runs from /);
    expect(refitOutput.join('')).not.toMatch(/landing the data|deploying/);
    const a = results.model!;
    const b = refitted.model!;
    expect(b.measuredPoints).toEqual(a.measuredPoints);
    expect(b.validation.heldOut).toEqual(a.validation.heldOut);
    expect(b.crossover.sentence).toBe(a.crossover.sentence);
  });

  test('no process left behind', () => {
    const alive = descendants(process.pid).filter(isAlive);
    expect(alive).toEqual([]);
  });
});

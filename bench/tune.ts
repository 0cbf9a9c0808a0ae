/**
 * Wall time of `scalesim tune` on a scenario, verification included, against the 3-minute target of
 * issue 18 on 2 cores. Recorded in bench/RESULTS.md ("Tune").
 *
 *   npx tsx bench/tune.ts [--runs 3] [--scenario scenarios/baseline.yaml]
 *
 * Runs the CLI as a child process (a whole process, start-up included) `runs` times, each into a fresh
 * folder, and prints each run's wall time, the split tune.json records (search, verification), the
 * load average around it, and the median. Timings on a shared machine are noisy: quote the median.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from '../simulator/model/stats';

const argOf = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};

const REPO = path.join(__dirname, '..');
const runs = Number(argOf('runs', '3'));
const scenario = argOf('scenario', 'scenarios/baseline.yaml');
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${argOf('runs', '3')}`);

const walls: number[] = [];
for (let i = 0; i < runs; i++) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-bench-tune-'));
  const load0 = os.loadavg()[0]!;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'scalesim.cjs'), 'tune', scenario, '--out', path.join(out, 'tune'), '--quiet'], { cwd: REPO, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`run ${i + 1} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  const t = (JSON.parse(fs.readFileSync(path.join(out, 'tune', 'tune.json'), 'utf8')) as { timing: { evaluateMs: number; verifyMs: number } }).timing;
  walls.push(wall);
  console.log(`run ${i + 1}: ${wall.toFixed(1)} s wall (search ${(t.evaluateMs / 1000).toFixed(1)} s, verification ${(t.verifyMs / 1000).toFixed(1)} s); load average ${load0.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  fs.rmSync(out, { recursive: true, force: true });
}
console.log(`median ${median(walls).toFixed(1)} s of ${runs} (min ${Math.min(...walls).toFixed(1)}, max ${Math.max(...walls).toFixed(1)}); target ≤ 180 s`);

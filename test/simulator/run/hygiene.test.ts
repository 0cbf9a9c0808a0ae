import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { descendants, isAlive } from '../../../simulator/emulator/process-tree';

/**
 * Process hygiene of `scalesim run` (issue 8): interrupted by SIGINT, or with its emulator killed under
 * it, it exits non-zero with a clear message and leaves no process behind.
 */
const ROOT = path.join(__dirname, '..', '..', '..');

interface Running {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startRun(out: string): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'scalesim.ts'), 'run', path.join(ROOT, 'scenarios', 'baseline.yaml'), '--events', '200000', '--partitions', '8', '--no-validate', '--out', out], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { child, stderr: () => err, exited };
}

async function waitFor(r: Running, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(r.stderr())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Every process under the run, gathered while it is running (moto, gateway workers, tasks). */
function tree(pid: number): number[] {
  return descendants(pid);
}

/**
 * The exit code, or a failure naming where the run stood when it did not exit within `timeoutMs`: a run
 * that hangs after its emulator dies fails here with its output, instead of at the test's timeout.
 */
async function exitOf(r: Running, timeoutMs = 90_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scalesim run did not exit within ${timeoutMs / 1000} s; output so far:\n${r.stderr()}`)), timeoutMs);
  });
  try {
    return await Promise.race([r.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function gone(pids: readonly number[], timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 100));
    alive = alive.filter(isAlive);
  }
  return alive;
}

describe('scalesim run process hygiene', () => {
  const dirs: string[] = [];
  const runs: Running[] = [];
  // A run that failed its test must not outlive it: later tests in this worker check that nothing is left.
  afterEach(() => {
    for (const r of runs.splice(0)) {
      // Only a run still running: once it exited its pid may belong to another process.
      if (r.child.exitCode !== null || r.child.signalCode !== null) continue;
      for (const pid of [...descendants(r.child.pid!), r.child.pid!]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('SIGINT mid-run: exit 130, a clear message, no process left', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-sigint-'));
    dirs.push(out);
    const r = startRun(out);
    runs.push(r);
    await waitFor(r, /single-node: running /, 120_000);
    const started = tree(r.child.pid!);
    expect(started.length).toBeGreaterThan(0);
    r.child.kill('SIGINT');
    const code = await exitOf(r);
    expect(code).toBe(130);
    expect(r.stderr()).toMatch(/SIGINT received, stopping and cleaning up/);
    expect(r.stderr()).not.toMatch(/\n\s+at .*\.ts:\d+/);
    expect(await gone(started)).toEqual([]);
  }, 180_000);

  test('the emulator killed mid-run: exit 1, a clear message, an incomplete results.json, no process left', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-killed-'));
    dirs.push(out);
    const r = startRun(out);
    runs.push(r);
    await waitFor(r, /single-node: running /, 120_000);
    const started = tree(r.child.pid!);
    const moto = started.filter((pid) => {
      try {
        return /launcher\.py|moto/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      } catch {
        return false;
      }
    });
    expect(moto.length).toBeGreaterThan(0);
    for (const pid of moto) process.kill(pid, 'SIGKILL');
    const code = await exitOf(r);
    if (code !== 1) console.log(r.stderr());
    expect(code).toBe(1);
    expect(r.stderr()).toMatch(/scalesim: run incomplete: /);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { status: string; incompleteReason: string };
    expect(results.status).toBe('incomplete');
    expect(results.incompleteReason).toMatch(/single-node/);
    expect(await gone(started)).toEqual([]);
  }, 240_000);
});

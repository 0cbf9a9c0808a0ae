import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { exec } from '../../../simulator/cli/main';
import type { CliDeps } from '../../../simulator/cli/deps';
import { descendants, groupMembers, isAlive } from '../../../simulator/emulator/process-tree';

/**
 * The adversarial suite's harness: a scratch folder of hostile inputs, two ways to run a command (in
 * process through `exec`, or the real CLI in a child process when a hang, a signal or the exit itself is
 * what is tested), and the checks every case gets: the exit code, exactly one line on stderr with no
 * stack trace, no process left behind, and no file changed outside the folder the case may write.
 */

export const REPO = path.join(__dirname, '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'scalesim.cjs');
/**
 * The bound on one command under test: beyond it, the command is taken as hung. It detects a hang (the
 * defects this suite guards against ran forever), not speed: on a loaded 2-core machine a child CLI that
 * normally takes 1-3 s was seen taking over 10 s, so the bound is generous.
 */
export const CASE_LIMIT_MS = 45_000;

export interface Outcome {
  readonly code: number | null;
  readonly signal?: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Processes the command left running. */
  readonly leftovers: readonly number[];
  /** The command did not finish within CASE_LIMIT_MS (it was killed). */
  readonly hung?: boolean;
}

/** Environment without anything that would steer a command elsewhere (endpoints, CI, a state folder). */
function cleanEnv(scratch: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_ENDPOINT_URL') && k !== 'SCALESIM_STATE_DIR') env[k] = v;
  return { ...env, SCALESIM_STATE_DIR: path.join(scratch, 'state'), ...extra };
}

/** One command in process, through `exec` (argument parsing included), with its own deps. */
export async function runInProcess(argv: readonly string[], o: { scratch: string; env?: Record<string, string>; signal?: AbortSignal }): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const before = new Set(descendants(process.pid));
  const deps: CliDeps = {
    stdout: { write: (t) => void out.push(t) },
    stderr: { write: (t) => void err.push(t) },
    now: () => Date.now(),
    env: cleanEnv(o.scratch, o.env),
    cwd: o.scratch,
    interactive: false,
    signal: o.signal ?? new AbortController().signal,
  };
  const t0 = Date.now();
  let code: number;
  try {
    code = await exec(argv, deps);
  } catch (e) {
    // exec rethrows what is not a user mistake; main() turns it into exit 130 when interrupted, else
    // into a bug report with its stack. The same here.
    if (deps.signal.aborted) {
      err.push('scalesim: interrupted; cleaned up\n');
      code = 130;
    } else {
      err.push(`scalesim: internal error (a bug, please report it):\n${e instanceof Error ? e.stack : String(e)}\n`);
      code = 1;
    }
  }
  const ms = Date.now() - t0;
  return { code, stdout: out.join(''), stderr: err.join(''), ms, leftovers: await newProcesses(before) };
}

/** Children of this process that were not there before, after giving exiting ones a moment. */
async function newProcesses(before: ReadonlySet<number>): Promise<number[]> {
  let left: number[] = [];
  for (let i = 0; i < 40; i++) {
    left = descendants(process.pid).filter((p) => !before.has(p) && isAlive(p));
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return left;
}

export interface SpawnOptions {
  readonly scratch: string;
  readonly env?: Record<string, string>;
  /** Run as this user (root only): to meet a permission error as a user would. */
  readonly uid?: number;
  /** Called once the child runs: e.g. wait for partitions, then send a signal. */
  readonly during?: (child: import('child_process').ChildProcess) => Promise<void>;
  /** A command prefix, e.g. ['unshare', '-rm', 'sh', '-c', ...]; BIN and argv are appended by the caller then. */
  readonly wrap?: (args: string[]) => { file: string; args: string[] };
}

/**
 * The real CLI (bin/scalesim.cjs) in its own process group, killed if it runs past CASE_LIMIT_MS (plus
 * the time `during` takes). Leftovers are the members of its group still alive after it exited.
 */
export function runCli(argv: readonly string[], o: SpawnOptions): Promise<Outcome> {
  const args = [BIN, ...argv];
  const cmd = o.wrap ? o.wrap([process.execPath, ...args]) : { file: process.execPath, args };
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(cmd.file, cmd.args, {
      cwd: o.scratch,
      env: cleanEnv(o.scratch, o.env) as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(o.uid !== undefined ? { uid: o.uid, gid: o.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    let hung = false;
    let limit = setTimeout(() => kill(), CASE_LIMIT_MS);
    const kill = () => {
      hung = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    };
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      const ms = Date.now() - t0;
      void (async () => {
        let left: number[] = [];
        for (let i = 0; i < 60; i++) {
          left = groupMembers(child.pid!);
          if (left.length === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        resolve({ code, signal, stdout, stderr, ms, leftovers: left, hung });
      })();
    });
    if (o.during) {
      clearTimeout(limit);
      void o.during(child).then(
        () => (limit = setTimeout(() => kill(), CASE_LIMIT_MS)),
        (e: unknown) => {
          kill();
          reject(e);
        },
      );
    }
  });
}

/** The lines a command wrote to stderr. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/**
 * A snapshot of every entry under `root` (lstat only: FIFOs and sockets are never opened): type, size
 * and modification time, minus the entries under `except` (folders a case may write).
 */
export function snapshot(root: string, except: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const skip = except.map((e) => path.resolve(root, e));
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (skip.some((s) => p === s || p.startsWith(`${s}${path.sep}`))) continue;
      const st = fs.lstatSync(p);
      const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'link' : st.isFIFO() ? 'fifo' : st.isSocket() ? 'socket' : 'other';
      out.set(path.relative(root, p), kind === 'dir' ? 'dir' : `${kind}:${st.size}:${st.mtimeMs}`);
      if (kind === 'dir') walk(p);
    }
  };
  walk(root);
  return out;
}

/** Entries that differ between two snapshots, for a readable failure. */
export function changes(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k) ?? '(absent)'} -> ${b.get(k) ?? '(absent)'}`).sort();
}

/** A listening unix socket at `file`, for "a socket instead of a file". */
export async function unixSocket(file: string): Promise<net.Server> {
  const server = net.createServer((c) => c.destroy());
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return server;
}

export function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo ${file} failed: ${r.stderr?.toString()}`);
}

/** True when this machine lets an unprivileged user namespace mount a tmpfs (a real, small, full disk). */
export function canMountTmpfs(): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-tmpfs-probe-'));
  try {
    return spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs '${dir}'`], { timeout: 5000 }).status === 0;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
export async function pool<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

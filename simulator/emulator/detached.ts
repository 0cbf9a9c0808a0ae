import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors';
import { isAlive, signalGroup } from './process-tree';

/**
 * `scalesim emulator start --keep`: moto and the gateway keep running after the CLI exits, in a
 * detached Node process (gateway-main.ts), and a state file records exactly which processes to stop.
 */
export interface DetachedState {
  readonly endpoint: string;
  readonly region: string;
  /** The detached Node process running the gateway (leader of its own process group). */
  readonly gatewayPid: number;
  /** moto's launcher (leader of its own process group). */
  readonly motoPid: number;
  readonly startedAt: string;
  readonly logFile: string;
}

/** Where the state file lives: $SCALESIM_STATE_DIR, else $XDG_CACHE_HOME/scalesim, else ~/.cache/scalesim. */
export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.SCALESIM_STATE_DIR) return env.SCALESIM_STATE_DIR;
  const cache = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : os.tmpdir());
  return path.join(cache, 'scalesim');
}

export const stateFile = (dir: string) => path.join(dir, 'emulator.json');

export function readState(dir: string): DetachedState | undefined {
  const f = stateFile(dir);
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as DetachedState;
  } catch {
    return undefined;
  }
}

export function writeState(dir: string, s: DetachedState): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(stateFile(dir), JSON.stringify(s, null, 2) + '\n');
}

/** True when `pid` is alive and is the process we recorded (its command line names our entry file). */
function isOurs(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    // No /proc: trust the recorded PID.
    return true;
  }
}

const ENTRY = 'gateway-main';

function entryCommand(): { args: string[]; cwd: string } {
  const ts = path.join(__dirname, `${ENTRY}.ts`);
  if (__filename.endsWith('.ts') || !existsSync(path.join(__dirname, `${ENTRY}.js`))) {
    // Running from source: tsx (a runtime dependency) loads the TypeScript entry.
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    return { args: ['--import', tsx, ts], cwd: path.join(__dirname, '..', '..') };
  }
  return { args: [path.join(__dirname, `${ENTRY}.js`)], cwd: path.join(__dirname, '..', '..') };
}

export interface StartDetachedOptions {
  readonly region: string;
  readonly dir: string;
  /** @default 90000 */
  readonly timeoutMs?: number;
  readonly port?: number;
}

/** Starts the detached gateway and waits until it has written the state file. */
export async function startDetached(o: StartDetachedOptions): Promise<DetachedState> {
  const existing = readState(o.dir);
  if (existing && isOurs(existing.gatewayPid, ENTRY)) {
    throw new UserError(`an emulator is already running at ${existing.endpoint} (pid ${existing.gatewayPid}): run "scalesim emulator stop" first`);
  }
  rmSync(stateFile(o.dir), { force: true });
  mkdirSync(o.dir, { recursive: true });
  const logFile = path.join(o.dir, 'emulator.log');
  const fd = openSync(logFile, 'w');
  const { args, cwd } = entryCommand();
  const child = spawn(process.execPath, [...args, '--region', o.region, '--state-dir', o.dir, '--log-file', logFile, ...(o.port ? ['--port', String(o.port)] : [])], {
    cwd,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: process.env,
  });
  closeSync(fd);
  let exited: string | undefined;
  child.once('exit', (code, sig) => (exited = sig ?? `exit ${code}`));
  const deadline = Date.now() + (o.timeoutMs ?? 90_000);
  try {
    while (Date.now() < deadline) {
      const s = readState(o.dir);
      if (s && s.gatewayPid === child.pid) return s;
      if (exited) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.unref();
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
  if (child.pid && !exited) signalGroup(child.pid, 'SIGKILL');
  throw new Error(`the detached emulator did not start (${exited ?? 'timed out'}): ${tail}`);
}

/**
 * Stops exactly the processes recorded in the state file: SIGTERM to the gateway (which stops moto and
 * every environment it started), then SIGKILL to both groups if they outlive `graceMs`.
 * Returns the state that was stopped, or undefined if nothing was running.
 */
export async function stopDetached(dir: string, graceMs = 10_000): Promise<DetachedState | undefined> {
  const s = readState(dir);
  if (!s) return undefined;
  const gatewayOurs = isOurs(s.gatewayPid, ENTRY);
  const motoOurs = isOurs(s.motoPid, 'launcher.py');
  if (gatewayOurs) signalGroup(s.gatewayPid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && ((gatewayOurs && isAlive(s.gatewayPid)) || (motoOurs && isAlive(s.motoPid)))) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (gatewayOurs && isAlive(s.gatewayPid)) signalGroup(s.gatewayPid, 'SIGKILL');
  if (motoOurs && isAlive(s.motoPid)) signalGroup(s.motoPid, 'SIGKILL');
  rmSync(stateFile(dir), { force: true });
  return gatewayOurs || motoOurs ? s : undefined;
}

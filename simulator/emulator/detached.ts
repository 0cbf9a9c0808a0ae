import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors';
import { parseUserJson, readUserText } from '../io/read-user-file';
import { descendants, isAlive, signalGroup } from './process-tree';

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

/** What the state folder says: nothing running, a readable state, or a state file that cannot be trusted. */
export type StateRead = { readonly kind: 'none' } | { readonly kind: 'ok'; readonly state: DetachedState } | { readonly kind: 'corrupt'; readonly reason: string };

/** Reads emulator.json the guarded way (a small regular file) and checks its fields. */
export function inspectState(dir: string): StateRead {
  const f = stateFile(dir);
  if (!existsSync(f)) return { kind: 'none' };
  let raw: unknown;
  try {
    raw = parseUserJson(readUserText(f, { what: 'emulator state', maxBytes: 64_000 }), f);
  } catch (e) {
    return { kind: 'corrupt', reason: e instanceof Error ? e.message : String(e) };
  }
  const s = raw as Partial<Record<keyof DetachedState, unknown>> | null;
  const pid = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 1;
  if (!s || typeof s !== 'object' || typeof s.endpoint !== 'string' || typeof s.region !== 'string' || !pid(s.gatewayPid) || !pid(s.motoPid)) {
    return { kind: 'corrupt', reason: `${f}: expected {endpoint, region, gatewayPid, motoPid, ...}` };
  }
  return { kind: 'ok', state: s as DetachedState };
}

/** The recorded state, or undefined when there is none or it cannot be trusted (see inspectState). */
export function readState(dir: string): DetachedState | undefined {
  const r = inspectState(dir);
  return r.kind === 'ok' ? r.state : undefined;
}

/**
 * Gateways started for this state folder, found by their command line (`gateway-main … --state-dir
 * <dir>`): how a running emulator is still found when its state file is corrupt. Empty without /proc.
 */
export function findGateways(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const abs = path.resolve(dir);
  const out: number[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n) || Number(n) === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${n}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const i = argv.indexOf('--state-dir');
    if (i >= 0 && argv.some((a) => a.includes(ENTRY)) && argv[i + 1] && path.resolve(argv[i + 1]!) === abs && isAlive(Number(n))) out.push(Number(n));
  }
  return out;
}

/** Where `start --keep --deploy` synthesizes the assembly the kept gateway runs from; removed by stop. */
export const assemblyDirOf = (dir: string) => path.join(dir, 'assembly');

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
  const unrecorded = findGateways(o.dir);
  if (!existing && unrecorded.length > 0) {
    throw new UserError(`an emulator for ${o.dir} is running (gateway pid ${unrecorded.join(', ')}) but its state file is missing or corrupt: run "scalesim emulator stop" first`);
  }
  rmSync(assemblyDirOf(o.dir), { recursive: true, force: true });
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

/** What stopDetached stopped. */
export interface StoppedEmulator {
  /** The recorded state, when the state file was readable. */
  readonly state?: DetachedState;
  /** Set when the state file was corrupt: the gateways found by their command line instead. */
  readonly recovered?: { readonly reason: string; readonly gatewayPids: readonly number[] };
}

/**
 * Stops exactly the processes recorded in the state file: SIGTERM to the gateway (which stops moto and
 * every environment it started), then SIGKILL to both groups if they outlive `graceMs`. When the state
 * file is corrupt, the gateways started for this folder are found by their command line and stopped the
 * same way, with their descendants. Removes the state file and the kept assembly. Returns what was
 * stopped, or undefined if nothing was running.
 */
export async function stopDetached(dir: string, graceMs = 10_000): Promise<StoppedEmulator | undefined> {
  const read = inspectState(dir);
  try {
    if (read.kind === 'corrupt') {
      const gateways = findGateways(dir);
      const family = gateways.flatMap((g) => [g, ...descendants(g)]);
      for (const g of gateways) signalGroup(g, 'SIGTERM');
      await waitGone(family, graceMs);
      for (const p of family) if (isAlive(p)) killHard(p);
      return { recovered: { reason: read.reason, gatewayPids: gateways } };
    }
    if (read.kind === 'none') return undefined;
    const s = read.state;
    const gatewayOurs = isOurs(s.gatewayPid, ENTRY);
    const motoOurs = isOurs(s.motoPid, 'launcher.py');
    if (gatewayOurs) signalGroup(s.gatewayPid, 'SIGTERM');
    await waitGone([...(gatewayOurs ? [s.gatewayPid] : []), ...(motoOurs ? [s.motoPid] : [])], graceMs);
    if (gatewayOurs && isAlive(s.gatewayPid)) signalGroup(s.gatewayPid, 'SIGKILL');
    if (motoOurs && isAlive(s.motoPid)) signalGroup(s.motoPid, 'SIGKILL');
    return gatewayOurs || motoOurs ? { state: s } : undefined;
  } finally {
    rmSync(stateFile(dir), { force: true });
    rmSync(assemblyDirOf(dir), { recursive: true, force: true });
  }
}

/** SIGKILL a process: its whole group when it leads one, else just it. */
function killHard(pid: number): void {
  if (signalGroup(pid, 'SIGKILL')) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function waitGone(pids: readonly number[], graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some((p) => isAlive(p))) await new Promise((r) => setTimeout(r, 50));
}

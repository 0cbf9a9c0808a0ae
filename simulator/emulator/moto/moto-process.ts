import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../../errors';
import { emulatorAsset } from '../assets';
import { isAlive, stopGroup } from '../process-tree';

const MOTO_INSTALL_HINT = 'pip install "moto[server]>=5.2,<6"';

export interface MotoPython {
  /** Interpreter that can `import moto.server`. */
  readonly python: string;
  readonly version: string;
}

/**
 * Finds a Python that has moto's server installed: $SCALESIM_PYTHON, python3, python, or the interpreter
 * named in the shebang of `moto_server` on PATH. The launcher must run inside that interpreter (it patches
 * moto in-process), so `moto_server` itself is only used to locate it.
 */
export function findMoto(env: Readonly<Record<string, string | undefined>> = process.env): MotoPython {
  const candidates: string[] = [];
  if (env.SCALESIM_PYTHON) candidates.push(env.SCALESIM_PYTHON);
  candidates.push('python3', 'python');
  const shebang = motoServerShebang(env.PATH ?? '');
  if (shebang) candidates.push(shebang);
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import moto, moto.server, werkzeug; print(moto.__version__)'], { encoding: 'utf8', env: { ...env } as NodeJS.ProcessEnv, timeout: 30_000 });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  throw new UserError(
    `moto's server is not installed (looked for it with ${candidates.join(', ')}): run ${MOTO_INSTALL_HINT}, or choose another target with --emulator localstack|endpoint|aws`,
  );
}

function motoServerShebang(pathVar: string): string | undefined {
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, 'moto_server');
    try {
      accessSync(file, constants.X_OK);
      const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
      const m = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first);
      if (m) return m[1];
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export interface MotoProcess {
  readonly pid: number;
  readonly url: string;
  readonly version: string;
  /** Patch name -> applied, as the launcher reported them. */
  readonly patches: Readonly<Record<string, boolean>>;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** The gateway's port: moto's Step Functions engine calls back to http://localhost:<it>. */
  readonly gatewayPort: number;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** @default 60000 */
  readonly readyTimeoutMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The moto release launcher.py's patches were written for (its `WRITTEN_FOR`). */
export const MOTO_PATCHED_VERSION = '5.2.1';

/**
 * moto's memory must not grow with the bytes a run stores (issue 14). Defaults, each overridable
 * from the caller's environment:
 * - `MOTO_S3_DEFAULT_KEY_BUFFER_SIZE`: moto keeps an S3 object's body in a SpooledTemporaryFile that
 *   moves to disk above this size (moto#4001 made it configurable; moto#4003 set the default to
 *   5 MiB - 1 KiB, so a 4 MiB partition stayed in memory). 64 KiB puts every data object on disk and
 *   keeps the small audit documents in memory (localstack#4145 argued for a very small value for the same reason;
 *   getmoto/moto#395 is the open issue on keeping bodies in memory). A setting, not a patch, so it holds on any
 *   moto since 2.0.9; the launcher checks that moto honours it and says so in the log when it does not
 *   (`SCALESIM_MOTO_NOTE s3-key-buffer ...`).
 * - `MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_` (glibc tunables, mallopt(3)): moto serves each request
 *   on a new thread and reads whole bodies into memory; with glibc's defaults (an arena per thread, and
 *   an mmap threshold that rises to the largest block freed) those transient multi-MB buffers are
 *   reused from fragmented arenas and RSS ratchets up. A fixed 128 KiB threshold returns every large
 *   buffer to the OS when freed. Measured: 200 MB stored as 4 MiB objects grew moto's RSS by 273 MB
 *   with moto's defaults, 85 MB with the buffer size alone, 4 MB with all three.
 */
const MOTO_MEMORY_ENV: Readonly<Record<string, string>> = {
  MOTO_S3_DEFAULT_KEY_BUFFER_SIZE: String(64 * 1024),
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: String(128 * 1024),
};

/** Starts moto through scalesim's launcher (which patches it) on a port the OS picks. */
export async function startMoto(o: StartMotoOptions): Promise<MotoProcess> {
  const env = o.env ?? process.env;
  const found = findMoto(env);
  if (found.version !== MOTO_PATCHED_VERSION) {
    o.log?.(`moto ${found.version} found; scalesim's patches were written for moto ${MOTO_PATCHED_VERSION} and are skipped on another version (simulator/emulator/moto/UPSTREAM.md)`);
  }
  const child: ChildProcess = spawn(found.python, [emulatorAsset('moto/launcher.py')], {
    env: { ...MOTO_MEMORY_ENV, ...env, MOTO_PORT: String(o.gatewayPort), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' } as NodeJS.ProcessEnv,
    // stdin stays open: the launcher exits when it closes, i.e. when this process dies.
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (!pid) throw new Error(`could not start ${found.python}`);
  const stderrTail: string[] = [];
  const patches: Record<string, boolean> = {};
  createInterface({ input: child.stderr! }).on('line', (line) => {
    const p = /^SCALESIM_MOTO_PATCH name=(\S+) applied=(true|false)$/.exec(line);
    if (p) patches[p[1]!] = p[2] === 'true';
    // Why a patch was skipped (or forced): the launcher's version guard.
    const note = /^SCALESIM_MOTO_NOTE (\S+) (.*)$/.exec(line);
    if (note) o.log?.(`moto patch ${note[1]}: ${note[2]}`);
    // SCALESIM_DEBUG_MOTO=1 shows moto's own tracebacks (its HTTP 500s carry none).
    if (env.SCALESIM_DEBUG_MOTO) process.stderr.write(`[moto] ${line}\n`);
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      child.stdin?.destroy();
      if (isAlive(pid)) await stopGroup(pid, 2000);
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    })());
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`moto did not start within ${(o.readyTimeoutMs ?? 60_000) / 1000} s:\n${stderrTail.join('\n')}`)), o.readyTimeoutMs ?? 60_000);
      const onAbort = () => reject(o.signal?.reason instanceof Error ? o.signal.reason : new Error('aborted'));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^SCALESIM_MOTO_READY port=(\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code, sig) => reject(new Error(`moto exited before it was ready (${sig ?? `exit ${code}`}):\n${stderrTail.join('\n')}`)));
      void Promise.resolve().then(() => o.signal?.aborted && onAbort());
      const cleanup = () => {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
      };
      child.stdout!.once('close', cleanup);
    });
    o.log?.(`moto ${found.version} listening on 127.0.0.1:${port} (pid ${pid})`);
    return { pid, url: `http://127.0.0.1:${port}`, version: found.version, patches, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

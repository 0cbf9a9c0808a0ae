import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { emulatorAsset } from '../../assets';
import { signalGroup, statusKb } from '../../process-tree';

/** The AWS-shaped error body of a failed invocation (what the Invoke response payload carries). */
export interface LambdaErrorBody {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** What an execution environment needs to know about its function. */
export interface EnvironmentSpec {
  readonly functionName: string;
  readonly functionArn: string;
  readonly memorySizeMb: number;
  readonly timeoutSec: number;
  readonly handler: string;
  /** Directory with the extracted deployment package (LAMBDA_TASK_ROOT). */
  readonly codeDir: string;
  /** The complete environment of the process: Lambda's reserved variables plus the function's own. */
  readonly env: Readonly<Record<string, string>>;
}

export type EnvironmentResult =
  | { readonly kind: 'success'; readonly payload: string; readonly durationMs: number; readonly maxMemoryKb: number }
  | { readonly kind: 'error'; readonly error: LambdaErrorBody; readonly durationMs: number; readonly maxMemoryKb: number }
  /** The process is gone: timeout and OOM were enforced by killing it; crash means it exited by itself. */
  | { readonly kind: 'timeout' | 'oom'; readonly durationMs: number; readonly maxMemoryKb: number }
  | { readonly kind: 'crash'; readonly error: LambdaErrorBody; readonly durationMs: number; readonly maxMemoryKb: number };

type LogSink = (line: string, requestId: string | undefined) => void;

interface ChildMessage {
  type: 'ready' | 'log' | 'result' | 'fatal';
  requestId?: string;
  initMs?: number;
  initError?: LambdaErrorBody;
  line?: string;
  ok?: boolean;
  payload?: string;
  error?: LambdaErrorBody;
  durationMs?: number;
  maxRssKb?: number;
}

/** How often the resident set is sampled to enforce the memory limit. */
const MEMORY_POLL_MS = 20;

let bootstrapPath: string | undefined;

/**
 * One Lambda execution environment: a Node process running bootstrap.cjs with the function's code. It
 * serves one invocation at a time and is reused while warm. Timeout and memory are enforced from
 * outside, by killing the process group, as Lambda does.
 */
export class ExecutionEnvironment {
  /** AWS names each environment's log stream `YYYY/MM/DD/[$LATEST]<32 hex>`. */
  readonly logStreamName: string;
  /** INIT phase as measured inside the environment (runtime start + module load), ms. */
  initMs = 0;
  initError?: LambdaErrorBody;
  private readonly child: ChildProcess;
  private exited = false;
  private exitInfo?: { code: number | null; signal: NodeJS.Signals | null };
  private peakKb = 0;
  private killedFor?: 'timeout' | 'oom';
  private pending?: {
    requestId: string;
    resolve: (m: ChildMessage) => void;
  };
  private readonly exitWaiters: Array<() => void> = [];
  private sink: LogSink;

  private constructor(
    readonly spec: EnvironmentSpec,
    sink: LogSink,
  ) {
    this.sink = sink;
    const now = new Date();
    const ymd = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}`;
    this.logStreamName = `${ymd}/[$LATEST]${randomBytes(16).toString('hex')}`;
    bootstrapPath ??= emulatorAsset('gateway/lambda/bootstrap.cjs');
    // The Node.js Lambda runtimes cap the V8 heap below the function's memory so that the heap limit,
    // not the kernel, is what a leaky handler usually hits.
    const heapMb = Math.max(16, Math.floor(spec.memorySizeMb * 0.9));
    this.child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, bootstrapPath], {
      cwd: spec.codeDir,
      env: { ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Own process group: the gateway kills exactly this group, including anything the handler spawned.
      detached: true,
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => this.sink(line, this.pending?.requestId));
    }
    this.child.on('message', (m: ChildMessage) => this.onMessage(m));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = { code, signal };
      const p = this.pending;
      this.pending = undefined;
      p?.resolve({ type: 'fatal' });
      for (const w of this.exitWaiters.splice(0)) w();
    });
    this.child.on('error', () => {
      /* reported through 'exit' */
    });
  }

  /** Where the environment's output goes: the current invocation's log buffer. */
  setSink(sink: LogSink): void {
    this.sink = sink;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Spawns an environment and waits for its INIT phase. */
  static async create(spec: EnvironmentSpec, sink: LogSink): Promise<ExecutionEnvironment> {
    const env = new ExecutionEnvironment(spec, sink);
    const ready = await new Promise<ChildMessage>((resolve) => {
      env.pending = { requestId: '', resolve };
      env.startMemoryWatch();
    });
    env.stopMemoryWatch();
    if (ready.type !== 'ready') {
      env.initError = env.killedFor === 'oom'
        ? { errorType: 'Runtime.OutOfMemory', errorMessage: 'Runtime exited with error: signal: killed' }
        : { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited during INIT with ${env.exitDescription()}` };
    } else {
      env.initMs = ready.initMs ?? 0;
      if (ready.initError) env.initError = ready.initError;
    }
    return env;
  }

  /** Runs one invocation. `event` is the raw request payload (JSON text). */
  async invoke(requestId: string, event: string, context: Record<string, unknown>): Promise<EnvironmentResult> {
    if (this.exited) throw new Error('execution environment is gone');
    const deadline = Date.now() + this.spec.timeoutSec * 1000;
    const started = performance.now();
    const reply = new Promise<ChildMessage>((resolve) => (this.pending = { requestId, resolve }));
    const timer = setTimeout(() => this.kill('timeout'), this.spec.timeoutSec * 1000);
    this.startMemoryWatch();
    this.child.send({ type: 'invoke', requestId, event, deadline, context });
    const m = await reply;
    clearTimeout(timer);
    this.stopMemoryWatch();
    const wall = performance.now() - started;
    if (m.type === 'result') {
      // VmHWM is the environment's peak RSS so far, which is what Lambda's Max Memory Used reports.
      const hwm = statusKb(this.child.pid!, 'VmHWM') ?? m.maxRssKb ?? this.peakKb;
      const maxMemoryKb = Math.max(hwm, this.peakKb);
      const durationMs = m.durationMs ?? wall;
      return m.ok
        ? { kind: 'success', payload: m.payload ?? 'null', durationMs, maxMemoryKb }
        : { kind: 'error', error: m.error ?? { errorType: 'Error', errorMessage: 'unknown error' }, durationMs, maxMemoryKb };
    }
    // The process is gone (or going): timeout, OOM, or it died by itself.
    await this.waitExit();
    const memLimitKb = this.spec.memorySizeMb * 1024;
    if (this.killedFor === 'timeout') return { kind: 'timeout', durationMs: this.spec.timeoutSec * 1000, maxMemoryKb: this.peakKb };
    if (this.killedFor === 'oom' || this.isHeapOom()) return { kind: 'oom', durationMs: wall, maxMemoryKb: memLimitKb };
    const error: LambdaErrorBody = m.error
      ? m.error
      : { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${this.exitDescription()}` };
    return { kind: 'crash', error, durationMs: wall, maxMemoryKb: this.peakKb };
  }

  /** Kills the environment's process group. Safe to call repeatedly. */
  kill(reason?: 'timeout' | 'oom'): void {
    if (reason && !this.killedFor) this.killedFor = reason;
    if (this.exited || !this.child.pid) return;
    signalGroup(this.child.pid, 'SIGKILL');
  }

  waitExit(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((r) => this.exitWaiters.push(r));
  }

  private exitDescription(): string {
    const e = this.exitInfo;
    if (!e) return 'unknown';
    return e.signal ? `signal: ${e.signal === 'SIGKILL' ? 'killed' : e.signal}` : `exit status ${e.code}`;
  }

  /** V8 aborts with "heap out of memory" (SIGABRT or exit 134) when it reaches --max-old-space-size. */
  private isHeapOom(): boolean {
    const e = this.exitInfo;
    return !!e && (e.signal === 'SIGABRT' || e.code === 134);
  }

  private memTimer?: NodeJS.Timeout;

  private startMemoryWatch(): void {
    const limitKb = this.spec.memorySizeMb * 1024;
    this.memTimer = setInterval(() => {
      const rss = statusKb(this.child.pid!, 'VmRSS');
      if (rss === undefined) return;
      if (rss > this.peakKb) this.peakKb = rss;
      if (rss > limitKb) this.kill('oom');
    }, MEMORY_POLL_MS);
  }

  private stopMemoryWatch(): void {
    if (this.memTimer) clearInterval(this.memTimer);
    this.memTimer = undefined;
  }

  private onMessage(m: ChildMessage): void {
    if (m.type === 'log') {
      this.sink(m.line ?? '', m.requestId);
      return;
    }
    if (m.type === 'fatal') {
      // The process is about to exit; resolve with the error it reported, 'exit' fills in the rest.
      const p = this.pending;
      if (p) {
        this.pending = undefined;
        p.resolve(m);
      }
      return;
    }
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    p.resolve(m);
  }
}

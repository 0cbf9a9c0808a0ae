import type { InputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EmulatorCredentials, InjectedFault, InvocationOutcome, InvocationRecord, LambdaFaults } from '../../types';
import type { LogWriter } from '../log-writer';
import { EnvironmentResult, EnvironmentSpec, ExecutionEnvironment, LambdaErrorBody } from './execution-environment';
import { chooseFault, validateFaults } from './faults';
import { FunctionInfo, FunctionNotFound, FunctionRegistry } from './function-registry';
import { HostSlots, hostSlotsFrom } from './host-slots';
import { billedDurationMs, endLine, kbToMb, reportLine, startLine } from './report';

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface LambdaServiceOptions {
  readonly registry: FunctionRegistry;
  readonly logs: LogWriter;
  readonly region: string;
  /** The gateway URL the handlers' AWS SDK calls go to (AWS_ENDPOINT_URL). */
  readonly endpoint: () => string;
  /** Where the handlers' S3 calls go (AWS_ENDPOINT_URL_S3). @default - the gateway, like every other call */
  readonly s3Endpoint?: () => string;
  readonly credentials: EmulatorCredentials;
  /** @default 1000 */
  readonly accountConcurrency?: number;
  /** @default 300000 */
  readonly idleEnvironmentMs?: number;
  /**
   * Execution environments that run at once on this machine; further invocations wait (see host-slots.ts).
   * @default hostSlotsFrom(process.env): $SCALESIM_LAMBDA_SLOTS, else max(4, 2 × CPUs)
   */
  readonly hostSlots?: number;
  readonly log?: (line: string) => void;
}

/** Lambda's runtime environment variables that a function cannot set itself. */
const RESERVED_ENV = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'LAMBDA_TASK_ROOT', '_HANDLER'];

/** How many invocation records to keep: enough for any scalesim run, bounded for a long-lived gateway. */
const MAX_RECORDS = 200_000;

interface Idle {
  readonly env: ExecutionEnvironment;
  readonly configKey: string;
  timer: NodeJS.Timeout;
}

/**
 * Lambda Invoke, executed for real: concurrency limits, warm and cold execution environments, timeout
 * and memory enforcement, AWS-format platform log lines, and fault injection.
 */
export class LambdaService {
  private readonly idle = new Map<string, Idle[]>();
  private readonly busy = new Set<ExecutionEnvironment>();
  private readonly inFlight = new Map<string, number>();
  private unreservedInFlight = 0;
  private totalInFlight = 0;
  private readonly attempts = new Map<string, number>();
  private faults: LambdaFaults | undefined;
  private readonly records: InvocationRecord[] = [];
  private closed = false;
  private readonly accountConcurrency: number;
  private readonly slots: HostSlots;

  constructor(private readonly o: LambdaServiceOptions) {
    this.accountConcurrency = o.accountConcurrency ?? 1000;
    this.slots = new HostSlots(o.hostSlots ?? hostSlotsFrom());
  }

  setFaults(f: LambdaFaults): void {
    this.faults = validateFaults({ ...f });
    // Attempt numbers count from the moment a fault plan is set, so a plan replays identically.
    this.attempts.clear();
  }

  invocations(): readonly InvocationRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  clearInvocations(): void {
    this.records.length = 0;
  }

  /** PIDs of live execution environments (for hygiene checks). */
  environmentPids(): number[] {
    const out: number[] = [];
    for (const e of this.busy) if (e.pid) out.push(e.pid);
    for (const list of this.idle.values()) for (const i of list) if (i.env.pid) out.push(i.env.pid);
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all: ExecutionEnvironment[] = [...this.busy];
    for (const list of this.idle.values()) {
      for (const i of list) {
        clearTimeout(i.timer);
        all.push(i.env);
      }
    }
    this.idle.clear();
    for (const e of all) e.kill();
    await Promise.all(all.map((e) => e.waitExit()));
  }

  /** Handles `POST /2015-03-31/functions/{fn}/invocations`. */
  async invoke(functionRef: string, payload: string, headers: Readonly<Record<string, string | undefined>>): Promise<HttpReply> {
    const receivedAt = Date.now();
    const t0 = performance.now();
    const name = functionNameOf(functionRef);
    let info: FunctionInfo;
    try {
      info = await this.o.registry.get(name);
    } catch (e) {
      if (e instanceof FunctionNotFound) {
        return { status: e.status, headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': e.errorType }, body: e.body };
      }
      throw e;
    }
    const invocationType = headers['x-amz-invocation-type'] ?? 'RequestResponse';
    if (invocationType === 'DryRun') return { status: 204, headers: {}, body: '' };
    if (invocationType === 'Event') {
      void this.runEvent(info, payload);
      return { status: 202, headers: { 'x-amzn-RequestId': randomUUID() }, body: '' };
    }
    const requestId = randomUUID();
    const attemptKey = `${info.name}\u0000${createHash('sha256').update(payload).digest('base64')}`;
    const attempt = (this.attempts.get(attemptKey) ?? 0) + 1;
    this.attempts.set(attemptKey, attempt);
    const fault = this.faults ? chooseFault(this.faults, info.name, payload, attempt) : undefined;

    const refusal = fault === 'throttle' ? 'ConcurrentInvocationLimitExceeded' : this.acquire(info);
    if (refusal) {
      this.record({
        functionName: info.name, requestId, receivedAt, startedAt: receivedAt, endedAt: Date.now(), durationMs: 0, billedDurationMs: 0,
        memorySizeMb: info.memorySizeMb, maxMemoryUsedMb: 0, cold: false, outcome: 'throttled', errorType: 'TooManyRequestsException',
        throttled: true, attempt, overheadMs: performance.now() - t0, ...(fault ? { injected: fault } : {}),
      });
      return throttleReply(requestId, refusal);
    }
    try {
      const queuedMs = await this.slots.acquire();
      try {
        return await this.execute(info, requestId, payload, headers['x-amz-log-type'] === 'Tail', { receivedAt, t0, attempt, fault, queuedMs });
      } finally {
        this.slots.release();
      }
    } finally {
      this.release(info);
    }
  }

  private async runEvent(info: FunctionInfo, payload: string): Promise<void> {
    // Asynchronous invokes are queued by Lambda and retried on throttling; a short backoff loop does that here.
    for (let delay = 50; !this.closed; delay = Math.min(delay * 2, 5000)) {
      const refusal = this.acquire(info);
      if (!refusal) {
        const receivedAt = Date.now();
        const t0 = performance.now();
        const queuedMs = await this.slots.acquire();
        try {
          await this.execute(info, randomUUID(), payload, false, { receivedAt, t0, attempt: 1, fault: undefined, queuedMs });
        } catch (e) {
          this.o.log?.(`async invoke of ${info.name} failed: ${(e as Error).message}`);
        } finally {
          this.slots.release();
          this.release(info);
        }
        return;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private acquire(info: FunctionInfo): string | undefined {
    const mine = this.inFlight.get(info.name) ?? 0;
    if (info.reservedConcurrency !== undefined) {
      if (mine >= info.reservedConcurrency) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    } else {
      // Unreserved functions share what the reservations leave of the account limit.
      const unreservedCap = this.accountConcurrency - this.o.registry.reservedTotal();
      if (this.unreservedInFlight >= unreservedCap) return 'ConcurrentInvocationLimitExceeded';
    }
    if (this.totalInFlight >= this.accountConcurrency) return 'ConcurrentInvocationLimitExceeded';
    this.inFlight.set(info.name, mine + 1);
    this.totalInFlight++;
    if (info.reservedConcurrency === undefined) this.unreservedInFlight++;
    return undefined;
  }

  private release(info: FunctionInfo): void {
    this.inFlight.set(info.name, (this.inFlight.get(info.name) ?? 1) - 1);
    this.totalInFlight--;
    if (info.reservedConcurrency === undefined) this.unreservedInFlight--;
  }

  private async execute(info: FunctionInfo, requestId: string, payload: string, tail: boolean, m: InvocationContext): Promise<HttpReply> {
    const lines: InputLogEvent[] = [];
    const sink = (line: string) => lines.push({ timestamp: Date.now(), message: line });
    const { env, cold, coldWall } = await this.environmentFor(info, sink);
    this.busy.add(env);
    const startedAt = Date.now();
    lines.push({ timestamp: startedAt, message: startLine(requestId) });
    const injected = m.fault === 'throttle' ? undefined : m.fault;
    const result = await this.runHandler(info, env, requestId, payload, injected, m.attempt);
    this.busy.delete(env);
    const endedAt = Date.now();
    const initDurationMs = cold && !env.initError ? env.initMs : undefined;
    const maxMemoryUsedMb = Math.min(info.memorySizeMb, kbToMb(result.maxMemoryKb));
    const { outcome, error, status } = outcomeOf(result, requestId, info);
    if (env.alive && (result.kind === 'success' || result.kind === 'error')) this.putIdle(info, env);
    else env.kill();

    const billed = billedDurationMs(result.durationMs, initDurationMs);
    lines.push({ timestamp: endedAt, message: endLine(requestId) });
    lines.push({
      timestamp: endedAt,
      message: reportLine({
        requestId, durationMs: result.durationMs, billedDurationMs: billed, memorySizeMb: info.memorySizeMb, maxMemoryUsedMb,
        ...(initDurationMs !== undefined ? { initDurationMs } : {}),
        ...(status ? { status } : {}),
        ...(status === 'error' && error ? { errorType: error.errorType } : {}),
      }),
    });
    this.o.logs.append(info.logGroup, env.logStreamName, lines);
    const wall = performance.now() - m.t0;
    this.record({
      functionName: info.name, requestId, receivedAt: m.receivedAt, startedAt, endedAt, durationMs: result.durationMs, billedDurationMs: billed,
      ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      memorySizeMb: info.memorySizeMb, maxMemoryUsedMb, cold, outcome,
      ...(error ? { errorType: error.errorType } : {}),
      throttled: false, attempt: m.attempt,
      // Only the real handler time is excluded: an injected timeout reports a duration it never spent.
      // Waiting for a host slot is the machine's limit, not the gateway's work: reported apart.
      overheadMs: Math.max(0, wall - m.queuedMs - coldWall - (injected ? 0 : result.durationMs)),
      ...(m.queuedMs > 0 ? { queuedMs: m.queuedMs } : {}),
      ...(injected ? { injected } : {}),
    });
    return invokeReply(requestId, result, error, tail ? lines : undefined);
  }

  /** A warm environment of the function when one is idle, else a new one (cold), timed. */
  private async environmentFor(info: FunctionInfo, sink: (line: string) => void): Promise<{ env: ExecutionEnvironment; cold: boolean; coldWall: number }> {
    const warm = this.takeIdle(info);
    if (warm) {
      warm.setSink(sink);
      return { env: warm, cold: false, coldWall: 0 };
    }
    const c0 = performance.now();
    const env = await ExecutionEnvironment.create(this.spec(info), (line) => sink(line));
    return { env, cold: true, coldWall: performance.now() - c0 };
  }

  /** The handler's result: an init error, an injected fault acted out on the environment, or the real invoke. */
  private async runHandler(info: FunctionInfo, env: ExecutionEnvironment, requestId: string, payload: string, injected: InjectedFault | undefined, attempt: number): Promise<EnvironmentResult> {
    if (env.initError) {
      env.kill();
      return { kind: 'crash', error: env.initError, durationMs: 0, maxMemoryKb: 0 };
    }
    if (injected === 'throw') {
      return { kind: 'error', error: { errorType: 'Error', errorMessage: `scalesim injected fault (throw), attempt ${attempt}` }, durationMs: 0, maxMemoryKb: 0 };
    }
    if (injected === 'timeout' || injected === 'oom') {
      env.kill(injected);
      await env.waitExit();
      return injected === 'timeout'
        ? { kind: 'timeout', durationMs: info.timeoutSec * 1000, maxMemoryKb: 0 }
        : { kind: 'oom', durationMs: 0, maxMemoryKb: info.memorySizeMb * 1024 };
    }
    return env.invoke(requestId, payload, this.context(info, env, requestId));
  }

  private takeIdle(info: FunctionInfo): ExecutionEnvironment | undefined {
    const list = this.idle.get(info.name);
    while (list && list.length) {
      // Most recently used first, as Lambda tends to.
      const i = list.pop()!;
      clearTimeout(i.timer);
      if (i.configKey === info.configKey && i.env.alive) return i.env;
      i.env.kill();
    }
    return undefined;
  }

  private putIdle(info: FunctionInfo, env: ExecutionEnvironment): void {
    if (this.closed) {
      env.kill();
      return;
    }
    const list = this.idle.get(info.name) ?? [];
    const entry: Idle = {
      env,
      configKey: info.configKey,
      timer: setTimeout(() => {
        const at = list.indexOf(entry);
        if (at >= 0) list.splice(at, 1);
        env.kill();
      }, this.o.idleEnvironmentMs ?? 300_000),
    };
    entry.timer.unref();
    list.push(entry);
    this.idle.set(info.name, list);
  }

  private spec(info: FunctionInfo): EnvironmentSpec {
    const c = this.o.credentials;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
      ...info.environment,
      AWS_REGION: this.o.region,
      AWS_DEFAULT_REGION: this.o.region,
      AWS_ACCESS_KEY_ID: c.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
      ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
      AWS_ENDPOINT_URL: this.o.endpoint(),
      // S3 straight to moto: the gateway adds nothing to S3 calls but a copy of every body.
      ...(this.o.s3Endpoint ? { AWS_ENDPOINT_URL_S3: this.o.s3Endpoint() } : {}),
      AWS_LAMBDA_FUNCTION_NAME: info.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(info.memorySizeMb),
      AWS_LAMBDA_LOG_GROUP_NAME: info.logGroup,
      AWS_EXECUTION_ENV: `AWS_Lambda_${info.runtime}`,
      // Lambda's Node.js 18+ runtimes ship AWS SDK v3 and CDK's NodejsFunction leaves it out of bundles;
      // the same modules come from scalesim's own node_modules here (CommonJS require only, as NODE_PATH).
      ...(sdkNodePath() ? { NODE_PATH: sdkNodePath()! } : {}),
      LAMBDA_TASK_ROOT: info.codeDir,
      LAMBDA_RUNTIME_DIR: info.codeDir,
      _HANDLER: info.handler,
    };
    for (const k of RESERVED_ENV) if (k in info.environment) this.o.log?.(`Lambda ${info.name} sets reserved variable ${k}; Lambda's value wins`);
    return {
      functionName: info.name,
      functionArn: info.arn,
      memorySizeMb: info.memorySizeMb,
      timeoutSec: info.timeoutSec,
      handler: info.handler,
      codeDir: info.codeDir,
      env,
    };
  }

  private context(info: FunctionInfo, env: ExecutionEnvironment, requestId: string): Record<string, unknown> {
    return {
      functionName: info.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: info.arn,
      memoryLimitInMB: String(info.memorySizeMb),
      awsRequestId: requestId,
      logGroupName: info.logGroup,
      logStreamName: env.logStreamName,
    };
  }

  private record(r: InvocationRecord): void {
    this.records.push(r);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
  }
}

let sdkPath: string | null | undefined;
function sdkNodePath(): string | undefined {
  if (sdkPath === undefined) {
    try {
      sdkPath = path.resolve(path.dirname(require.resolve('@aws-sdk/client-s3/package.json')), '..', '..');
    } catch {
      sdkPath = null;
    }
  }
  return sdkPath ?? undefined;
}

/** `name`, `name:qualifier`, or a function ARN → the function name. */
export function functionNameOf(ref: string): string {
  const decoded = decodeURIComponent(ref);
  if (decoded.startsWith('arn:')) return decoded.split(':')[6] ?? decoded;
  return decoded.split(':')[0]!;
}

/** When and how an invocation arrived, measured by `invoke` before it reached an environment. */
interface InvocationContext {
  readonly receivedAt: number;
  /** performance.now() at arrival: the wall time the gateway's overhead is measured from. */
  readonly t0: number;
  readonly attempt: number;
  readonly fault: InjectedFault | undefined;
  /** Time spent waiting for a host slot. */
  readonly queuedMs: number;
}

/**
 * The invocation's outcome, the error body Lambda returns for it, and the REPORT line's status
 * (Lambda writes `Status: timeout` or `Status: error` for a sandbox failure, nothing for a handler error).
 */
export function outcomeOf(result: EnvironmentResult, requestId: string, info: Pick<FunctionInfo, 'timeoutSec'>): { outcome: InvocationOutcome; error?: LambdaErrorBody; status?: 'timeout' | 'error' } {
  switch (result.kind) {
    case 'success':
      return { outcome: 'success' };
    case 'error':
      return { outcome: 'error', error: result.error };
    case 'timeout':
      return {
        outcome: 'timeout',
        status: 'timeout',
        error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${info.timeoutSec.toFixed(2)} seconds` },
      };
    case 'oom':
      return { outcome: 'oom', status: 'error', error: { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed` } };
    case 'crash':
      return { outcome: 'crash', status: 'error', error: result.error };
  }
}

/** The Invoke response: the payload, or the error body marked `X-Amz-Function-Error`; the log tail when asked for. */
function invokeReply(requestId: string, result: EnvironmentResult, error: LambdaErrorBody | undefined, tailLines: readonly InputLogEvent[] | undefined): HttpReply {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'x-amzn-RequestId': requestId,
    'X-Amz-Executed-Version': '$LATEST',
  };
  if (tailLines) headers['X-Amz-Log-Result'] = tailOf(tailLines);
  if (error) {
    headers['X-Amz-Function-Error'] = 'Unhandled';
    return { status: 200, headers, body: JSON.stringify(error) };
  }
  return { status: 200, headers, body: result.kind === 'success' ? result.payload : 'null' };
}

function throttleReply(requestId: string, reason: string): HttpReply {
  return {
    status: 429,
    headers: {
      'Content-Type': 'application/json',
      // Both SDKs read the error code from this header for REST-JSON services such as Lambda.
      'x-amzn-ErrorType': 'TooManyRequestsException',
      'x-amzn-RequestId': requestId,
      'Retry-After': '1',
    },
    body: JSON.stringify({ Reason: reason, Type: 'User', message: 'Rate Exceeded.' }),
  };
}

/** X-Amz-Log-Result: the last 4 KB of the invocation's log, base64. */
function tailOf(lines: readonly InputLogEvent[]): string {
  const text = Buffer.from(lines.map((l) => l.message).join('\n') + '\n');
  return text.subarray(Math.max(0, text.length - 4096)).toString('base64');
}

import type { EmulatorKind } from '../cli/options';
import type { InjectedFault } from '../results/faults';

export type { EmulatorKind };

/** Static credentials for an emulator. moto and LocalStack accept any; these are the conventional ones. */
export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What a target does for real, so callers can label their numbers and skip what cannot work. */
export interface EmulatorCapabilities {
  /** Lambda handlers really run (moto: in the scalesim gateway; LocalStack: in its own containers). */
  readonly executesLambda: boolean;
  /** Reserved and account concurrency throttle with 429 TooManyRequestsException. */
  readonly enforcesConcurrency: boolean;
  /** START/END/REPORT lines appear in CloudWatch Logs, with Duration, Billed Duration, Max Memory Used, Init Duration. */
  readonly writesReportLines: boolean;
  /** ECS RunTask really runs the task's command (`ecs:runTask.sync` reaches STOPPED with an exit code). */
  readonly executesEcsTasks: boolean;
  /** `setFaults` is available. */
  readonly faultInjection: boolean;
  /** Deploys cost real money and touch a real account. */
  readonly realCloud: boolean;
}

/**
 * Fault rates for the gateway's Lambda execution environments, each a probability in [0, 1]. A fault is
 * chosen deterministically from a hash of `seed`, the function name, the request payload and the attempt
 * number (the how-manieth time this exact payload reached this function), so a rerun with the same
 * seed injects the same faults at the same places and a Retry can succeed where the first attempt failed.
 */
export interface LambdaFaults {
  /** The handler is not run; the invocation fails with `errorType: Error` (X-Amz-Function-Error: Unhandled). @default 0 */
  readonly throwRate?: number;
  /** The environment is killed as if it ran to its timeout (`Sandbox.Timedout`); REPORT shows the full timeout. @default 0 */
  readonly timeoutRate?: number;
  /** The environment is killed as if it exceeded its memory (`Runtime.OutOfMemory`). @default 0 */
  readonly oomRate?: number;
  /** The invoke is refused with 429 TooManyRequestsException, before any environment is used. @default 0 */
  readonly throttleRate?: number;
  /** @default 0 */
  readonly seed?: number;
}

/** Defined with the results contract, which records the injected faults (results.json `designs[d].faults`). */
export type { InjectedFault };

export type InvocationOutcome = 'success' | 'error' | 'timeout' | 'oom' | 'crash' | 'throttled';

/**
 * One Lambda invocation as the gateway saw it. The collector reads CloudWatch Logs instead (the same
 * code must work on LocalStack and AWS); this log is for tests and benchmarks.
 */
export interface InvocationRecord {
  readonly functionName: string;
  readonly requestId: string;
  /** Epoch ms when the gateway received the invoke. */
  readonly receivedAt: number;
  /** Epoch ms when the handler started (after any cold start); equals `receivedAt` for a throttle. */
  readonly startedAt: number;
  /** Epoch ms when the response was ready. */
  readonly endedAt: number;
  /** Handler time, as in REPORT `Duration` (ms, fractional). 0 for a throttle. */
  readonly durationMs: number;
  /** As in REPORT `Billed Duration`: ceil(duration + init) on a cold start, ceil(duration) when warm. */
  readonly billedDurationMs: number;
  /** As in REPORT `Init Duration`; present on cold starts only. */
  readonly initDurationMs?: number;
  readonly memorySizeMb: number;
  /** Peak RSS of the execution environment so far (VmHWM), MB, as in REPORT `Max Memory Used`. */
  readonly maxMemoryUsedMb: number;
  readonly cold: boolean;
  readonly outcome: InvocationOutcome;
  /** Lambda error type (`Error`, `Sandbox.Timedout`, `Runtime.OutOfMemory`, ...) when not a success. */
  readonly errorType?: string;
  readonly throttled: boolean;
  /** Set when the outcome was injected by `setFaults`, not produced by the handler. */
  readonly injected?: InjectedFault;
  /** Which attempt of this exact payload this was (1 = first), as used by fault injection. */
  readonly attempt: number;
  /** Gateway time outside the handler: receive → handler start plus handler end → response, ms (slot wait excluded). */
  readonly overheadMs: number;
  /**
   * Time the invocation waited for a host slot (the machine runs a bounded number of environments at
   * once, simulator/emulator/gateway/lambda/host-slots.ts), ms; absent when it did not wait.
   */
  readonly queuedMs?: number;
}

/** Options every provider accepts. */
export interface EmulatorStartOptions {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Aborting it stops the start and cleans up whatever was started. */
  readonly signal?: AbortSignal;
  /** Progress lines (one per call, no newline). @default - silent */
  readonly log?: (line: string) => void;
  /** `endpoint` provider: URL of the running emulator. Required there. */
  readonly endpoint?: string;
  /** `localstack` provider: container image. @default 'localstack/localstack:4.14' */
  readonly image?: string;
  /** `aws` provider: explicit consent to touch a real account. @default false */
  readonly yes?: boolean;
  /**
   * `aws` provider: the environment the AWS SDK will read, checked for endpoint overrides
   * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>) that would send "real AWS" calls elsewhere.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** moto provider: account-wide Lambda concurrency cap enforced by the gateway. @default 1000 */
  readonly accountConcurrency?: number;
  /** moto provider: public (gateway) port. @default - a free port chosen by the OS */
  readonly port?: number;
  /**
   * moto provider: maps an ECS container image to the local directory its command runs in.
   * @default - the CDK docker image asset of the assembly passed to `useAssembly`: `<assembly>/asset.<tag>/`
   */
  readonly resolveImage?: ImageResolver;
  /** moto provider: how long an idle execution environment stays warm before it is reclaimed. @default 300000 */
  readonly idleEnvironmentMs?: number;
  /**
   * moto provider: Lambda invocations the gateway runs on this host at once (checked by the caller,
   * e.g. `hostSlotsFrom(env)`).
   * @default hostSlotsFrom(process.env): $SCALESIM_LAMBDA_SLOTS, else max(4, 2 × CPUs)
   */
  readonly hostSlots?: number;
}

/** Maps a container image URI to a local directory, or undefined if it is unknown. */
export type ImageResolver = (image: string) => string | undefined;

/**
 * A started emulator target. Every AWS SDK client of the run is built from `endpoint`, `region` and
 * `credentials` (see `clientConfig`). `stop()` must be called on every path (it is idempotent).
 */
export interface EmulatorSession {
  readonly kind: EmulatorKind;
  /** Base URL for every AWS service; undefined for a real account (the SDK's own endpoints). */
  readonly endpoint?: string;
  /**
   * Where S3 is served, when not at `endpoint`: the embedded moto takes S3 calls directly, since the
   * gateway in front of it only copies the bytes. @default - `endpoint`
   */
  readonly s3Endpoint?: string;
  readonly region: string;
  /** undefined for a real account (the default credential chain). */
  readonly credentials?: EmulatorCredentials;
  readonly capabilities: EmulatorCapabilities;
  /** Versions and details for results.json `environment.emulator`. */
  readonly description: EmulatorDescription;
  /**
   * After CloudFormation created the stacks: provider-specific fix-ups, then the state machine ARNs to
   * start. moto: quirk 3 of DESIGN.md (stacks' state machines land in the non-executing backend), so each
   * one is re-created in the executing backend with the same name, definition and role; the ARNs stay the
   * same. Others: returns `arns` unchanged.
   */
  prepareStateMachines(arns: readonly string[]): Promise<readonly string[]>;
  /** The cloud assembly directory, so ECS container images can be mapped to local asset directories. */
  useAssembly(dir: string): void;
  /**
   * Fault injection for the following invocations (replaces any previous plan; `{}` switches it off);
   * undefined where the target cannot inject. Await it: on a detached gateway it is an HTTP call.
   */
  readonly setFaults?: (faults: LambdaFaults) => void | Promise<void>;
  /**
   * The gateway's invocation log, oldest first (copies). undefined where Lambdas do not run in a
   * scalesim gateway. Reading it also waits until every log line written so far is in CloudWatch Logs.
   */
  readonly invocations?: () => Promise<readonly InvocationRecord[]>;
  /** Stops everything this session started. Idempotent; never throws for an already-dead process. */
  stop(): Promise<void>;
}

export interface EmulatorDescription {
  readonly name: string;
  readonly version?: string;
  /** e.g. the moto patches applied, the LocalStack image. */
  readonly details: Readonly<Record<string, string>>;
}

export interface EmulatorProvider {
  readonly kind: EmulatorKind;
  start(opts: EmulatorStartOptions): Promise<EmulatorSession>;
}

/**
 * The conventional fake credentials for emulators (moto and LocalStack accept any). Not frozen, and
 * copied before use: the AWS SDK writes bookkeeping fields into the credentials object it is given.
 */
export const EMULATOR_CREDENTIALS: EmulatorCredentials = {
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
};

import { Gateway } from '../gateway/server';
import { signalGroup } from '../process-tree';
import {
  EMULATOR_CREDENTIALS,
  EmulatorProvider,
  EmulatorSession,
  EmulatorStartOptions,
  InvocationRecord,
  LambdaFaults,
} from '../types';
import { MotoProcess, startMoto } from './moto-process';
import { reregisterStateMachines, setMotoExecution } from './state-machines';

/** A running embedded moto: the gateway on the public port, moto behind it. */
export interface MotoSession extends EmulatorSession {
  readonly kind: 'moto';
  readonly endpoint: string;
  readonly setFaults: (faults: LambdaFaults) => void;
  readonly invocations: () => Promise<readonly InvocationRecord[]>;
  /** Forget the invocation log so far (e.g. between the two designs of a run). */
  clearInvocations(): void;
  /** The moto process's id and the gateway's (this process), for `emulator start --keep` and hygiene checks. */
  readonly pids: { readonly moto: number; readonly gateway: number };
  /** PIDs of live Lambda execution environments and ECS containers (each a process-group leader). */
  childPids(): number[];
}

/**
 * The default target: moto 5.2.x, patched by scalesim's launcher, behind the scalesim runtime gateway
 * which executes Lambda and ECS for real. Everything started is stopped by `stop()`, by the abort
 * signal, and (synchronously, by process group) when this Node process exits.
 */
export const motoProvider: EmulatorProvider = {
  kind: 'moto',
  start: (o) => startMotoSession(o),
};

export async function startMotoSession(o: EmulatorStartOptions): Promise<MotoSession> {
  const region = o.region ?? 'us-east-1';
  o.signal?.throwIfAborted();
  const gateway = await startGateway(region, o);
  let moto: MotoProcess | undefined;
  // Last-resort cleanup if this process exits without stop(): only synchronous calls work here.
  const onExit = () => {
    for (const pid of gateway.childPids()) signalGroup(pid, 'SIGKILL');
    if (moto) signalGroup(moto.pid, 'SIGKILL');
  };
  process.on('exit', onExit);
  try {
    moto = await startMoto({ gatewayPort: gateway.port, ...(o.signal ? { signal: o.signal } : {}), ...(o.log ? { log: o.log } : {}) });
    gateway.setUpstream(moto.url);
    await setMotoExecution(moto.url, true);
  } catch (e) {
    await moto?.stop();
    await gateway.close();
    process.off('exit', onExit);
    throw e;
  }
  const stop = stopOnce(gateway, moto, onExit, o.signal);
  o.log?.(`scalesim gateway on ${gateway.url} (moto behind it on ${moto.url})`);
  return motoSession(region, gateway, moto, stop);
}

/** The runtime gateway on the public port, with the start options that concern it. */
function startGateway(region: string, o: EmulatorStartOptions): Promise<Gateway> {
  return Gateway.start({
    region,
    credentials: EMULATOR_CREDENTIALS,
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.accountConcurrency !== undefined ? { accountConcurrency: o.accountConcurrency } : {}),
    ...(o.idleEnvironmentMs !== undefined ? { idleEnvironmentMs: o.idleEnvironmentMs } : {}),
    ...(o.hostSlots !== undefined ? { hostSlots: o.hostSlots } : {}),
    ...(o.resolveImage ? { resolveImage: o.resolveImage } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
}

/**
 * The session's idempotent stop: the gateway first (no new work reaches moto), then moto. The abort
 * signal calls it too; the exit hook is removed once both are down.
 */
function stopOnce(gateway: Gateway, moto: MotoProcess, onExit: () => void, signal: AbortSignal | undefined): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      signal?.removeEventListener('abort', onAbort);
      try {
        await gateway.close();
      } finally {
        await moto.stop();
        process.off('exit', onExit);
      }
    })());
  const onAbort = () => void stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  return stop;
}

/** What a run sees of the started gateway and moto: the endpoint, capabilities and the gateway's controls. */
function motoSession(region: string, gateway: Gateway, m: MotoProcess, stop: () => Promise<void>): MotoSession {
  const applied = Object.entries(m.patches)
    .filter(([, v]) => v)
    .map(([k]) => k);
  return {
    kind: 'moto',
    endpoint: gateway.url,
    region,
    credentials: { ...EMULATOR_CREDENTIALS },
    capabilities: {
      executesLambda: true,
      enforcesConcurrency: true,
      writesReportLines: true,
      executesEcsTasks: true,
      faultInjection: true,
      realCloud: false,
    },
    description: { name: 'moto', version: m.version, details: { patches: applied.join(','), gateway: 'scalesim' } },
    s3Endpoint: m.url,
    pids: { moto: m.pid, gateway: process.pid },
    prepareStateMachines: (arns) => reregisterStateMachines(m.url, region, EMULATOR_CREDENTIALS, arns),
    useAssembly: (dir) => gateway.useAssembly(dir),
    setFaults: (f) => gateway.setFaults(f),
    invocations: () => gateway.invocations(),
    clearInvocations: () => gateway.clearInvocations(),
    childPids: () => gateway.childPids(),
    stop,
  };
}

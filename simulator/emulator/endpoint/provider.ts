import { UserError } from '../../errors';
import type { GatewayInfo } from '../gateway/server';
import { reregisterStateMachines, setMotoExecution } from '../moto/state-machines';
import { validateFaults } from '../gateway/lambda/faults';
import { EMULATOR_CREDENTIALS, EmulatorProvider, EmulatorSession, EmulatorStartOptions, InvocationRecord } from '../types';

/** What answers at an endpoint. */
export type EndpointFlavour = 'scalesim-gateway' | 'moto' | 'localstack' | 'unknown';

const PROBE_TIMEOUT_MS = 3000;

async function get(url: string): Promise<Response | undefined> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch {
    return undefined;
  }
}

/**
 * Recognises the emulator at `base`: a scalesim gateway (`emulator start --keep`), a plain moto
 * server, LocalStack, or something else AWS-compatible. Throws a one-line UserError if nothing answers.
 */
async function probeEndpoint(base: string): Promise<EndpointFlavour> {
  try {
    await fetch(base, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    throw new UserError(
      `cannot reach the emulator at ${base} (${cause?.code ?? cause?.message ?? (e as Error).message}): start one with "scalesim emulator start --keep", or check --endpoint`,
    );
  }
  const info = await get(`${base}/_scalesim/info`);
  if (info?.ok && ((await info.json().catch(() => ({}))) as Partial<GatewayInfo>).gateway === 'scalesim') return 'scalesim-gateway';
  if ((await get(`${base}/_localstack/health`))?.ok) return 'localstack';
  const moto = await get(`${base}/moto-api/config`);
  if (moto && moto.status < 300) return 'moto';
  return 'unknown';
}

function normalise(url: string | undefined): string {
  if (!url) throw new UserError('--emulator endpoint needs --endpoint URL, e.g. --endpoint http://127.0.0.1:5000 (printed by "scalesim emulator start --keep")');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--endpoint ${url} is not a URL; expected e.g. http://127.0.0.1:5000`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(`--endpoint ${url} must be http:// or https://`);
  return u.origin;
}

/**
 * An emulator that is already running; scalesim never stops it. On a scalesim gateway everything the
 * embedded moto does is available over HTTP (its admin routes); on a plain moto, state machines execute
 * but Lambda handlers do not run (moto's simple Lambda echoes the event); on LocalStack, it runs them.
 */
export const endpointProvider: EmulatorProvider = {
  kind: 'endpoint',
  async start(o: EmulatorStartOptions): Promise<EmulatorSession> {
    const base = normalise(o.endpoint);
    const region = o.region ?? 'us-east-1';
    const flavour = await probeEndpoint(base);
    o.log?.(`${base} is ${flavour}`);
    const credentials = { ...EMULATOR_CREDENTIALS };
    const isMoto = flavour === 'scalesim-gateway' || flavour === 'moto';
    if (isMoto) await setMotoExecution(base, true);
    const gateway = flavour === 'scalesim-gateway';
    const admin = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${base}/_scalesim/${route}`, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
      });
      if (!res.ok) throw new Error(`scalesim gateway ${method} ${route}: HTTP ${res.status} ${await res.text()}`);
      return res.json() as Promise<unknown>;
    };
    return {
      kind: 'endpoint',
      endpoint: base,
      region,
      credentials,
      capabilities: {
        executesLambda: gateway || flavour === 'localstack',
        enforcesConcurrency: gateway || flavour === 'localstack',
        writesReportLines: gateway || flavour === 'localstack',
        executesEcsTasks: gateway,
        faultInjection: gateway,
        realCloud: false,
      },
      description: { name: flavour, details: { endpoint: base } },
      prepareStateMachines: (arns) => (isMoto ? reregisterStateMachines(base, region, credentials, arns) : Promise.resolve(arns)),
      useAssembly: (dir) => {
        if (gateway) void admin('POST', 'assembly', { dir }).catch((e: Error) => o.log?.(e.message));
      },
      ...(gateway
        ? {
            setFaults: async (f) => {
              await admin('POST', 'faults', validateFaults(f));
            },
            invocations: async () => ((await admin('GET', 'invocations')) as { invocations: InvocationRecord[] }).invocations,
          }
        : {}),
      stop: async () => undefined,
    };
  },
};

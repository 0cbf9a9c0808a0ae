import { UserError } from '../../errors';
import { EMULATOR_CREDENTIALS, EmulatorProvider, EmulatorSession, EmulatorStartOptions } from '../types';

export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.14';

/** Why LocalStack cannot run here, or undefined when it can (a container engine answers and has the image). */
export async function localstackUnavailable(image: string = DEFAULT_LOCALSTACK_IMAGE): Promise<string | undefined> {
  // Loaded lazily: only this provider needs it. A testcontainers that cannot load (12.x needs Node 22
  // for undici 8; we pin 11.x) is a reason to refuse with a message, not a crash.
  let tc: typeof import('testcontainers');
  try {
    tc = await import('testcontainers');
  } catch (e) {
    return `testcontainers cannot load on Node ${process.versions.node} (${(e as Error).message.split('\n')[0]})`;
  }
  const { getContainerRuntimeClient, ImageName } = tc;
  let client;
  try {
    client = await getContainerRuntimeClient();
  } catch (e) {
    return `no container engine is reachable (${(e as Error).message.split('\n')[0]})`;
  }
  if (!(await client.image.exists(ImageName.fromString(image)))) {
    return `the image ${image} is not present locally and scalesim does not pull it`;
  }
  return undefined;
}

/**
 * LocalStack in a container, via @testcontainers/localstack. LocalStack runs the Lambdas itself (in
 * containers of its own, through the engine's socket), so there is no scalesim gateway: no invocation
 * log, no fault injection, and its own REPORT lines. The open-source line ends at 4.14 (DESIGN.md).
 */
export const localstackProvider: EmulatorProvider = {
  kind: 'localstack',
  async start(o: EmulatorStartOptions): Promise<EmulatorSession> {
    const image = o.image ?? DEFAULT_LOCALSTACK_IMAGE;
    const region = o.region ?? 'us-east-1';
    const why = await localstackUnavailable(image);
    if (why) throw new UserError(`--emulator localstack cannot start: ${why}. Use the default --emulator moto, or --emulator endpoint --endpoint URL`);
    o.signal?.throwIfAborted();
    const { LocalstackContainer } = await import('@testcontainers/localstack');
    const { getContainerRuntimeClient } = await import('testcontainers');
    const socket = (await getContainerRuntimeClient()).info.containerRuntime.remoteSocketPath;
    o.log?.(`starting ${image}`);
    const container = await new LocalstackContainer(image)
      .withEnvironment({ SERVICES: 's3,lambda,stepfunctions,ecs,logs,cloudformation,iam,sts,ssm,ec2,kms,ecr', AWS_DEFAULT_REGION: region })
      // LocalStack starts Lambda containers through the engine's socket.
      .withBindMounts([{ source: socket, target: '/var/run/docker.sock' }])
      .start();
    let stopped: Promise<void> | undefined;
    const stop = () => (stopped ??= container.stop().then(() => undefined));
    o.signal?.addEventListener('abort', () => void stop(), { once: true });
    return {
      kind: 'localstack',
      endpoint: container.getConnectionUri(),
      region,
      credentials: { ...EMULATOR_CREDENTIALS },
      capabilities: { executesLambda: true, enforcesConcurrency: true, writesReportLines: true, executesEcsTasks: false, faultInjection: false, realCloud: false },
      description: { name: 'localstack', version: image.split(':')[1] ?? 'latest', details: { image } },
      prepareStateMachines: async (arns) => arns,
      useAssembly: () => undefined,
      stop,
    };
  },
};

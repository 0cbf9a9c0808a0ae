import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../../errors';
import type { EmulatorProvider, EmulatorSession, EmulatorStartOptions } from '../types';

/**
 * `--emulator aws` means AWS's own endpoints. The SDK follows AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> from the environment, so with one of them set a run labelled "real AWS"
 * would talk to whatever they name (and a failure there would read as a credentials problem). scalesim
 * refuses instead of guessing which was meant; `--emulator endpoint --endpoint URL` targets an
 * endpoint on purpose. (An `endpoint_url` in ~/.aws/config is also followed by the SDK; unset it too.)
 */
export function refuseEndpointOverrides(env: Readonly<Record<string, string | undefined>>): void {
  // The SDK's own switch to ignore configured endpoints: then AWS's endpoints are used after all.
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return;
  const set = Object.keys(env)
    .filter((k) => (k === 'AWS_ENDPOINT_URL' || k.startsWith('AWS_ENDPOINT_URL_')) && env[k])
    .sort();
  if (set.length === 0) return;
  const first = set[0]!;
  throw new UserError(
    `--emulator aws talks to real AWS, but ${first}=${String(env[first]).slice(0, 100)} is set${set.length > 1 ? ` (and ${set.slice(1).join(', ')})` : ''}, which would send its calls there: unset it, or target that endpoint on purpose with --emulator endpoint --endpoint ${String(env[first]).slice(0, 100)}`,
  );
}

/** The checks `--emulator aws` makes before anything else: consent, and AWS's own endpoints. */
export function awsPreflight(o: Pick<EmulatorStartOptions, 'yes' | 'env'>): void {
  if (!o.yes) {
    throw new UserError('--emulator aws deploys to a real AWS account and incurs charges: add --yes to confirm, or use the default --emulator moto');
  }
  refuseEndpointOverrides(o.env ?? process.env);
}

/**
 * A real AWS account, through the SDK's default credential chain. Nothing is deployed without an
 * explicit `yes: true` (the CLI's --yes): it costs money and changes an account. Not exercised by the
 * test suite; it adds nothing but endpoints left undefined, so the same deploy/run/collect code applies.
 */
export const awsProvider: EmulatorProvider = {
  kind: 'aws',
  async start(o: EmulatorStartOptions): Promise<EmulatorSession> {
    awsPreflight(o);
    const region = o.region ?? 'us-east-1';
    const sts = new STSClient({ region });
    let account: string;
    try {
      account = (await sts.send(new GetCallerIdentityCommand({}), o.signal ? { abortSignal: o.signal } : {})).Account ?? 'unknown';
    } catch (e) {
      throw new UserError(`--emulator aws found no usable AWS credentials (${(e as Error).message.split('\n')[0]}): configure a profile or AWS_* variables`);
    } finally {
      sts.destroy();
    }
    o.log?.(`using AWS account ${account} in ${region}`);
    return {
      kind: 'aws',
      region,
      capabilities: { executesLambda: true, enforcesConcurrency: true, writesReportLines: true, executesEcsTasks: true, faultInjection: false, realCloud: true },
      description: { name: 'aws', details: { account } },
      prepareStateMachines: async (arns) => arns,
      useAssembly: () => undefined,
      stop: async () => undefined,
    };
  },
};

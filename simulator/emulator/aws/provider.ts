import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../../errors';
import type { EmulatorProvider, EmulatorSession, EmulatorStartOptions } from '../types';

/**
 * A real AWS account, through the SDK's default credential chain. Nothing is deployed without an
 * explicit `yes: true` (the CLI's --yes): it costs money and changes an account. Not exercised by the
 * test suite; it adds nothing but endpoints left undefined, so the same deploy/run/collect code applies.
 */
export const awsProvider: EmulatorProvider = {
  kind: 'aws',
  async start(o: EmulatorStartOptions): Promise<EmulatorSession> {
    if (!o.yes) {
      throw new UserError('--emulator aws deploys to a real AWS account and incurs charges: add --yes to confirm, or use the default --emulator moto');
    }
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

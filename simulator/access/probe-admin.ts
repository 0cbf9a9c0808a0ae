import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { Credentials } from './probe';

/**
 * The probe's admin identity on moto.
 *
 * moto enforces IAM only when started with `INITIAL_NO_AUTH_ACTION_COUNT=N`: its first N requests are
 * not checked, every later one is. Those first requests create an IAM user allowed everything and its
 * access key; everything after that (deploy, probe) is signed with that key. The count is global to
 * the moto process, so nothing else may reach it before these calls.
 */
export const PROBE_ADMIN_UNAUTHENTICATED_CALLS = 3;

export interface ProbeAdmin {
  readonly credentials: Credentials;
  readonly arn: string;
}

export interface CreateProbeAdminOptions {
  readonly endpoint: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default 'scalesim-probe-admin' */
  readonly userName?: string;
}

export async function createProbeAdmin(o: CreateProbeAdminOptions): Promise<ProbeAdmin> {
  const userName = o.userName ?? 'scalesim-probe-admin';
  // Any key is accepted while requests are still unauthenticated.
  const iam = new IAMClient({ endpoint: o.endpoint, region: o.region ?? 'us-east-1', credentials: { accessKeyId: 'bootstrap', secretAccessKey: 'bootstrap' }, maxAttempts: 1 });
  const user = await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: userName,
      PolicyName: 'everything',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }, arn: user.User!.Arn! };
}

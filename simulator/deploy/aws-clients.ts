import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';

/** Where the SDK clients point: an emulator endpoint, or (both undefined) the SDK's own defaults. */
export interface AwsTarget {
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** The clients deploy, run and collect use. One set per target, so every call goes to the same place. */
export interface AwsClients {
  readonly cloudformation: CloudFormationClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  readonly ssm: SSMClient;
  readonly logs: CloudWatchLogsClient;
  destroy(): void;
}

export function clientConfig(target: AwsTarget): {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts: number;
} {
  return {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    // Copied: the SDK writes bookkeeping fields into the credentials object it is given.
    ...(target.credentials ? { credentials: { ...target.credentials } } : {}),
    maxAttempts: 5,
  };
}

export function awsClients(target: AwsTarget): AwsClients {
  const cfg = clientConfig(target);
  const clients = {
    cloudformation: new CloudFormationClient(cfg),
    // Emulators serve buckets by path, not by virtual host.
    s3: new S3Client({ ...cfg, forcePathStyle: Boolean(target.endpoint) }),
    sfn: new SFNClient(cfg),
    ssm: new SSMClient(cfg),
    logs: new CloudWatchLogsClient(cfg),
  };
  return {
    ...clients,
    destroy() {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}

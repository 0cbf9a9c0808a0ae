import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig } from '../emulator/client-config';

/** Where the SDK clients point: an emulator endpoint, or (both undefined) the SDK's own defaults. */
export interface AwsTarget {
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** S3's own endpoint, when it is not `endpoint` (EmulatorSession.s3Endpoint). */
  readonly s3Endpoint?: string;
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

export function awsClients(target: AwsTarget): AwsClients {
  const cfg = { ...clientConfig(target), maxAttempts: 5 };
  const clients = {
    cloudformation: new CloudFormationClient(cfg),
    s3: new S3Client(target.s3Endpoint ? { ...cfg, endpoint: target.s3Endpoint } : cfg),
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

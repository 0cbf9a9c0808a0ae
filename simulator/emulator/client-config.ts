import type { EmulatorSession } from './types';

/** Options every AWS SDK v3 client of a run is built with. */
export interface AwsClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** S3 only (harmless elsewhere): emulators serve buckets by path, not by virtual host. */
  readonly forcePathStyle?: boolean;
}

/**
 * The SDK client configuration for a session. Credentials are copied, because the SDK writes
 * bookkeeping into the object it is given. On AWS, endpoint and credentials stay unset (default chain).
 */
export function clientConfig(s: Pick<EmulatorSession, 'region' | 'endpoint' | 'credentials'>): AwsClientConfig {
  return {
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true } : {}),
    ...(s.credentials ? { credentials: { ...s.credentials } } : {}),
  };
}

/** Environment variables that point the AWS CLI and SDKs at a session (what `emulator start` prints). */
export function sessionEnv(s: Pick<EmulatorSession, 'region' | 'endpoint' | 'credentials'>): Record<string, string> {
  return {
    ...(s.endpoint ? { AWS_ENDPOINT_URL: s.endpoint } : {}),
    ...(s.credentials ? { AWS_ACCESS_KEY_ID: s.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s.credentials.secretAccessKey } : {}),
    AWS_REGION: s.region,
    AWS_DEFAULT_REGION: s.region,
  };
}

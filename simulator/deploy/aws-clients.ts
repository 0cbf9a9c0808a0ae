import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig } from '../emulator/client-config';
import { TargetUnreachableError } from '../errors';

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
  const endpoint = target.endpoint ?? 'AWS';
  const mw = unreachableAs(endpoint);
  const at = { step: 'initialize', name: 'scalesimTargetUnreachable' } as const;
  clients.cloudformation.middlewareStack.add(mw, at);
  clients.s3.middlewareStack.add(target.s3Endpoint ? unreachableAs(target.s3Endpoint) : mw, at);
  clients.sfn.middlewareStack.add(mw, at);
  clients.ssm.middlewareStack.add(mw, at);
  clients.logs.middlewareStack.add(mw, at);
  return {
    ...clients,
    destroy() {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}

/** Node's codes for a peer that is not there (refused, reset, unroutable, unresolvable, silent). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Why a failed call means the target is gone, or undefined when it does not: a network error code on the
 * error, its cause or any of its aggregated errors (Node's happy-eyeballs connect), or HTTP 502 (the
 * scalesim gateway answers 502 when the emulator behind it stopped; AWS's own endpoints answer 5xx
 * other than 502 for their transient errors).
 */
export function unreachableReason(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (x: unknown): string | undefined => {
    if (typeof x !== 'object' || x === null || seen.has(x)) return undefined;
    seen.add(x);
    const err = x as { code?: unknown; cause?: unknown; errors?: unknown; $metadata?: { httpStatusCode?: number } };
    if (typeof err.code === 'string' && NETWORK_CODES.has(err.code)) return err.code;
    if (err.$metadata?.httpStatusCode === 502) return 'HTTP 502';
    for (const inner of [err.cause, ...(Array.isArray(err.errors) ? err.errors : [])]) {
      const r = visit(inner);
      if (r) return r;
    }
    return undefined;
  };
  return visit(e);
}

/** Outermost middleware (after the SDK's retries gave up): a network failure becomes a TargetUnreachableError. */
function unreachableAs(endpoint: string) {
  return <A, R>(next: (args: A) => Promise<R>) => async (args: A): Promise<R> => {
    try {
      return await next(args);
    } catch (e) {
      const reason = unreachableReason(e);
      throw reason ? new TargetUnreachableError(endpoint, reason, { cause: e }) : e;
    }
  };
}

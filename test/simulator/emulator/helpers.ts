import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import type { EmulatorSession } from '../../../simulator/emulator/types';
import { writeZip } from '../../../simulator/emulator/zip';

/** SDK client config for a session (credentials copied: the SDK writes into them). */
export function cfg(s: EmulatorSession) {
  return { region: s.region, endpoint: s.endpoint!, credentials: { ...s.credentials! }, maxAttempts: 1 };
}

let roleCounter = 0;
export async function createRole(s: EmulatorSession, service = 'lambda.amazonaws.com'): Promise<string> {
  const r = await new IAMClient(cfg(s)).send(
    new CreateRoleCommand({
      RoleName: `test-role-${process.pid}-${++roleCounter}`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  return r.Role!.Arn!;
}

export interface FnOptions {
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly reserved?: number;
  readonly env?: Record<string, string>;
  readonly logGroup?: string;
}

/** Creates a Node.js function whose index.js is `code`, with the SDK (no CloudFormation: that path is the deploy's). */
export async function createFunction(s: EmulatorSession, name: string, code: string, o: FnOptions = {}): Promise<string> {
  const lambda = new LambdaClient(cfg(s));
  const role = await createRole(s);
  const r = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: writeZip([{ name: 'index.js', data: Buffer.from(code) }]) },
      MemorySize: o.memorySize ?? 256,
      Timeout: o.timeout ?? 10,
      ...(o.env ? { Environment: { Variables: o.env } } : {}),
      ...(o.logGroup ? { LoggingConfig: { LogGroup: o.logGroup, LogFormat: 'Text' } } : {}),
    }),
  );
  if (o.reserved !== undefined) {
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: o.reserved }));
  }
  lambda.destroy();
  return r.FunctionArn!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `f` returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(f: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

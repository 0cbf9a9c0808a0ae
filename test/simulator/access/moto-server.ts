import { ChildProcess, spawn } from 'node:child_process';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Credentials } from '../../../simulator/access/probe';
import type { CfnTemplate } from '../../../simulator/assembly/template';

/**
 * A moto server of the test's own, with IAM enforcement on, on a port the OS picks (`-p 0`; the port
 * is read from its startup line). Stopped by the process-group id it was started with.
 */
export interface TestMoto {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startMoto(unauthenticatedCalls: number): Promise<TestMoto> {
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: String(unauthenticatedCalls), PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: the pyenv shim execs python, and the group id is the pid we hold.
    detached: true,
  });
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const port = await new Promise<number>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`moto_server did not start within 30 s:\n${log}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited with ${code}:\n${log}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  // Keep draining its log so the pipe never fills and blocks the server.
  child.stderr!.resume();
  return { endpoint: `http://127.0.0.1:${port}`, pid, stop };
}

/**
 * Deploys a synthesized template through CloudFormation, as `scalesim run` does, and returns its outputs.
 */
export async function deployTemplate(endpoint: string, credentials: Credentials, stackName: string, template: CfnTemplate): Promise<Record<string, string>> {
  const cfg = { endpoint, region: 'us-east-1', credentials: { ...credentials }, maxAttempts: 1 };
  const cfn = new CloudFormationClient(cfg);
  await cfn.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: JSON.stringify(forMoto(template)),
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!;
    if (s.StackStatus === 'CREATE_COMPLETE') {
      cfn.destroy();
      return Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
    }
    if (!s.StackStatus?.endsWith('IN_PROGRESS') || Date.now() > deadline) throw new Error(`${stackName}: ${s.StackStatus} ${s.StackStatusReason ?? ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** moto's CloudFormation reads the CDK bootstrap version from SSM; CreateStack returns 500 without it. */
export async function seedBootstrapVersion(endpoint: string, credentials: Credentials): Promise<void> {
  const ssm = new SSMClient({ endpoint, region: 'us-east-1', credentials: { ...credentials }, maxAttempts: 1 });
  await ssm.send(new PutParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version', Value: '30', Type: 'String', Overwrite: true }));
  ssm.destroy();
}

/**
 * moto 5.2.1 crashes with KeyError 'TagKey' on `Tags` of an `AWS::KMS::Key` created by CloudFormation.
 * Only the copy deployed here is changed, and tags have no bearing on IAM. Remove this once the moto
 * launcher (simulator/emulator/moto) patches it and the test deploys through it.
 */
function forMoto(template: CfnTemplate): CfnTemplate {
  const resources = Object.fromEntries(
    Object.entries(template.Resources).map(([id, r]) => {
      if (r.Type !== 'AWS::KMS::Key' || !r.Properties) return [id, r];
      const rest = { ...r.Properties };
      delete rest.Tags;
      return [id, { ...r, Properties: rest }];
    }),
  );
  return { ...template, Resources: resources };
}

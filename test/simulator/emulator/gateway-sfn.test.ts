import { CloudFormationClient, CreateStackCommand, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateClusterCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeExecutionOutput,
  GetExecutionHistoryCommand,
  HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MotoSession, startMotoSession } from '../../../simulator/emulator/moto/provider';
import { cfg, createFunction, createRole, waitFor } from './helpers';

/**
 * Step Functions executing end to end on moto through the gateway: a Map over a throttled Lambda with
 * Retry, repeated StartExecution (moto#10077), quirk 3 for CloudFormation-created state machines, and
 * `ecs:runTask.sync` running a local "container".
 */
jest.setTimeout(90_000);

let s: MotoSession;
let sfn: SFNClient;
const containerDir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-test-container-'));

beforeAll(async () => {
  s = await startMotoSession({
    // Test images are `local/<anything>`: they run in containerDir.
    resolveImage: (image) => (image.startsWith('local/') ? containerDir : undefined),
  });
  sfn = new SFNClient(cfg(s));
});

afterAll(async () => {
  sfn?.destroy();
  await s?.stop();
});

async function runToEnd(stateMachineArn: string, name: string, input: unknown): Promise<DescribeExecutionOutput> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  return waitFor(
    async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    },
    60_000,
    `execution ${name}`,
  );
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const r = await sfn.send(new GetExecutionHistoryCommand({ executionArn, ...(nextToken ? { nextToken } : {}) }));
    out.push(...(r.events ?? []));
    nextToken = r.nextToken;
  } while (nextToken);
  return out;
}

test('a Map (MaxConcurrency 4) over a Lambda with reserved concurrency 2 retries Lambda.TooManyRequestsException and SUCCEEDS; a second execution works (moto#10077)', async () => {
  const fnArn = await createFunction(
    s,
    'mapper',
    `exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 200)); return { item: e.item, squared: e.item * e.item }; };`,
    { reserved: 2 },
  );
  const role = await createRole(s, 'states.amazonaws.com');
  const definition = {
    StartAt: 'FanOut',
    States: {
      FanOut: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 4,
        ItemSelector: { 'item.$': '$$.Map.Item.Value' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Work',
          States: {
            // The plain function-ARN form, as CDK's LambdaInvoke with payloadResponseOnly emits it.
            Work: {
              Type: 'Task',
              Resource: fnArn,
              Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 8, BackoffRate: 1.2 }],
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'map-throttled', definition: JSON.stringify(definition), roleArn: role }));
  const items = Array.from({ length: 8 }, (_, i) => i + 1);
  const first = await runToEnd(stateMachineArn!, 'run-1', { items });
  expect(first.status).toBe('SUCCEEDED');
  expect(JSON.parse(first.output!)).toEqual(items.map((i) => ({ item: i, squared: i * i })));

  const recs = (await s.invocations()).filter((r) => r.functionName === 'mapper');
  expect(recs.filter((r) => r.outcome === 'success')).toHaveLength(8);
  expect(recs.filter((r) => r.throttled).length).toBeGreaterThan(0);
  // The engine saw the throttle under AWS's error name, so Retry matched it.
  const events = await history(first.executionArn!);
  const failed = events.filter((e) => e.type === 'LambdaFunctionFailed' || e.type === 'TaskFailed');
  expect(failed.length).toBeGreaterThan(0);
  for (const e of failed) {
    expect(e.lambdaFunctionFailedEventDetails?.error ?? e.taskFailedEventDetails?.error).toBe('Lambda.TooManyRequestsException');
  }

  const second = await runToEnd(stateMachineArn!, 'run-2', { items: [3] });
  expect(second.status).toBe('SUCCEEDED');
});

test('the arn:aws:states:::lambda:invoke form surfaces a throttle as Lambda.TooManyRequestsException too', async () => {
  await createFunction(s, 'off', `exports.handler = async () => 'never';`, { reserved: 0 });
  const role = await createRole(s, 'states.amazonaws.com');
  const definition = {
    StartAt: 'Call',
    States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'off', 'Payload.$': '$' }, End: true } },
  };
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'invoke-form', definition: JSON.stringify(definition), roleArn: role }));
  const d = await runToEnd(stateMachineArn!, 'run-1', {});
  expect(d.status).toBe('FAILED');
  expect(d.error).toBe('Lambda.TooManyRequestsException');
});

test('prepareStateMachines re-creates CloudFormation state machines where moto executes them (quirk 3)', async () => {
  const fnArn = await createFunction(s, 'cfn-target', `exports.handler = async (e) => ({ seen: e.x });`);
  const role = await createRole(s, 'states.amazonaws.com');
  const cfn = new CloudFormationClient(cfg(s));
  const template = {
    Resources: {
      Machine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          StateMachineName: 'from-cfn',
          RoleArn: role,
          DefinitionString: JSON.stringify({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: fnArn, End: true } } }),
        },
      },
    },
  };
  await cfn.send(new CreateStackCommand({ StackName: 'quirk3', TemplateBody: JSON.stringify(template) }));
  await waitFor(
    async () => {
      const st = (await cfn.send(new DescribeStacksCommand({ StackName: 'quirk3' }))).Stacks?.[0]?.StackStatus;
      return st?.endsWith('_COMPLETE') ? st : undefined;
    },
    30_000,
    'stack',
  );
  const res = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'quirk3' }));
  const arn = res.StackResources!.find((r) => r.LogicalResourceId === 'Machine')!.PhysicalResourceId!;
  cfn.destroy();

  // Without the fix-up, the executing backend does not know the state machine.
  await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'too-early' }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  const prepared = await s.prepareStateMachines([arn]);
  expect(prepared).toEqual([arn]);
  const d = await runToEnd(prepared[0]!, 'run-1', { x: 42 });
  expect(d.status).toBe('SUCCEEDED');
  expect(JSON.parse(d.output!)).toEqual({ seen: 42 });
  // Idempotent: a second call updates instead of failing.
  expect(await s.prepareStateMachines([arn])).toEqual([arn]);
});

describe('ecs:runTask.sync runs the task definition command as a local process', () => {
  let stateMachineArn: string;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    writeFileSync(
      path.join(containerDir, 'task.js'),
      `console.log('run', process.env.RUN_ID, 'workers', process.env.WORKERS, 'endpoint', !!process.env.AWS_ENDPOINT_URL);
       process.exit(Number(process.env.EXIT_CODE || 0));`,
    );
    const ecs = new ECSClient(cfg(s));
    logs = new CloudWatchLogsClient(cfg(s));
    await ecs.send(new CreateClusterCommand({ clusterName: 'batch' }));
    // moto checks that the subnet exists; a VPC stack is the quickest way to get one without an EC2 client.
    const cfn = new CloudFormationClient(cfg(s));
    await cfn.send(
      new CreateStackCommand({
        StackName: 'net',
        TemplateBody: JSON.stringify({
          Resources: {
            Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
            Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
          },
        }),
      }),
    );
    const subnet = await waitFor(
      async () => (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'net' }))).StackResources?.find((r) => r.LogicalResourceId === 'Subnet')?.PhysicalResourceId,
      30_000,
      'subnet',
    );
    cfn.destroy();
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/task' }));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'single-node',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '1024',
        memory: '2048',
        containerDefinitions: [
          {
            name: 'main',
            image: 'local/task:latest',
            // moto needs an explicit container memory (DESIGN.md quirk 2).
            memory: 2048,
            essential: true,
            command: ['node', 'task.js'],
            environment: [{ name: 'WORKERS', value: '1' }],
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/task', 'awslogs-region': s.region, 'awslogs-stream-prefix': 'sn' } },
          },
        ],
      }),
    );
    ecs.destroy();
    const role = await createRole(s, 'states.amazonaws.com');
    const definition = {
      StartAt: 'Run',
      States: {
        Run: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Parameters: {
            Cluster: 'batch',
            TaskDefinition: td.taskDefinition!.taskDefinitionArn,
            LaunchType: 'FARGATE',
            // No SecurityGroups: AWS uses the VPC default; the gateway fills in what moto 5.2.1 insists on.
            NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [subnet], AssignPublicIp: 'DISABLED' } },
            Overrides: {
              ContainerOverrides: [
                { Name: 'main', Environment: [{ Name: 'RUN_ID', 'Value.$': '$.runId' }, { Name: 'EXIT_CODE', 'Value.$': '$.exitCode' }] },
              ],
            },
          },
          End: true,
        },
      },
    };
    stateMachineArn = (await sfn.send(new CreateStateMachineCommand({ name: 'single-node', definition: JSON.stringify(definition), roleArn: role }))).stateMachineArn!;
  });

  afterAll(() => logs?.destroy());

  test('exit 0: SUCCEEDED with the stopped task as output, and its stdout in the awslogs stream', async () => {
    const d = await runToEnd(stateMachineArn, 'ok-run', { runId: 'r-ok', exitCode: '0' });
    expect(d.cause).toBeUndefined();
    expect(d.status).toBe('SUCCEEDED');
    const task = JSON.parse(d.output!) as { LastStatus: string; Containers: Array<{ ExitCode: number; Name: string }>; StopCode: string };
    expect(task.LastStatus).toBe('STOPPED');
    expect(task.StopCode).toBe('EssentialContainerExited');
    expect(task.Containers[0]).toMatchObject({ Name: 'main', ExitCode: 0 });
    const ev = await logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/task', logStreamNamePrefix: 'sn/main/' }));
    expect((ev.events ?? []).map((e) => e.message)).toContain('run r-ok workers 1 endpoint true');
  });

  test('exit 3: FAILED with States.TaskFailed and the exit code in the cause', async () => {
    const d = await runToEnd(stateMachineArn, 'bad-run', { runId: 'r-bad', exitCode: '3' });
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('States.TaskFailed');
    expect(JSON.parse(d.cause!)).toMatchObject({ LastStatus: 'STOPPED', Containers: [expect.objectContaining({ ExitCode: 3 })] });
  });

  test('DescribeTasks reports RUNNING, then STOPPED; the container memory limit kills with OutOfMemoryError (137); StopTask stops', async () => {
    writeFileSync(
      path.join(containerDir, 'hog.js'),
      `const keep = []; setInterval(() => { if (process.env.HOG) keep.push(Buffer.alloc(32 * 1024 * 1024, 1)); }, 30);`,
    );
    const ecs = new ECSClient(cfg(s));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'hog',
        networkMode: 'bridge',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'main', image: 'local/hog', memory: 128, command: ['node', 'hog.js'] }],
      }),
    );
    const run = async (env: Array<{ name: string; value: string }>) =>
      (
        await ecs.send(
          new RunTaskCommand({ cluster: 'batch', taskDefinition: td.taskDefinition!.taskDefinitionArn!, launchType: 'FARGATE', overrides: { containerOverrides: [{ name: 'main', environment: env }] } }),
        )
      ).tasks![0]!.taskArn!;
    const describe = async (arn: string) => (await ecs.send(new DescribeTasksCommand({ cluster: 'batch', tasks: [arn] }))).tasks![0]!;

    const hog = await run([{ name: 'HOG', value: '1' }]);
    expect((await describe(hog)).lastStatus).toBe('RUNNING');
    const stopped = await waitFor(async () => {
      const t = await describe(hog);
      return t.lastStatus === 'STOPPED' ? t : undefined;
    }, 20_000, 'OOM kill');
    expect(stopped.containers![0]).toMatchObject({ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' });
    expect(stopped.stopCode).toBe('EssentialContainerExited');

    const idle = await run([]);
    await ecs.send(new StopTaskCommand({ cluster: 'batch', task: idle, reason: 'test says stop' }));
    const t = await describe(idle);
    expect(t).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'test says stop' });
    expect(t.containers![0]!.exitCode).toBe(143);
    ecs.destroy();
  });
});

import { Match } from 'aws-cdk-lib/assertions';
import { singleNodeProps } from '../../../simulator/deploy/stack-props';
import { SingleNodeBatchStack } from '../../../lib/stacks/single-node-stack';
import { resourcesOf, scenario, stateMachineDefinition, synthScenario, testApp } from '../stack-fixtures';

describe('SingleNodeBatchStack', () => {
  const base = scenario('baseline');
  const t = synthScenario(base).templates.singleNode;

  test('the Fargate task takes CPU, memory and architecture from the scenario', () => {
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: String(base.singleNode.fargate.vcpu * 1024),
      Memory: String(base.singleNode.fargate.memoryMiB),
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          // An explicit container memory limit: the emulator enforces exactly this.
          Memory: base.singleNode.fargate.memoryMiB,
          Command: ['node', 'task-runner.js'],
          ReadonlyRootFilesystem: true,
          Environment: Match.arrayWith([
            { Name: 'DESIGN', Value: 'single-node' },
            { Name: 'OUTPUT_COMPRESSION', Value: 'gzip' },
            { Name: 'WORKERS', Value: String(base.singleNode.fargate.vcpu) },
          ]),
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
  });

  test('a different Fargate size changes the template', () => {
    const big = synthScenario(
      scenario('baseline', (s) => ({ ...s, name: 'big', singleNode: { ...s.singleNode, fargate: { vcpu: 8, memoryMiB: 16384, architecture: 'x86_64' } } })),
    ).templates.singleNode;
    big.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '8192',
      Memory: '16384',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'WORKERS', Value: '8' }]) })],
    });
  });

  test('singleNode.workers sizes the worker pool, whatever the vCPUs; a pool below one is refused', () => {
    const pool = synthScenario(scenario('baseline', (s) => ({ ...s, name: 'pool', singleNode: { ...s.singleNode, workers: 6 } }))).templates.singleNode;
    pool.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '2048',
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'WORKERS', Value: '6' }]) })],
    });
    expect(() => new SingleNodeBatchStack(testApp(), 'NoWorkers', { ...singleNodeProps(base), workers: 0 })).toThrow(/SingleNodeBatchStack: workers must be a whole number of at least 1, got 0/);
  });

  test('workload.outputCompression reaches the task and the Lambda as OUTPUT_COMPRESSION', () => {
    const plain = synthScenario(scenario('baseline', (s) => ({ ...s, name: 'plain', workload: { ...s.workload, outputCompression: 'none' } }))).templates;
    plain.singleNode.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'OUTPUT_COMPRESSION', Value: 'none' }]) })],
    });
    plain.distributed.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ OUTPUT_COMPRESSION: 'none' }) } });
    synthScenario(base).templates.distributed.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ OUTPUT_COMPRESSION: 'gzip' }) } });
  });

  test('the state machine runs the task with RUN_JOB (.sync), passes the run id and retries a crash once', () => {
    const def = stateMachineDefinition(t);
    const states = def.States as Record<string, Record<string, unknown>>;
    expect(def.StartAt).toBe('ProcessAllPartitions');
    expect(def.TimeoutSeconds).toBe(base.singleNode.timeoutMinutes * 60);
    expect(states.ProcessAllPartitions).toMatchObject({
      Type: 'Task',
      Resource: 'arn:TOKEN:states:::ecs:runTask.sync',
      ResultPath: null,
      Parameters: {
        LaunchType: 'FARGATE',
        PlatformVersion: 'LATEST',
        Overrides: { ContainerOverrides: [{ Name: 'Runner', Environment: [{ Name: 'RUN_ID', 'Value.$': '$.runId' }] }] },
      },
      Retry: [
        { ErrorEquals: ['ECS.AmazonECSException', 'ECS.ServerException'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 },
        { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 10, MaxAttempts: 1, BackoffRate: 2 },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RunFailed' }],
    });
    expect(states.RunFailed).toEqual({ Type: 'Fail', Error: 'SingleNodeRunFailed', Cause: 'The batch task failed after its retries' });
  });

  test('the task runs in isolated subnets with no inbound rules and HTTPS-only egress', () => {
    const sgs = Object.values(resourcesOf(t, 'AWS::EC2::SecurityGroup')).filter((g) =>
      String(g.Properties!.GroupDescription).startsWith('Batch task'),
    );
    expect(sgs).toHaveLength(1);
    expect(sgs[0].Properties!.SecurityGroupIngress).toBeUndefined();
    expect(sgs[0].Properties!.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'HTTPS to VPC endpoints and the S3 gateway', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
  });

  test('the task role gets the workload grants only', () => {
    const roles = resourcesOf(t, 'AWS::IAM::Role');
    const taskRoleId = Object.keys(roles).find((id) => id.startsWith('TaskTaskRole'))!;
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: taskRoleId }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformZonesRaw'), 'Arn'] } },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: Match.anyValue() },
          { Effect: 'Allow', Action: 's3:PutObject', Resource: Match.anyValue() },
        ],
      },
    });
  });

  test.each([
    [{ vcpu: 3 }, /fargate.vcpu 3 is not a Fargate size/],
    [{ vcpu: 2, memoryMiB: 1024 }, /fargate.memoryMiB 1024 is not valid for 2 vCPU; allowed: 4096-16384 MiB/],
  ])('rejects an invalid Fargate size %p', (patch, message) => {
    const props = singleNodeProps(base);
    expect(() => new SingleNodeBatchStack(testApp(), 'Bad', { ...props, fargate: { ...props.fargate, ...patch } })).toThrow(message);
  });
});

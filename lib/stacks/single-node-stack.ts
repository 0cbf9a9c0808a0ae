import { Aspects, CfnOutput, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DataPlatform, DataPlatformProps } from '../constructs/data-platform';
import { AcknowledgeDeliberateWildcards } from '../constructs/nag-acknowledgements';
import { TASK_WORKDIR, workloadBundle } from '../constructs/workload-bundle';
import { defaultWorkers, ENV, OUTPUT_KEYS, STATE_IDS } from '../workload/contract';
import { FARGATE_SIZES } from '../aws-limits';
import { addPlatformOutputs } from './platform-outputs';

export interface FargateSizing {
  /** vCPU of the task: 0.25, 0.5, 1, 2, 4, 8 or 16. */
  readonly vcpu: number;
  /** Task memory in MiB; must be a Fargate size for the vCPU. */
  readonly memoryMiB: number;
  readonly architecture: 'x86_64' | 'arm64';
}

export interface SingleNodeBatchStackProps extends StackProps {
  readonly platform: Omit<DataPlatformProps, 'design'>;
  readonly fargate: FargateSizing;
  /**
   * Timeout of the whole run (the state machine).
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
  /**
   * Retries of a task that stopped with a non-zero exit code (a crash or an out-of-memory kill).
   * Each retry re-processes every partition; outputs are idempotent so nothing is double-counted.
   * @default 1
   */
  readonly taskRetries?: number;
  /**
   * Fault injection (scenario `faults.singleNode.crashAfterPartitions`): the task exits 137 after this
   * many partitions on its first attempt, as an out-of-memory kill would. Only for fault scenarios.
   * @default 0 - never
   */
  readonly crashAfterPartitions?: number;
  /**
   * Worker threads the task runs partitions on (the WORKERS variable of lib/workload/task-runner.ts).
   * @default - one per whole vCPU, at least one
   */
  readonly workers?: number;
}

/**
 * The single-node design: one ECS Fargate task processes every partition with a worker pool sized
 * to its vCPUs. A Step Functions state machine starts it in RUN_JOB (.sync) mode and waits.
 */
export class SingleNodeBatchStack extends Stack {
  public readonly platform: DataPlatform;
  public readonly stateMachine: sfn.StateMachine;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly cluster: ecs.Cluster;

  constructor(scope: Construct, id: string, props: SingleNodeBatchStackProps) {
    super(scope, id, props);
    const { vcpu, memoryMiB } = props.fargate;
    checkFargateSize(vcpu, memoryMiB);
    const workers = props.workers ?? defaultWorkers(vcpu);
    if (!Number.isInteger(workers) || workers < 1) {
      throw new Error(`SingleNodeBatchStack: workers must be a whole number of at least 1, got ${workers}`);
    }

    this.platform = new DataPlatform(this, 'Platform', { ...props.platform, design: 'single-node' });
    const { costControls, accessModel } = this.platform;
    const { vpc, taskSecurityGroup } = isolatedNetwork(this, costControls);
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const { taskDefinition, container } = runnerTask(this, this.platform, props, workers);
    this.taskDefinition = taskDefinition;
    accessModel.grantWorkload(this.taskDefinition.taskRole);

    const runTask = runTaskState(this, { cluster: this.cluster, taskDefinition, container, securityGroup: taskSecurityGroup, taskRetries: props.taskRetries ?? 1 });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(runTask.next(new sfn.Succeed(this, STATE_IDS.runSucceeded))),
      timeout: props.timeout ?? Duration.hours(2),
      tracingEnabled: true,
      logs: { destination: costControls.logGroup('StateMachineLogs'), level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    costControls.watchStateMachine(this.stateMachine);
    accessModel.grantPipelineOperation(this.stateMachine);
    accessModel.grantIamReview([this.taskDefinition.taskRole, this.taskDefinition.obtainExecutionRole(), this.stateMachine.role]);
    accessModel.grantCostSignals(costControls.budgetArn, costControls.alarmArns);

    addPlatformOutputs(this, this.platform, this.stateMachine);
    new CfnOutput(this, OUTPUT_KEYS.clusterArn, { value: this.cluster.clusterArn });
    new CfnOutput(this, OUTPUT_KEYS.taskDefinitionArn, { value: this.taskDefinition.taskDefinitionArn });
    new CfnOutput(this, OUTPUT_KEYS.taskVcpu, { value: String(vcpu) });

    Aspects.of(this).add(new AcknowledgeDeliberateWildcards());
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The environment holds only bucket names, the design name and the worker count; no secrets.',
    });
  }
}

function checkFargateSize(vcpu: number, memoryMiB: number): void {
  const allowed = FARGATE_SIZES.get(vcpu);
  if (!allowed) {
    throw new Error(`SingleNodeBatchStack: fargate.vcpu ${vcpu} is not a Fargate size; allowed: ${[...FARGATE_SIZES.keys()].join(', ')}`);
  }
  if (!allowed.includes(memoryMiB)) {
    throw new Error(`SingleNodeBatchStack: fargate.memoryMiB ${memoryMiB} is not valid for ${vcpu} vCPU; allowed: ${allowed[0]}-${allowed[allowed.length - 1]} MiB`);
  }
}

/**
 * Private subnets with no route to the internet: the task reaches S3 through a gateway endpoint and
 * ECR/Logs through interface endpoints, so data never crosses a NAT.
 */
function isolatedNetwork(stack: Stack, costControls: DataPlatform['costControls']): { vpc: ec2.Vpc; taskSecurityGroup: ec2.SecurityGroup } {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'batch', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    flowLogs: {
      rejected: {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(costControls.logGroup('FlowLogs')),
        trafficType: ec2.FlowLogTrafficType.REJECT,
      },
    },
  });
  for (const [id, service] of [
    ['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
    ['EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
    ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
  ] as const) {
    const endpoint = vpc.addInterfaceEndpoint(id, { service, privateDnsEnabled: true });
    Validations.of(endpoint).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The endpoint accepts 443 only from the VPC CIDR; cdk-nag cannot evaluate the CIDR token.',
    });
  }
  const taskSecurityGroup = new ec2.SecurityGroup(stack, 'TaskSecurityGroup', {
    vpc,
    description: 'Batch task: no inbound, HTTPS out only',
    allowAllOutbound: false,
  });
  // The subnets have no route to the internet, so HTTPS egress reaches only the interface
  // endpoints and the S3 gateway endpoint (whose prefix list differs per region).
  taskSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to VPC endpoints and the S3 gateway');
  return { vpc, taskSecurityGroup };
}

/** The Fargate task definition and its one container, which runs the workload over every partition. */
function runnerTask(stack: Stack, platform: DataPlatform, props: SingleNodeBatchStackProps, workers: number): { taskDefinition: ecs.FargateTaskDefinition; container: ecs.ContainerDefinition } {
  const { vcpu, memoryMiB, architecture } = props.fargate;
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', {
    cpu: Math.round(vcpu * 1024),
    memoryLimitMiB: memoryMiB,
    runtimePlatform: {
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      cpuArchitecture: architecture === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
    },
  });
  const bundle = workloadBundle();
  const container = taskDefinition.addContainer('Runner', {
    image: ecs.ContainerImage.fromAsset(bundle.taskDir, {
      platform: architecture === 'arm64' ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    }),
    command: [...bundle.taskCommand],
    workingDirectory: TASK_WORKDIR,
    // The emulator runs a container with exactly this limit; Fargate needs no less than the task's.
    memoryLimitMiB: memoryMiB,
    environment: {
      ...platform.workloadEnvironment('single-node'),
      [ENV.workers]: String(workers),
      ...(props.crashAfterPartitions ? { [ENV.faultCrashAfterPartitions]: String(props.crashAfterPartitions) } : {}),
    },
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'batch', logGroup: platform.costControls.logGroup('TaskLogs') }),
    readonlyRootFilesystem: true,
  });
  return { taskDefinition, container };
}

interface RunTaskStateProps {
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly securityGroup: ec2.SecurityGroup;
  readonly taskRetries: number;
}

/** The RUN_JOB (.sync) state that starts the task and waits, with its retries and the Fail it catches into. */
function runTaskState(stack: Stack, p: RunTaskStateProps): tasks.EcsRunTask {
  const runTask = new tasks.EcsRunTask(stack, STATE_IDS.processAllPartitions, {
    comment: 'One Fargate task processes every partition of the run',
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    cluster: p.cluster,
    taskDefinition: p.taskDefinition,
    launchTarget: new tasks.EcsFargateLaunchTarget({ platformVersion: ecs.FargatePlatformVersion.LATEST }),
    subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [p.securityGroup],
    containerOverrides: [
      {
        containerDefinition: p.container,
        environment: [{ name: ENV.runId, value: sfn.JsonPath.stringAt('$.runId') }],
      },
    ],
    resultPath: sfn.JsonPath.DISCARD,
  });
  runTask.addRetry({
    errors: ['ECS.AmazonECSException', 'ECS.ServerException'],
    interval: Duration.seconds(5),
    maxAttempts: 3,
    backoffRate: 2,
  });
  if (p.taskRetries > 0) {
    runTask.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(10), maxAttempts: p.taskRetries, backoffRate: 2 });
  }
  const failed = new sfn.Fail(stack, STATE_IDS.runFailed, { error: 'SingleNodeRunFailed', cause: 'The batch task failed after its retries' });
  runTask.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
  return runTask;
}

import { Annotations, Aspects, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DataPlatform, DataPlatformProps } from '../constructs/data-platform';
import { AcknowledgeDeliberateWildcards } from '../constructs/nag-acknowledgements';
import { workloadBundle } from '../constructs/workload-bundle';
import {
  DISTRIBUTED_MAP_MAX_CONCURRENCY,
  INLINE_MAP_MAX_CONCURRENCY,
  LAMBDA_MAX_MEMORY_MIB,
  LAMBDA_MAX_TIMEOUT_SECONDS,
  LAMBDA_MIN_MEMORY_MIB,
  type MapKind,
} from '../aws-limits';
import { OUTPUT_KEYS, STATE_IDS } from '../workload/contract';
import { addPlatformOutputs } from './platform-outputs';


export interface LambdaSizing {
  /** Memory in MB, 128-10240. CPU share grows with it: 1,769 MB is one vCPU. */
  readonly memoryMiB: number;
  /** Per-invocation timeout in seconds, at most 900. */
  readonly timeoutSeconds: number;
  readonly architecture: 'x86_64' | 'arm64';
  /** Reserved concurrency: a hard cap on parallel workers, and a guarantee. */
  readonly reservedConcurrency: number;
}

export interface DistributedBatchStackProps extends StackProps {
  readonly platform: Omit<DataPlatformProps, 'design'>;
  readonly lambda: LambdaSizing;
  /** Largest number of Map iterations in flight. */
  readonly maxConcurrency: number;
  /**
   * Inline Map (items in the execution input) or Distributed Map (items read from S3 by an ItemReader).
   * @default 'inline'
   */
  readonly mapKind?: MapKind;
  /**
   * Timeout of the whole run (the state machine).
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
}

/** Lambda errors worth retrying with backoff: throttling and the service's own transient faults. */
const THROTTLE_ERRORS = ['Lambda.TooManyRequestsException'];
const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

/**
 * The distributed design: a Step Functions Map fans the run's partition batches out to a Lambda
 * worker. Throttles and transient faults are retried with backoff; any other failure is retried once
 * (outputs are idempotent) and then caught, so a bad batch is recorded instead of failing the run.
 */
export class DistributedBatchStack extends Stack {
  public readonly platform: DataPlatform;
  public readonly stateMachine: sfn.StateMachine;
  public readonly worker: lambda.Function;
  public readonly mapKind: MapKind;

  constructor(scope: Construct, id: string, props: DistributedBatchStackProps) {
    super(scope, id, props);
    checkSizing(props);
    this.mapKind = props.mapKind ?? 'inline';
    if (this.mapKind === 'inline' && props.maxConcurrency > INLINE_MAP_MAX_CONCURRENCY) {
      Annotations.of(this).addWarningV2(
        'scalesim:inline-map-concurrency',
        `An inline Map runs about ${INLINE_MAP_MAX_CONCURRENCY} iterations at once in practice; maxConcurrency ${props.maxConcurrency} will not be reached. Use a Distributed Map.`,
      );
    }

    this.platform = new DataPlatform(this, 'Platform', { ...props.platform, design: 'distributed' });
    const { costControls, accessModel, dataZones } = this.platform;
    const { worker, workerRole } = workerFunction(this, this.platform, props.lambda);
    this.worker = worker;
    accessModel.grantWorkload(this.worker);
    costControls.alarm('WorkerThrottles', this.worker.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 'The worker was throttled');
    costControls.alarm('WorkerErrors', this.worker.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 'A worker invocation failed');

    const map = fanOut(this, this.mapKind, props.maxConcurrency, dataZones, batchIteration(this, this.worker));
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(map.next(new sfn.Succeed(this, STATE_IDS.runSucceeded))),
      timeout: props.timeout ?? Duration.hours(2),
      tracingEnabled: true,
      logs: { destination: costControls.logGroup('StateMachineLogs'), level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    costControls.watchStateMachine(this.stateMachine);
    accessModel.grantPipelineOperation(this.stateMachine);
    accessModel.grantIamReview([workerRole, this.stateMachine.role]);
    accessModel.grantCostSignals(costControls.budgetArn, costControls.alarmArns);

    addPlatformOutputs(this, this.platform, this.stateMachine);
    Aspects.of(this).add(new AcknowledgeDeliberateWildcards());
    new CfnOutput(this, OUTPUT_KEYS.workerFunctionName, { value: this.worker.functionName });
    new CfnOutput(this, OUTPUT_KEYS.mapKind, { value: this.mapKind });
  }
}

function checkSizing(props: DistributedBatchStackProps): void {
  const l = props.lambda;
  if (!Number.isInteger(l.memoryMiB) || l.memoryMiB < LAMBDA_MIN_MEMORY_MIB || l.memoryMiB > LAMBDA_MAX_MEMORY_MIB) {
    throw new Error(`DistributedBatchStack: lambda.memoryMiB ${l.memoryMiB} is outside ${LAMBDA_MIN_MEMORY_MIB}-${LAMBDA_MAX_MEMORY_MIB} MB`);
  }
  if (!Number.isInteger(l.timeoutSeconds) || l.timeoutSeconds < 1 || l.timeoutSeconds > LAMBDA_MAX_TIMEOUT_SECONDS) {
    throw new Error(`DistributedBatchStack: lambda.timeoutSeconds ${l.timeoutSeconds} is outside 1-${LAMBDA_MAX_TIMEOUT_SECONDS}`);
  }
  if (!Number.isInteger(props.maxConcurrency) || props.maxConcurrency < 1 || props.maxConcurrency > DISTRIBUTED_MAP_MAX_CONCURRENCY) {
    throw new Error(`DistributedBatchStack: maxConcurrency ${props.maxConcurrency} is outside 1-${DISTRIBUTED_MAP_MAX_CONCURRENCY}`);
  }
}

/**
 * The worker and its role. An explicit role instead of AWSLambdaBasicExecutionRole, whose logs actions
 * apply to every log group in the account.
 */
function workerFunction(stack: Stack, platform: DataPlatform, l: LambdaSizing): { worker: lambda.Function; workerRole: iam.Role } {
  const workerLogs = platform.costControls.logGroup('WorkerLogs');
  const workerRole = new iam.Role(stack, 'WorkerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Distributed batch worker: reads raw, writes curated, quarantine and audit',
  });
  workerRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${workerLogs.logGroupArn}`],
    }),
  );
  const worker = new lambda.Function(stack, 'Worker', {
    role: workerRole,
    description: 'Processes one batch of partitions of a run',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: l.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(workloadBundle().lambdaDir),
    memorySize: l.memoryMiB,
    timeout: Duration.seconds(l.timeoutSeconds),
    reservedConcurrentExecutions: l.reservedConcurrency,
    environment: platform.workloadEnvironment('distributed'),
    // Text format keeps AWS's START/END/REPORT lines, which the collector parses.
    loggingFormat: lambda.LoggingFormat.TEXT,
    logGroup: workerLogs,
  });
  return { worker, workerRole };
}

/** One Map iteration: invoke the worker on a batch, retry, and record a batch that failed for good. */
function batchIteration(stack: Stack, worker: lambda.Function): tasks.LambdaInvoke {
  const invoke = new tasks.LambdaInvoke(stack, STATE_IDS.processBatch, {
    lambdaFunction: worker,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  });
  invoke.addRetry({ errors: THROTTLE_ERRORS, interval: Duration.seconds(1), maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
  invoke.addRetry({ errors: TRANSIENT_LAMBDA_ERRORS, interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 });
  invoke.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(2), maxAttempts: 1 });
  const recordFailure = new sfn.Pass(stack, STATE_IDS.recordFailedBatch, {
    comment: 'A batch that failed for good: kept in the execution history with its partitions and error',
    parameters: {
      'runId.$': '$.runId',
      'partitions.$': '$.partitions',
      'error.$': '$.error',
      failed: true,
    },
  });
  invoke.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
  return invoke;
}

/** The Map over the run's batches: inline (items in the input) or distributed (items read from the raw zone). */
function fanOut(stack: Stack, kind: MapKind, maxConcurrency: number, dataZones: DataPlatform['dataZones'], iteration: sfn.IChainable): sfn.Map | sfn.DistributedMap {
  if (kind === 'inline') {
    const map = new sfn.Map(stack, STATE_IDS.fanOut, {
      comment: 'One iteration per batch of partitions',
      itemsPath: '$.items',
      maxConcurrency,
      resultPath: sfn.JsonPath.DISCARD,
    });
    map.itemProcessor(iteration);
    return map;
  }
  const map = new sfn.DistributedMap(stack, STATE_IDS.fanOut, {
    comment: 'One child execution per batch of partitions, items read from the raw zone',
    itemReader: new sfn.S3JsonItemReader({ bucket: dataZones.buckets.raw, key: sfn.JsonPath.stringAt('$.itemsKey') }),
    maxConcurrency,
    mapExecutionType: sfn.StateMachineType.STANDARD,
    resultPath: sfn.JsonPath.DISCARD,
  });
  map.itemProcessor(iteration);
  return map;
}

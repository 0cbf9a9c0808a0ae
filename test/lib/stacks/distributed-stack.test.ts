import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { DistributedBatchStack } from '../../../lib/stacks/distributed-stack';
import { resolveMapKind } from '../../../lib/aws-limits';
import { distributedProps } from '../../../simulator/deploy/stack-props';
import { resourcesOf, scenario, stateMachineDefinition, synthScenario, testApp } from '../stack-fixtures';

describe('DistributedBatchStack', () => {
  const base = scenario('baseline');
  const synth = synthScenario(base);
  const t = synth.templates.distributed;

  test('Lambda memory, timeout, architecture and reserved concurrency follow the scenario', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: base.distributed.lambda.memoryMiB,
      Timeout: base.distributed.lambda.timeoutSeconds,
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: base.distributed.lambda.reservedConcurrency,
      Handler: 'index.handler',
      LoggingConfig: Match.objectLike({ LogFormat: 'Text' }),
    });
  });

  test('a different scenario value changes the template (no value is ignored)', () => {
    const other = synthScenario(
      scenario('baseline', (s) => ({
        ...s,
        name: 'other',
        distributed: {
          ...s.distributed,
          lambda: { ...s.distributed.lambda, memoryMiB: 3008, timeoutSeconds: 120, architecture: 'x86_64', reservedConcurrency: 7 },
          map: { ...s.distributed.map, maxConcurrency: 5 },
        },
      })),
    ).templates.distributed;
    other.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 3008,
      Timeout: 120,
      Architectures: ['x86_64'],
      ReservedConcurrentExecutions: 7,
    });
    expect((stateMachineDefinition(other).States as Record<string, { MaxConcurrency?: number }>).FanOut.MaxConcurrency).toBe(5);
  });

  test('the state machine is an inline Map over $.items with the scenario concurrency, retries and a catch', () => {
    const def = stateMachineDefinition(t);
    expect(def.StartAt).toBe('FanOut');
    const states = def.States as Record<string, Record<string, unknown>>;
    expect(states.FanOut).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: base.distributed.map.maxConcurrency,
      ResultPath: null,
      Next: 'RunSucceeded',
    });
    const processor = (states.FanOut.ItemProcessor as { States: Record<string, Record<string, unknown>> }).States;
    expect(processor.ProcessBatch).toMatchObject({
      Type: 'Task',
      Resource: 'TOKEN',
      Retry: [
        { ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' },
        {
          ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.ClientExecutionTimeoutException'],
          IntervalSeconds: 2,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 1 },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailedBatch' }],
    });
    expect(processor.RecordFailedBatch).toMatchObject({
      Type: 'Pass',
      Parameters: { 'runId.$': '$.runId', 'partitions.$': '$.partitions', 'error.$': '$.error', failed: true },
    });
    expect(states.RunSucceeded).toEqual({ Type: 'Succeed' });
  });

  test('the worker role reads raw and writes the three output zones, nothing more', () => {
    const roles = resourcesOf(t, 'AWS::IAM::Role');
    const workerRoleId = Object.keys(roles).find((id) => id.startsWith('WorkerRole'))!;
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: workerRoleId }],
      PolicyDocument: {
        Statement: [
          { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: Match.anyValue() },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformZonesRaw'), 'Arn'] } },
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformZonesRaw'), 'Arn'] }, '/*']] },
          },
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: [
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformZonesAudit'), 'Arn'] }, '/*']] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformZonesCurated'), 'Arn'] }, '/*']] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformZonesQuarantine'), 'Arn'] }, '/*']] },
            ],
          },
        ],
      },
    });
    // No managed policies on the worker (AWSLambdaBasicExecutionRole grants logs on every group).
    expect(roles[workerRoleId].Properties?.ManagedPolicyArns).toBeUndefined();
  });

  test('throttle and error alarms on the worker, failure alarms on the state machine', () => {
    const alarms = Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!.MetricName);
    expect(alarms.sort()).toEqual(['Errors', 'ExecutionsFailed', 'ExecutionsTimedOut', 'Throttles']);
  });

  test('stack outputs name the worker and the map kind', () => {
    t.hasOutput('WorkerFunctionName', {});
    t.hasOutput('MapKind', { Value: 'inline' });
  });

  describe('Distributed Map', () => {
    const large = scenario('large');
    test('auto mode picks a Distributed Map for the large scenario', () => {
      expect(resolveMapKind(large)).toBe('distributed');
      expect(resolveMapKind(base)).toBe('inline');
    });

    test('reads items from the raw zone with an S3 ItemReader', () => {
      const lt = synthScenario(large).templates.distributed;
      const states = stateMachineDefinition(lt).States as Record<string, Record<string, unknown>>;
      expect(states.FanOut).toMatchObject({
        Type: 'Map',
        MaxConcurrency: 400,
        ItemReader: { Resource: 'arn:TOKEN:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'TOKEN', 'Key.$': '$.itemsKey' } },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      });
    });
  });

  test('an inline Map above 40 concurrency warns', () => {
    const s = scenario('baseline', (x) => ({ ...x, name: 'wide', distributed: { ...x.distributed, map: { ...x.distributed.map, maxConcurrency: 100, mode: 'inline' } } }));
    const app = testApp();
    const stack = new DistributedBatchStack(app, 'Wide', distributedProps(s));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('inline Map runs about 40'));
  });

  test.each([
    [{ memoryMiB: 64 }, /lambda.memoryMiB 64 is outside 128-10240 MB/],
    [{ memoryMiB: 20000 }, /lambda.memoryMiB 20000 is outside 128-10240 MB/],
    [{ timeoutSeconds: 901 }, /lambda.timeoutSeconds 901 is outside 1-900/],
  ])('rejects invalid Lambda sizing %p', (patch, message) => {
    const props = distributedProps(base);
    expect(() => new DistributedBatchStack(testApp(), 'Bad', { ...props, lambda: { ...props.lambda, ...patch } })).toThrow(message);
  });

  test('rejects a Map concurrency outside 1-10000', () => {
    expect(() => new DistributedBatchStack(testApp(), 'Bad', { ...distributedProps(base), maxConcurrency: 0 })).toThrow(/maxConcurrency 0 is outside 1-10000/);
  });
});

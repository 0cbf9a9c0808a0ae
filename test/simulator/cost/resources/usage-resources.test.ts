import { flowLogRule } from '../../../../simulator/cost/resources/aws-ec2-flowlog';
import { ecsClusterRule } from '../../../../simulator/cost/resources/aws-ecs-cluster';
import { ecsTaskDefinitionRule } from '../../../../simulator/cost/resources/aws-ecs-taskdefinition';
import { lambdaFunctionRule } from '../../../../simulator/cost/resources/aws-lambda-function';
import { logGroupRule } from '../../../../simulator/cost/resources/aws-logs-loggroup';
import { s3BucketRule, zoneOf } from '../../../../simulator/cost/resources/aws-s3-bucket';
import { stateMachineRule } from '../../../../simulator/cost/resources/aws-stepfunctions-statemachine';
import { FREE_TYPES, freeTypesRule } from '../../../../simulator/cost/resources/free';
import { monthsBilled, RESOURCE_RULES, ruleRegistry } from '../../../../simulator/cost/resources';
import { context, EMPTY_USAGE, GIB, resource } from './context';

const DPM = 30.4375;

describe('S3 buckets under their own lifecycle rules', () => {
  const zone = (name: string, rules: unknown[]) => resource('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: rules } }, name, `stack/Platform/Zones/${name}/Resource`);
  const curated = zone('Curated', [{ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }]);
  const raw = zone('Raw', [{ Status: 'Enabled', ExpirationInDays: 90, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }]);
  const usage = { s3: { ...EMPTY_USAGE.s3, zones: { curated: { bytes: GIB, objects: 1 }, raw: { bytes: GIB, objects: 1 } } } };

  it('recognizes the zones by construct path', () => {
    expect(zoneOf(curated)).toBe('curated');
    expect(zoneOf(resource('AWS::S3::Bucket', {}, 'L', 'stack/Platform/Zones/AccessLogs/Resource'))).toBe('access-logs');
    expect(zoneOf(resource('AWS::S3::Bucket', {}, 'X', 'stack/Other/Resource'))).toBeUndefined();
  });

  it('a zone with no expiration keeps growing: 1 GB a run, 30 runs, Standard: month 1 = 30 × 0.5 × $0.023, month 12 = 30 × 11.5 × $0.023', () => {
    const p = s3BucketRule.price(curated, context({ usage }));
    const put = 0.000005;
    expect(p.month1Usd).toBeCloseTo(30 * (0.5 * 0.023 + put), 10);
    expect(p.perRunUsd).toBeCloseTo(11.5 * 0.023 + put, 10);
    expect(p.reason).toMatch(/never expires: grows every month \(month 1 \$0\.345, month 12 \$7\.94\)/);
  });

  it('raw: 30 days in Standard, then Standard-IA until day 90, plus one transition request', () => {
    const p = s3BucketRule.price(raw, context({ usage }));
    expect(p.perRunUsd).toBeCloseTo((30 / DPM) * 0.023 + (60 / DPM) * 0.0125 + 0.00001 + 0.000005, 10);
    expect(p.reason).toMatch(/Standard 30 d → STANDARD_IA, expires after 90 d/);
  });

  it('audit: 90 days in Standard, then Glacier Instant Retrieval until day 400; in month 12 a run is at most 11.5 months old', () => {
    const audit = zone('Audit', [{ Status: 'Enabled', ExpirationInDays: 400, Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }] }]);
    const ctx = context({ usage: { s3: { ...EMPTY_USAGE.s3, zones: { audit: { bytes: GIB, objects: 2 } } } } });
    const p = s3BucketRule.price(audit, ctx);
    const put = 2 * 0.000005;
    expect(p.perRunUsd).toBeCloseTo(put + (90 / DPM) * 0.023 + ((11.5 * DPM - 90) / DPM) * 0.004 + 2 * 0.00002, 10);
    // Month 1: every run is younger than 90 days, all in Standard, no transition yet.
    expect(p.month1Usd).toBeCloseTo(30 * (put + 0.5 * 0.023), 10);
  });

  it('a storage class not in the price table makes the bucket unpriced', () => {
    const p = s3BucketRule.price(zone('Audit', [{ Status: 'Enabled', Transitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 180 }] }]), context({ usage }));
    expect(p.pricing).toBe('unpriced');
    expect(p.reason).toMatch(/DEEP_ARCHIVE/);
  });

  it('usage without a per-zone split (older results) is priced on the curated line as 30 days of Standard', () => {
    const legacy = { s3: { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: GIB } };
    expect(s3BucketRule.price(curated, context({ usage: legacy })).perRunUsd).toBeCloseTo(0.023, 10);
    expect(s3BucketRule.price(raw, context({ usage: legacy })).perRunUsd).toBe(0);
  });

  it('monthsBilled: capped by retention, and by the age of the oldest run', () => {
    expect(monthsBilled(null, 1)).toBe(0.5);
    expect(monthsBilled(null, 12)).toBe(11.5);
    expect(monthsBilled(30, 12)).toBeCloseTo(30 / DPM, 12);
    expect(monthsBilled(400, 12)).toBe(11.5);
  });
});

describe('log groups: ingestion of their writers, storage under retention', () => {
  it('1 GiB of task logs a run, kept 30 days: $0.50 ingestion + 30/30.4375 months × $0.03 storage', () => {
    const group = resource('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 'TaskLogs');
    const task = resource('AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ LogConfiguration: { Options: { 'awslogs-group': { Ref: 'TaskLogs' } } } }] }, 'Task');
    const p = logGroupRule.price(group, context({ resources: [group, task], usage: { logs: { ingestedBytes: GIB } } }));
    expect(p.perRunUsd).toBeCloseTo(0.5 + (30 / DPM) * 0.03, 12);
    expect(p.month1Usd).toBeCloseTo(30 * (0.5 + 0.5 * 0.03), 10);
  });

  it('a state machine writes an estimated 1,000 B per transition', () => {
    const group = resource('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 'SfnLogs');
    const sm = resource('AWS::StepFunctions::StateMachine', { LoggingConfiguration: { Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['SfnLogs', 'Arn'] } } }] } }, 'SM');
    const p = logGroupRule.price(group, context({ resources: [group, sm], usage: { stepFunctions: { standardTransitions: GIB / 1000 } } }));
    expect(p.perRunUsd).toBeCloseTo(0.5 + (30 / DPM) * 0.03, 12);
  });

  it('nothing writes to it: $0, and says so', () => {
    const group = resource('AWS::Logs::LogGroup', {}, 'Lonely');
    expect(logGroupRule.price(group, context({ resources: [group] })).reason).toMatch(/no resource in the template writes to it/);
  });
});

describe('VPC flow logs', () => {
  it('6 records/h × 730 h × 150 B of vended logs at $0.50/GB', () => {
    const p = flowLogRule.price(resource('AWS::EC2::FlowLog', { LogDestinationType: 'cloud-watch-logs', TrafficType: 'REJECT' }), context());
    expect(p.fixedMonthlyUsd).toBeCloseTo(((6 * 730 * 150) / GIB) * 0.5, 15);
    expect(flowLogRule.price(resource('AWS::EC2::FlowLog', { LogDestinationType: 's3' }), context()).pricing).toBe('unpriced');
  });
});

describe('ECS', () => {
  it('Container Insights (enabled): 24 metrics × 1 task-hour at $0.30/730 per metric-hour, plus performance events', () => {
    const ctx = context({ usage: { fargate: { vcpu: 2, memoryGb: 4, architecture: 'arm64', taskSeconds: [90] } } });
    const p = ecsClusterRule.price(resource('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] }), ctx);
    expect(p.perRunUsd).toBeCloseTo((24 * 0.3) / 730 + ((2 * 2000) / GIB) * 0.5, 12);
    expect(ecsClusterRule.price(resource('AWS::ECS::Cluster', {}), ctx).pricing).toBe('free');
    expect(ecsClusterRule.price(resource('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] }), ctx).pricing).toBe('unpriced');
  });

  it('the task definition: Fargate per run, and ECR storage of a 1 GiB image = $0.10 a month', () => {
    const ctx = context({ usage: { fargate: { vcpu: 1, memoryGb: 2, architecture: 'arm64', taskSeconds: [3600] } }, assets: { imageBytes: GIB } });
    const p = ecsTaskDefinitionRule.price(resource('AWS::ECS::TaskDefinition'), ctx);
    expect(p.fixedMonthlyUsd).toBeCloseTo(0.1, 12);
    expect(p.perRunUsd).toBeCloseTo(0.03238 + 2 * 0.00356, 12);
  });
});

describe('Step Functions and Lambda', () => {
  it('transitions, one X-Ray trace ($5 per 1M) and a public IPv4 address per task-hour ($0.005) when the task gets one', () => {
    const sm = resource('AWS::StepFunctions::StateMachine', { TracingConfiguration: { Enabled: true }, DefinitionString: { 'Fn::Join': ['', ['{"NetworkConfiguration":{"AwsvpcConfiguration":{"AssignPublicIp":"ENABLED"}}}']] } });
    const ctx = context({ usage: { stepFunctions: { standardTransitions: 40 }, fargate: { vcpu: 1, memoryGb: 2, architecture: 'arm64', taskSeconds: [3600] } } });
    const p = stateMachineRule.price(sm, ctx);
    expect(p.perRunUsd).toBeCloseTo(40 * 0.000025 + 0.000005 + 0.005, 12);
    expect(p.priceKeys).toEqual(['stepFunctions.standardPerTransition', 'xray.perTraceRecorded', 'vpc.publicIpv4PerHour']);
  });

  it('a function: its invocations per run, and its 1 GiB code asset at $0.023 a month', () => {
    const fn = resource('AWS::Lambda::Function');
    const ctx = context({ resources: [fn], usage: { lambda: { architecture: 'arm64', invocations: [{ durationMs: 1000, memoryMb: 1024, count: 10 }] } }, assets: { codeBytes: GIB } });
    const p = lambdaFunctionRule.price(fn, ctx);
    expect(p.fixedMonthlyUsd).toBeCloseTo(0.023, 12);
    expect(p.perRunUsd).toBeCloseTo(10 * (1 * 0.0000133334 + 0.0000002), 12);
  });
});

describe('the registry', () => {
  it('prices each type once, and every free type carries a reason', () => {
    const registry = ruleRegistry();
    expect(registry.size).toBe(RESOURCE_RULES.reduce((n, r) => n + r.types.length, 0));
    expect(() => ruleRegistry([freeTypesRule, freeTypesRule])).toThrow(/two pricing rules for AWS::IAM::Role/);
    for (const [type, reason] of Object.entries(FREE_TYPES)) expect(freeTypesRule.price(resource(type), context())).toMatchObject({ pricing: 'free', reason });
  });
});

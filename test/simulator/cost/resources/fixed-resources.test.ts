import { budgetRule, budgetsActionRule } from '../../../../simulator/cost/resources/aws-budgets-budget';
import { cloudwatchAlarmRule } from '../../../../simulator/cost/resources/aws-cloudwatch-alarm';
import { eipRule } from '../../../../simulator/cost/resources/aws-ec2-eip';
import { natGatewayRule } from '../../../../simulator/cost/resources/aws-ec2-natgateway';
import { serviceOf, vpcEndpointRule } from '../../../../simulator/cost/resources/aws-ec2-vpcendpoint';
import { kmsKeyRule } from '../../../../simulator/cost/resources/aws-kms-key';
import { snsTopicRule } from '../../../../simulator/cost/resources/aws-sns-topic';
import { context, GIB, resource } from './context';

const SUBNETS = [{ Ref: 'Subnet1' }, { Ref: 'Subnet2' }];

describe('interface VPC endpoints', () => {
  it('one endpoint in 2 AZs for 730 h = $14.60 a month (2 × 730 × $0.01)', () => {
    const p = vpcEndpointRule.price(resource('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ecr.api', SubnetIds: SUBNETS }), context());
    expect(p.pricing).toBe('fixed');
    expect(p.fixedMonthlyUsd).toBeCloseTo(14.6, 10);
    expect(p.perRunUsd).toBe(0);
    expect(p.reason).toMatch(/^interface endpoint \(ecr\.api\) in 2 AZs: 2 × 730 h × \$0\.0100 = \$14\.60 a month/);
  });

  it('bills the GB it processes: a 1 GiB image pulled by each of 2 tasks through ecr.dkr = 2 GB × $0.01 per run', () => {
    const ctx = context({ usage: { fargate: { vcpu: 1, memoryGb: 2, architecture: 'arm64', taskSeconds: [60, 60] } }, assets: { imageBytes: GIB } });
    const p = vpcEndpointRule.price(resource('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ecr.dkr', SubnetIds: [SUBNETS[0]] }), ctx);
    expect(p.fixedMonthlyUsd).toBeCloseTo(7.3, 10);
    expect(p.perRunUsd).toBeCloseTo(0.02, 12);
  });

  it('the logs endpoint processes the run log bytes', () => {
    const p = vpcEndpointRule.price(resource('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.logs', SubnetIds: SUBNETS }), context({ usage: { logs: { ingestedBytes: 3 * GIB } } }));
    expect(p.perRunUsd).toBeCloseTo(0.03, 12);
  });

  it('gateway endpoints are free; an interface endpoint without subnets is unpriced, not guessed', () => {
    const gateway = resource('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] } });
    expect(serviceOf(gateway)).toBe('s3');
    expect(vpcEndpointRule.price(gateway, context())).toMatchObject({ pricing: 'free', fixedMonthlyUsd: 0 });
    expect(vpcEndpointRule.price(resource('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'x' }), context()).pricing).toBe('unpriced');
    expect(vpcEndpointRule.price(resource('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'GatewayLoadBalancer' }), context()).pricing).toBe('unpriced');
  });
});

describe('NAT gateway and public IPv4', () => {
  it('a NAT gateway = 730 h × $0.045 = $32.85 a month, plus $0.045 per GB processed', () => {
    const p = natGatewayRule.price(resource('AWS::EC2::NatGateway'), context({ usage: { logs: { ingestedBytes: GIB } } }));
    expect(p.fixedMonthlyUsd).toBeCloseTo(32.85, 10);
    expect(p.perRunUsd).toBeCloseTo(0.045, 12);
  });

  it('an Elastic IP = 730 h × $0.005 = $3.65 a month', () => {
    expect(eipRule.price(resource('AWS::EC2::EIP'), context()).fixedMonthlyUsd).toBeCloseTo(3.65, 10);
  });
});

describe('KMS keys', () => {
  it('one key = $1.00 a month', () => {
    const p = kmsKeyRule.price(resource('AWS::KMS::Key', { EnableKeyRotation: true }), context({ assumptions: { alertPublishesPerMonth: 0 } }));
    expect(p).toMatchObject({ pricing: 'fixed', fixedMonthlyUsd: 1, perRunUsd: 0 });
    expect(p.reason).toMatch(/rotation/);
  });

  it('requests: 10,000 a month add $0.03 ($0.03 per 10,000)', () => {
    const p = kmsKeyRule.price(resource('AWS::KMS::Key'), context({ assumptions: { alertPublishesPerMonth: 10_000 } }));
    expect(p.fixedMonthlyUsd).toBeCloseTo(1.03, 12);
  });
});

describe('CloudWatch alarms', () => {
  const alarm = (props: Record<string, unknown>) => cloudwatchAlarmRule.price(resource('AWS::CloudWatch::Alarm', props), context());

  it('4 standard alarms = $0.40 a month', () => {
    const total = [60, 300, 300, 3600].map((Period) => alarm({ Period, MetricName: 'Errors' }).fixedMonthlyUsd).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(0.4, 12);
  });

  it('a period under 60 s is high resolution: $0.30', () => {
    const p = alarm({ Period: 10 });
    expect(p.fixedMonthlyUsd).toBeCloseTo(0.3, 12);
    expect(p.reason).toMatch(/^high-resolution alarm \(period 10 s\)/);
  });

  it('a metric-math alarm bills each metric it reads: 2 standard metrics = $0.20', () => {
    const p = alarm({ Metrics: [{ Id: 'e', Expression: 'a+b' }, { Id: 'a', MetricStat: { Period: 300 } }, { Id: 'b', MetricStat: { Period: 300 } }] });
    expect(p.fixedMonthlyUsd).toBeCloseTo(0.2, 12);
  });
});

describe('AWS Budgets', () => {
  it('a notification-only budget is free, and says so', () => {
    const budget = resource('AWS::Budgets::Budget', { Budget: { BudgetName: 'b' }, NotificationsWithSubscribers: [{}, {}] }, 'Budget');
    const p = budgetRule.price(budget, context({ resources: [budget] }));
    expect(p.pricing).toBe('free');
    expect(p.reason).toBe('notification-only budget (2 notifications, no BudgetsAction): AWS Budgets charges nothing for it');
  });

  it('with a BudgetsAction it is action-enabled: the action line bills 730/24 budget-days × $0.10 = $3.04', () => {
    const budget = resource('AWS::Budgets::Budget', { Budget: { BudgetName: 'b' } }, 'Budget');
    const action = resource('AWS::Budgets::BudgetsAction', { BudgetName: 'b' }, 'Action');
    expect(budgetRule.price(budget, context({ resources: [budget, action] })).reason).toMatch(/^action-enabled budget/);
    expect(budgetsActionRule.price(action, context()).fixedMonthlyUsd).toBeCloseTo((730 / 24) * 0.1, 12);
  });
});

describe('SNS', () => {
  it('2 publishes a month at $0.50 per 1M = $0.000001', () => {
    expect(snsTopicRule.price(resource('AWS::SNS::Topic'), context()).fixedMonthlyUsd).toBeCloseTo(0.000001, 15);
  });
});

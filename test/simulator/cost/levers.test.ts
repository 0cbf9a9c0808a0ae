import { topFixedLever } from '../../../simulator/cost/levers';
import type { ResourceCostLine } from '../../../simulator/results/cost';
import { EMPTY_USAGE, RESOURCE_PRICES } from './resources/context';

const line = (logicalId: string, type: string, fixedMonthlyUsd: number): ResourceCostLine => ({
  logicalId, type, cdkPath: `s/${logicalId}/Resource`, pricing: 'fixed', monthlyUsd: fixedMonthlyUsd, fixedMonthlyUsd, perRunUsd: 0, month1Usd: fixedMonthlyUsd, reason: '', priceKeys: [],
});

describe('topFixedLever', () => {
  it('3 interface endpoints ($43.80) → a public IPv4 for 30 one-hour tasks (30 × $0.005 = $0.15), with the security trade-off', () => {
    const usage = { ...EMPTY_USAGE, fargate: { vcpu: 1, memoryGb: 2, architecture: 'arm64' as const, taskSeconds: [3600] } };
    const lever = topFixedLever([line('A', 'AWS::EC2::VPCEndpoint', 14.6), line('B', 'AWS::EC2::VPCEndpoint', 14.6), line('C', 'AWS::EC2::VPCEndpoint', 14.6), line('K', 'AWS::KMS::Key', 1)], { usage, runsPerMonth: 30, prices: RESOURCE_PRICES })!;
    expect(lever.type).toBe('AWS::EC2::VPCEndpoint');
    expect(lever.removesMonthlyUsd).toBeCloseTo(43.8, 10);
    expect(lever.addsMonthlyUsd).toBeCloseTo(0.15, 10);
    expect(lever.change).toMatch(/^public subnet \+ public IPv4 \(\$0\.1500\/month at \$0\.0050\/h while running\) instead of 3 interface endpoints \(\$43\.80\/month\), or NAT \(\$32\.85\/month \+ \$0\.0450\/GB\)$/);
    expect(lever.tradeOff).toMatch(/internet route/);
  });

  it('a KMS key as the biggest fixed cost → the AWS-managed key, and what the alerts lose', () => {
    const lever = topFixedLever([line('K', 'AWS::KMS::Key', 1), line('A', 'AWS::CloudWatch::Alarm', 0.1)], { usage: EMPTY_USAGE, runsPerMonth: 30, prices: RESOURCE_PRICES })!;
    expect(lever).toMatchObject({ type: 'AWS::KMS::Key', removesMonthlyUsd: 1, addsMonthlyUsd: 0 });
    expect(lever.tradeOff).toMatch(/alerts stop or the topic goes unencrypted/);
  });

  it('no lever when nothing is fixed, or the biggest fixed cost has none', () => {
    expect(topFixedLever([], { usage: EMPTY_USAGE, runsPerMonth: 30, prices: RESOURCE_PRICES })).toBeUndefined();
    expect(topFixedLever([line('T', 'AWS::ECS::TaskDefinition', 0.01)], { usage: EMPTY_USAGE, runsPerMonth: 30, prices: RESOURCE_PRICES })).toBeUndefined();
  });
});

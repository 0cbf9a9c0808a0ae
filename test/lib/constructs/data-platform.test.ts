import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DistributedBatchStack } from '../../../lib/stacks/distributed-stack';
import { distributedProps } from '../../../simulator/deploy/stack-props';
import { ACCESS_MATRIX, PERSONAS, ZONE_ACTIONS, ZONES } from '../../../lib/constructs/access-matrix';
import { CostControls } from '../../../lib/constructs/cost-controls';
import { DataZones } from '../../../lib/constructs/data-zones';
import { resourcesOf, scenario, synthScenario, testApp } from '../stack-fixtures';

const base = scenario('baseline');
const synth = synthScenario(base);
const designs = [
  ['single-node', synth.singleNode, synth.templates.singleNode],
  ['distributed', synth.distributed, synth.templates.distributed],
] as const;

describe.each(designs)('data platform in the %s stack', (design, stack, t) => {
  test('five zones plus the access-log bucket, each encrypted, private and TLS-only', () => {
    const buckets = resourcesOf(t, 'AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(5);
    for (const b of Object.values(buckets)) {
      expect(b.Properties).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      expect((b.Properties!.LifecycleConfiguration as { Rules: unknown[] }).Rules.length).toBeGreaterThan(0);
    }
    const policies = Object.values(resourcesOf(t, 'AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(5);
    for (const p of policies) {
      expect((p.Properties!.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  test('versioning where it protects data: raw, curated and audit, not quarantine', () => {
    const buckets = resourcesOf(t, 'AWS::S3::Bucket');
    const versioned = Object.entries(buckets)
      .filter(([, b]) => (b.Properties!.VersioningConfiguration as { Status?: string } | undefined)?.Status === 'Enabled')
      .map(([id]) => id.replace(/^PlatformZones/, '').replace(/[0-9A-F]{8}$/, ''));
    expect(versioned.sort()).toEqual(['Audit', 'Curated', 'Raw']);
  });

  test('no custom resources (the emulator cannot run them and they hide behaviour)', () => {
    const types = Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((ty) => ty.startsWith('Custom::') || ty === 'AWS::CloudFormation::CustomResource')).toEqual([]);
    expect(types.filter((ty) => ty === 'AWS::Lambda::Function')).toHaveLength(design === 'distributed' ? 1 : 0);
  });

  test('every log group has a retention', () => {
    const groups = Object.values(resourcesOf(t, 'AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const g of groups) expect(g.Properties!.RetentionInDays).toBe(30);
  });

  test('the monthly budget equals the scenario budget, filtered on the design tag, with an SNS alert', () => {
    t.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetName: `${stack.stackName}-monthly`,
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: base.budget.perMonthUsd, Unit: 'USD' },
        CostFilters: { TagKeyValue: [`user:scalesim:design$${design}`] },
      },
      NotificationsWithSubscribers: Match.arrayWith([
        Match.objectLike({ Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' } }),
      ]),
    });
  });

  test.each(PERSONAS)('persona %s gets exactly its matrix row', (persona) => {
    const roles = resourcesOf(t, 'AWS::IAM::Role');
    const roleId = Object.keys(roles).find((id) => id.startsWith(`PlatformAccess${persona.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}`))!;
    expect(roleId).toBeDefined();
    const [policy] = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).filter((p) =>
      (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    );
    const statements = (policy.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    const s3Actions = new Set<string>();
    for (const st of statements) for (const a of [st.Action].flat()) if (a.startsWith('s3:')) s3Actions.add(a);
    const expected = new Set<string>();
    for (const zone of ZONES) {
      const level = ACCESS_MATRIX[persona].zones[zone];
      if (level === 'none') continue;
      for (const a of [...ZONE_ACTIONS[level].bucket, ...ZONE_ACTIONS[level].object]) expected.add(a);
    }
    expect([...s3Actions].sort()).toEqual([...expected].sort());
    // No persona may delete data or change bucket policies.
    expect([...s3Actions].filter((a) => /Delete|PutBucketPolicy|PutBucketAcl/.test(a))).toEqual([]);
    // Humans need MFA.
    expect(JSON.stringify(roles[roleId].Properties!.AssumeRolePolicyDocument)).toContain('aws:MultiFactorAuthPresent');
  });

  test('the ML engineer cannot reach raw or quarantine buckets', () => {
    const roles = resourcesOf(t, 'AWS::IAM::Role');
    const roleId = Object.keys(roles).find((id) => id.startsWith('PlatformAccessMlEngineer'))!;
    const [policy] = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).filter((p) =>
      (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    );
    const text = JSON.stringify(policy.Properties!.PolicyDocument);
    expect(text).not.toMatch(/PlatformZonesRaw/);
    expect(text).not.toMatch(/PlatformZonesQuarantine/);
    expect(text).toMatch(/PlatformZonesCurated/);
  });

  test('cdk-nag AwsSolutions reports no unacknowledged findings', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe('constructs reject bad props', () => {
  test('DataZones rejects a non-positive retention', () => {
    expect(() => new DataZones(new Stack(testApp(), 'S'), 'Z', { rawRetentionDays: 0 })).toThrow(/rawRetentionDays must be a whole number of days >= 1, got 0/);
  });
  test('CostControls rejects a zero budget and a bad threshold', () => {
    expect(() => new CostControls(new Stack(testApp(), 'S'), 'C', { design: 'x', monthlyBudgetUsd: 0 })).toThrow(/monthlyBudgetUsd must be > 0, got 0/);
    expect(() => new CostControls(new Stack(testApp(), 'S'), 'C', { design: 'x', monthlyBudgetUsd: 5, actualThresholdPercent: -1 })).toThrow(
      /actualThresholdPercent must be in \(0, 1000\], got -1/,
    );
  });
});

describe('security regressions', () => {
  const DATA_SERVICES = /^(s3|states|lambda|logs:(PutLogEvents|GetLogEvents|FilterLogEvents)|kms:Decrypt|sns:Publish|dynamodb|ecs:RunTask)/;
  test.each(designs)('no IAM statement in the %s stack grants a data action on Resource "*"', (_d, _s, t) => {
    const offenders: string[] = [];
    for (const [id, p] of Object.entries({ ...resourcesOf(t, 'AWS::IAM::Policy') })) {
      for (const st of (p.Properties!.PolicyDocument as { Statement: { Effect: string; Action: string | string[]; Resource: unknown }[] }).Statement) {
        if (st.Effect !== 'Allow') continue;
        const resources = [st.Resource].flat();
        if (!resources.includes('*')) continue;
        for (const a of [st.Action].flat()) if (DATA_SERVICES.test(a) || a.endsWith(':*') || a === '*') offenders.push(`${id}: ${a}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('the check above would catch a widened grant', () => {
    const widened = new DistributedBatchStack(testApp(), 'Widened', distributedProps(base));
    widened.worker.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const t = Template.fromStack(widened);
    const stars = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement.filter((st) => [st.Resource].flat().includes('*')).flatMap((st) => [st.Action].flat()),
    );
    expect(stars).toContain('s3:GetObject');
    const report = new AwsSolutionsChecks(undefined).validateScope(widened);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-IAM5[Resource::*]');
  });
});

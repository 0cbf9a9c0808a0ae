import { CfnResolver } from '../../../simulator/access/cfn';
import { platformMap } from '../../../simulator/access/platform';
import { IAM_RISK_PACK, Rule, RuleContext } from '../../../simulator/access/rules';
import { analyzeStatement } from '../../../simulator/access/statements';
import type { AnalyzedStatement, Finding } from '../../../simulator/results/access';
import { CfnTemplate, CfnValue } from '../../../simulator/assembly/template';

const template: CfnTemplate = {
  Resources: {
    PlatformZonesRaw3116F729: { Type: 'AWS::S3::Bucket' },
    Other: { Type: 'AWS::S3::Bucket' },
    TaskRole: { Type: 'AWS::IAM::Role' },
    Fn: { Type: 'AWS::Lambda::Function' },
  },
};
const resolver = new CfnResolver(template);
const ctx: RuleContext = { design: 'distributed', principal: { logicalId: 'WorkerRole', kind: 'workload' }, platform: platformMap(template) };
const designCtx: RuleContext = { design: 'distributed', platform: platformMap(template) };

async function identity(statement: Record<string, CfnValue>): Promise<AnalyzedStatement> {
  return analyzeStatement({ id: 'P#0', source: 'inline-policy', policyLogicalId: 'P', statement: { Effect: 'Allow', ...statement } }, resolver);
}
async function resourcePolicy(on: string, statement: Record<string, CfnValue>): Promise<AnalyzedStatement> {
  return analyzeStatement({ id: 'BP#0', source: 'resource-policy', policyLogicalId: 'BP', resourceLogicalId: on, statement: { Effect: 'Allow', ...statement } }, resolver);
}
const rule = (id: string): Rule => IAM_RISK_PACK.find((r) => r.id === id)!;
const run = (id: string, s: AnalyzedStatement, c: RuleContext = ctx): Finding[] => rule(id).check(s, c);
const rawArn = { 'Fn::GetAtt': ['PlatformZonesRaw3116F729', 'Arn'] };
const rawObjects = { 'Fn::Join': ['', [rawArn, '/*']] };

describe('the IAM risk rule pack', () => {
  it('has unique ids and covers the four reviewer categories', () => {
    const ids = IAM_RISK_PACK.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(IAM_RISK_PACK.map((r) => r.category))).toEqual(
      new Set(['privilege-escalation', 'data-exfiltration', 'resource-exposure', 'infrastructure-modification']),
    );
    for (const r of IAM_RISK_PACK) expect(r.description.length).toBeGreaterThan(20);
  });

  it('pass-role-wildcard: iam:PassRole on * is high; on a named role it is nothing', async () => {
    expect(run('pass-role-wildcard', await identity({ Action: 'iam:PassRole', Resource: '*' }))).toEqual([
      expect.objectContaining({ rule: 'pass-role-wildcard', category: 'privilege-escalation', severity: 'high', principal: 'WorkerRole', statement: 'P#0' }),
    ]);
    expect(run('pass-role-wildcard', await identity({ Action: 'iam:*', Resource: 'arn:aws:iam::*:role/*' }))).toHaveLength(1);
    expect(run('pass-role-wildcard', await identity({ Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } }))).toEqual([]);
    expect(run('pass-role-wildcard', await identity({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }))).toEqual([]);
  });

  it('iam-permissions-write: iam:Put*Policy and credential creation', async () => {
    const f = run('iam-permissions-write', await identity({ Action: ['iam:Put*Policy', 'iam:CreateAccessKey'], Resource: '*' }));
    expect(f).toHaveLength(1);
    expect(f[0]!.actions).toEqual(expect.arrayContaining(['iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:CreateAccessKey']));
    expect(run('iam-permissions-write', await identity({ Action: ['iam:GetRole', 'iam:ListRolePolicies'], Resource: '*' }))).toEqual([]);
  });

  it('assume-any-role: sts:AssumeRole on a wildcard', async () => {
    expect(run('assume-any-role', await identity({ Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/*' }))).toHaveLength(1);
    expect(run('assume-any-role', await identity({ Action: 'sts:AssumeRole', Resource: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } }))).toEqual([]);
  });

  it('not-action-allow: Allow with NotAction or NotResource', async () => {
    expect(run('not-action-allow', await identity({ NotAction: 'iam:*', Resource: '*' }))[0]!.message).toMatch(/every action except iam:\*/);
    expect(run('not-action-allow', await identity({ Action: 's3:GetObject', NotResource: rawObjects }))[0]!.message).toMatch(/every resource except/);
    expect(run('not-action-allow', await identity({ Action: 's3:GetObject', Resource: rawObjects }))).toEqual([]);
  });

  it('data-read-wildcard: s3:GetObject or kms:Decrypt beyond named resources', async () => {
    expect(run('data-read-wildcard', await identity({ Action: 's3:GetObject', Resource: '*' }))[0]).toMatchObject({ category: 'data-exfiltration', severity: 'high' });
    expect(run('data-read-wildcard', await identity({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' }))).toHaveLength(1);
    expect(run('data-read-wildcard', await identity({ Action: 'kms:Decrypt', Resource: '*' }))).toHaveLength(1);
    expect(run('data-read-wildcard', await identity({ Action: 's3:GetObject', Resource: rawObjects }))).toEqual([]);
    expect(run('data-read-wildcard', await identity({ Action: 's3:ListBucket', Resource: '*' }))).toEqual([]);
  });

  it('data-zone-external-read: a zone bucket policy that lets the public or another account read', async () => {
    const pub = await resourcePolicy('PlatformZonesRaw3116F729', { Principal: '*', Action: 's3:GetObject', Resource: rawObjects });
    expect(run('data-zone-external-read', pub, designCtx)[0]!.message).toMatch(/the raw zone's bucket policy lets \* read/);
    const other = await resourcePolicy('PlatformZonesRaw3116F729', { Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 's3:GetObject', Resource: rawObjects });
    expect(run('data-zone-external-read', other, designCtx)).toHaveLength(1);
    const own = await resourcePolicy('PlatformZonesRaw3116F729', { Principal: { AWS: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } }, Action: 's3:GetObject', Resource: rawObjects });
    expect(run('data-zone-external-read', own, designCtx)).toEqual([]);
    const notZone = await resourcePolicy('Other', { Principal: '*', Action: 's3:GetObject', Resource: '*' });
    expect(run('data-zone-external-read', notZone, designCtx)).toEqual([]);
  });

  it('public-principal: Principal "*" unless pinned by a source condition; the TLS-only deny is not one', async () => {
    expect(run('public-principal', await resourcePolicy('Other', { Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }), designCtx)).toHaveLength(1);
    const pinned = await resourcePolicy('Other', { Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } });
    expect(run('public-principal', pinned, designCtx)).toEqual([]);
    const tlsDeny = await resourcePolicy('Other', { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(IAM_RISK_PACK.flatMap((r) => r.check(tlsDeny, designCtx))).toEqual([]);
  });

  it('policy-write: resource-policy and ACL writes, high on *', async () => {
    expect(run('policy-write', await identity({ Action: ['s3:PutBucketPolicy', 's3:PutBucketAcl'], Resource: '*' }))[0]).toMatchObject({ severity: 'high', category: 'resource-exposure' });
    expect(run('policy-write', await identity({ Action: 's3:PutBucketPolicy', Resource: rawArn }))[0]!.severity).toBe('medium');
    expect(run('policy-write', await identity({ Action: 'iam:PutRolePolicy', Resource: '*' }))).toEqual([]);
  });

  it('service-principal-unscoped: a service principal without aws:SourceAccount/SourceArn', async () => {
    const bare = await resourcePolicy('Other', { Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' });
    expect(run('service-principal-unscoped', bare, designCtx)[0]!.severity).toBe('low');
    const scoped = await resourcePolicy('Other', {
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(run('service-principal-unscoped', scoped, designCtx)).toEqual([]);
  });

  it('code-and-definition-change: what the pipeline runs', async () => {
    expect(run('code-and-definition-change', await identity({ Action: ['lambda:UpdateFunctionCode', 'states:UpdateStateMachine', 'ecs:RegisterTaskDefinition'], Resource: '*' }))[0]).toMatchObject({
      severity: 'high',
      actions: ['ecs:RegisterTaskDefinition', 'lambda:UpdateFunctionCode', 'states:UpdateStateMachine'],
    });
    expect(run('code-and-definition-change', await identity({ Action: 'lambda:UpdateFunctionCode', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } }))[0]!.severity).toBe('medium');
    expect(run('code-and-definition-change', await identity({ Action: 'lambda:InvokeFunction', Resource: '*' }))).toEqual([]);
  });

  it('write-on-star: tells actions that could be scoped from wildcard-only ones', async () => {
    const f = run('write-on-star', await identity({ Action: ['ecs:StopTask', 'xray:PutTraceSegments'], Resource: '*' }));
    expect(f[0]).toMatchObject({ severity: 'medium', category: 'infrastructure-modification' });
    expect(f[0]!.message).toBe('write-level actions on "*": ecs:StopTask could be scoped to named resources; xray:PutTraceSegments supports only "*"');
    expect(run('write-on-star', await identity({ Action: 'xray:PutTraceSegments', Resource: '*' }))[0]!.severity).toBe('low');
    expect(run('write-on-star', await identity({ Action: 's3:PutObject', Resource: rawObjects }))).toEqual([]);
  });
});

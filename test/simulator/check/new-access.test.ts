import { analyzeTemplate } from '../../../simulator/access/analyze';
import type { CfnResource, CfnTemplate, CfnValue } from '../../../simulator/assembly/template';
import { platformMap } from '../../../simulator/access/platform';
import { accessFactsFromStored, accessFactsFromTemplate } from '../../../simulator/check/grants';
import { designAccessSchema } from '../../../simulator/results/access';
import { findNewAccess } from '../../../simulator/check/new-access';
import type { AccessFacts } from '../../../simulator/check/report-schema';
import type { DesignName } from '../../../lib/workload/contract';
import { fixtureTemplate, widenGrant, withStatement } from '../../fixtures/access/templates';

async function facts(template: CfnTemplate, design: DesignName = 'distributed'): Promise<AccessFacts> {
  return accessFactsFromTemplate(await analyzeTemplate(template, { design }), template);
}

function edit(template: CfnTemplate, f: (resources: Record<string, CfnResource & { Properties: Record<string, CfnValue> }>) => void): CfnTemplate {
  const copy = structuredClone(template) as { Resources: Record<string, CfnResource & { Properties: Record<string, CfnValue> }> } & CfnTemplate;
  f(copy.Resources);
  return copy;
}

describe('findNewAccess (CheckNoNewAccess, offline)', () => {
  let baseline: AccessFacts;
  beforeAll(async () => {
    baseline = await facts(fixtureTemplate('distributed'));
  });

  test('the same template grants nothing new, across every principal, resource policies included', async () => {
    const r = findNewAccess(await facts(fixtureTemplate('distributed')), baseline);
    expect(r.items).toEqual([]);
    expect(r.principals).toBeGreaterThan(7);
    expect(baseline.principals.some((p) => p.kind === 'external')).toBe(true);
  });

  test('a widened grant is one new item naming the role, the action and the resource', async () => {
    const wide = widenGrant(fixtureTemplate('distributed'), 'ml-engineer', 'raw', ['s3:PutObject']);
    const raw = platformMap(wide).zoneBuckets.raw!;
    const r = findNewAccess(await facts(wide), baseline);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ kind: 'allow', action: 's3:PutObject', resource: `arn:aws:s3:::{${raw}}/*`, newPrincipal: false });
    expect(r.items[0]!.principal).toMatchObject({ kind: 'persona', persona: 'ml-engineer', key: platformMap(wide).personaRoles['ml-engineer'] });
  });

  test('a wildcard action is expanded: every action it adds that the role lacked is new, nothing it already had', async () => {
    const wide = widenGrant(fixtureTemplate('distributed'), 'ml-engineer', 'curated', ['s3:Get*']);
    const r = findNewAccess(await facts(wide), baseline);
    const actions = r.items.map((i) => i.action);
    expect(actions).toContain('s3:GetObjectAcl');
    expect(actions).not.toContain('s3:GetObject'); // the ml-engineer already reads curated
    expect(new Set(r.items.map((i) => i.principal.persona))).toEqual(new Set(['ml-engineer']));
  });

  test('a narrower grant than the baseline had is not new access', async () => {
    const curated = platformMap(fixtureTemplate('distributed')).zoneBuckets.curated!;
    const role = platformMap(fixtureTemplate('distributed')).personaRoles['ml-engineer']!;
    const narrower = withStatement(fixtureTemplate('distributed'), role, {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [curated, 'Arn'] }, '/runs/2026/*']] },
    });
    expect(findNewAccess(await facts(narrower), baseline).items).toEqual([]);
  });

  test('dropping a condition is new access; keeping it is not', async () => {
    const curated = platformMap(fixtureTemplate('distributed')).zoneBuckets.curated!;
    const role = platformMap(fixtureTemplate('distributed')).personaRoles['data-steward']!;
    const statement = (condition?: Record<string, CfnValue>) => ({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [curated, 'Arn'] }, '/fixes/*']] },
      ...(condition ? { Condition: condition } : {}),
    });
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const withCondition = await facts(withStatement(fixtureTemplate('distributed'), role, statement(mfa)));
    expect(findNewAccess(withCondition, withCondition).items).toEqual([]);
    const dropped = findNewAccess(await facts(withStatement(fixtureTemplate('distributed'), role, statement())), withCondition);
    expect(dropped.items.map((i) => `${i.principal.persona} ${i.action} ${i.condition ? 'when' : 'always'}`)).toEqual(['data-steward s3:PutObject always']);
  });

  test('a deny the baseline had and the candidate lost is new access (the TLS-only bucket policy)', async () => {
    const raw = platformMap(fixtureTemplate('distributed')).zoneBuckets.raw!;
    const noTls = edit(fixtureTemplate('distributed'), (resources) => {
      for (const r of Object.values(resources)) {
        if (r.Type !== 'AWS::S3::BucketPolicy' || JSON.stringify(r.Properties.Bucket) !== JSON.stringify({ Ref: raw })) continue;
        const doc = r.Properties.PolicyDocument as { Statement: { Effect: string }[] };
        doc.Statement = doc.Statement.filter((s) => s.Effect !== 'Deny');
      }
    });
    const r = findNewAccess(await facts(noTls), baseline);
    expect(r.items.length).toBeGreaterThan(0);
    expect(new Set(r.items.map((i) => i.kind))).toEqual(new Set(['deny-removed']));
    expect(r.items.every((i) => i.resource.includes(`{${raw}}`) && i.condition !== undefined)).toBe(true);
    expect(r.items.map((i) => i.principal.key)).toContain('Public:*');
  });

  test('a principal the baseline did not have brings all of its access as new', async () => {
    const withUser = edit(fixtureTemplate('distributed'), (resources) => {
      resources.AuditorUser = { Type: 'AWS::IAM::User', Properties: {} };
      resources.AuditorPolicy = {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyName: 'auditor', Users: [{ Ref: 'AuditorUser' }], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] } },
      };
    });
    const r = findNewAccess(await facts(withUser), baseline);
    expect(r.items.map((i) => [i.principal.key, i.action, i.resource, i.newPrincipal])).toEqual([['AuditorUser', 'sns:Publish', '*', true]]);
  });

  test('against a results.json baseline (identity statements only), resource-policy principals are counted as not compared', async () => {
    const analyzed = await analyzeTemplate(fixtureTemplate('distributed'), { design: 'distributed' });
    const stored = accessFactsFromStored(designAccessSchema.parse(JSON.parse(JSON.stringify(analyzed))));
    const r = findNewAccess(await facts(fixtureTemplate('distributed')), stored);
    expect(r.items).toEqual([]);
    expect(r.externalNotCompared).toBeGreaterThan(0);
    const wide = findNewAccess(await facts(widenGrant(fixtureTemplate('distributed'), 'ml-engineer', 'raw', ['s3:PutObject'])), stored);
    expect(wide.items.map((i) => `${i.principal.persona} ${i.action}`)).toEqual(['ml-engineer s3:PutObject']);
  });
});

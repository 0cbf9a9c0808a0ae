import { analyzeTemplate } from '../../../simulator/access/analyze';
import { fixtureTemplate, widenGrant, withStatement } from '../../fixtures/access/templates';
import { platformMap } from '../../../simulator/access/platform';
import type { CfnResource, CfnTemplate } from '../../../simulator/assembly/template';

describe('stakeholder matrix: computed from the template vs ACCESS_MATRIX', () => {
  it('has no differences on either baseline design', async () => {
    for (const design of ['single-node', 'distributed'] as const) {
      const d = await analyzeTemplate(fixtureTemplate(design), { design });
      expect(d.matrix.differences).toEqual([]);
      expect(d.matrix.computed['ml-engineer']).toEqual({ raw: 'none', curated: 'read', quarantine: 'none', audit: 'read', operatePipelines: false, reviewIam: false, viewCostSignals: false });
      expect(d.matrix.computed['platform-owner'].raw).toBe('admin');
      expect(d.matrix.computed['data-engineer'].operatePipelines).toBe(true);
      expect(d.matrix.computed).toEqual(d.matrix.intended);
    }
  });

  it('reports a widened grant (ml-engineer reads raw) as a difference and a high finding', async () => {
    const d = await analyzeTemplate(widenGrant(fixtureTemplate('single-node'), 'ml-engineer', 'raw', ['s3:GetObject']), { design: 'single-node' });
    expect(d.matrix.differences).toEqual([{ persona: 'ml-engineer', target: 'raw', intended: 'none', computed: 'read', extraActions: ['s3:GetObject'], missingActions: [] }]);
    const f = d.findings.filter((x) => x.rule === 'stakeholder-matrix');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ category: 'access-model', severity: 'high', message: 'ml-engineer on raw: intended none, template grants read; extra: s3:GetObject' });
  });

  it('reports a wildcard grant as widening on every zone it reaches', async () => {
    const t = fixtureTemplate('distributed');
    const role = platformMap(t).personaRoles['security-architect']!;
    const d = await analyzeTemplate(withStatement(t, role, { Effect: 'Allow', Action: 's3:Get*', Resource: '*' }), { design: 'distributed' });
    expect(d.matrix.differences.map((x) => `${x.target} ${x.computed}`).slice(0, 4)).toEqual(['raw read+admin', 'curated read+admin', 'quarantine read+admin', 'audit read+admin']);
    expect(d.matrix.differences.find((x) => x.target === 'raw')!.extraActions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetBucketAcl']));
    // s3:Get* also reaches things that are not zones at all (account settings, access points, jobs).
    const other = d.matrix.differences.find((x) => x.target === 'other')!;
    expect(other.extraActions).toEqual(expect.arrayContaining(['s3:GetAccountPublicAccessBlock']));
    expect(other.extraActions).not.toContain('s3:GetObject');
    expect(d.findings.some((f) => f.rule === 'data-read-wildcard' && f.principal === role)).toBe(true);
  });

  it('reports a grant on part of a zone as such', async () => {
    const t = fixtureTemplate('distributed');
    const platform = platformMap(t);
    const d = await analyzeTemplate(
      withStatement(t, platform.personaRoles['ml-engineer']!, {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [platform.zoneBuckets.quarantine!, 'Arn'] }, '/run-1/*']] },
      }),
      { design: 'distributed' },
    );
    expect(d.matrix.differences).toEqual([
      { persona: 'ml-engineer', target: 'quarantine', intended: 'none', computed: 'read', extraActions: ['s3:GetObject (part of the zone)'], missingActions: [] },
    ]);
  });

  it('reports a narrowed grant (data-steward loses curated) as a low finding with the missing actions', async () => {
    const t = fixtureTemplate('single-node') as { Resources: Record<string, CfnResource> } & CfnTemplate;
    const copy = structuredClone(t);
    const stewardPolicy = Object.values(copy.Resources).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles).includes('PlatformAccessDataSteward'))!;
    const doc = stewardPolicy.Properties!.PolicyDocument as { Statement: { Resource: unknown }[] };
    for (const s of doc.Statement) {
      if (Array.isArray(s.Resource)) s.Resource = s.Resource.filter((r) => !JSON.stringify(r).includes('Curated'));
    }
    const d = await analyzeTemplate(copy, { design: 'single-node' });
    expect(d.matrix.differences).toEqual([
      { persona: 'data-steward', target: 'curated', intended: 'read', computed: 'none', extraActions: [], missingActions: ['s3:ListBucket', 's3:GetObject'] },
    ]);
    expect(d.findings.find((f) => f.rule === 'stakeholder-matrix')!.severity).toBe('low');
  });

  it('reports capabilities and actions outside the model', async () => {
    const t = fixtureTemplate('distributed');
    const role = platformMap(t).personaRoles['ml-engineer']!;
    const d = await analyzeTemplate(withStatement(t, role, { Effect: 'Allow', Action: ['states:StartExecution', 'lambda:UpdateFunctionCode'], Resource: '*' }), { design: 'distributed' });
    expect(d.matrix.differences.map((x) => [x.target, x.extraActions])).toEqual([
      ['operatePipelines', ['states:StartExecution']],
      ['other', ['lambda:UpdateFunctionCode']],
    ]);
    expect(d.matrix.computed['ml-engineer'].operatePipelines).toBe(true);
    expect(d.findings.find((f) => f.rule === 'code-and-definition-change')).toMatchObject({ severity: 'high', principal: role, category: 'infrastructure-modification' });
  });

  it('computes a missing persona role as no access, with a finding', async () => {
    const t = fixtureTemplate('distributed') as { Resources: Record<string, CfnResource>; Outputs: Record<string, unknown> } & CfnTemplate;
    const copy = structuredClone(t);
    const role = platformMap(copy).personaRoles['platform-owner']!;
    delete copy.Resources[role];
    delete copy.Outputs.RolePlatformOwner;
    const d = await analyzeTemplate(copy, { design: 'distributed' });
    expect(d.findings.some((f) => f.message === 'no role found for persona platform-owner: the matrix row is computed as no access')).toBe(true);
    expect(d.matrix.computed['platform-owner'].raw).toBe('none');
  });
});

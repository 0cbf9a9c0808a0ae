import { PERSONAS } from '../../../lib/constructs/access-matrix';
import { analyzeTemplate, compareDesigns } from '../../../simulator/access/analyze';
import { fixtureTemplate } from '../../fixtures/access/templates';
import type { DesignAccess } from '../../../simulator/results/access';

let single: DesignAccess;
let distributed: DesignAccess;
beforeAll(async () => {
  single = await analyzeTemplate(fixtureTemplate('single-node'), { design: 'single-node' });
  distributed = await analyzeTemplate(fixtureTemplate('distributed'), { design: 'distributed' });
});
const principal = (d: DesignAccess, prefix: string) => d.principals.find((p) => p.logicalId.startsWith(prefix))!;

describe('static IAM scope of the baseline templates', () => {
  it('finds every principal: the five personas and each design’s workload roles', () => {
    for (const d of [single, distributed]) {
      expect(d.principals.filter((p) => p.kind === 'persona').map((p) => p.persona).sort()).toEqual([...PERSONAS].sort());
    }
    expect(single.principals.filter((p) => p.kind === 'workload').map((p) => p.logicalId.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'VpcrejectedIAMRole',
      'TaskTaskRole',
      'TaskExecutionRole',
      'StateMachineRole',
    ]);
    expect(distributed.principals.filter((p) => p.kind === 'workload').map((p) => p.logicalId.replace(/[0-9A-F]{8}$/, ''))).toEqual(['WorkerRole', 'StateMachineRole']);
  });

  it('gives each workload role exactly the zones the batch needs: read raw, write the other three', () => {
    for (const p of [principal(single, 'TaskTaskRole'), principal(distributed, 'WorkerRole')]) {
      expect(p.readableZones).toEqual(['raw']);
      expect(p.writableZones).toEqual(['curated', 'quarantine', 'audit']);
      expect(p.adminZones).toEqual([]);
      expect(p.zones.raw).toEqual({ level: 'read', bucketActions: ['s3:ListBucket'], objectActions: ['s3:GetObject'], partialObjectActions: [] });
      expect(p.actionsOnStar).toEqual([]);
    }
    // The Lambda role also writes its own log group: two logs actions on top of the task role's three.
    expect(principal(distributed, 'WorkerRole').actionsByLevel).toMatchObject({ List: 1, Read: 1, Write: 3 });
    expect(principal(single, 'TaskTaskRole').actionsByLevel).toMatchObject({ List: 1, Read: 1, Write: 1 });
  });

  it('resolves references to the logical resources they point at', () => {
    const worker = principal(distributed, 'WorkerRole');
    const put = worker.statements.find((s) => s.actions.some((a) => a.action === 's3:PutObject'))!;
    expect(put.resources.map((r) => r.pattern)).toEqual([
      'arn:aws:s3:::{PlatformZonesAuditFDF656ED}/*',
      'arn:aws:s3:::{PlatformZonesCurated7BFD8A2A}/*',
      'arn:aws:s3:::{PlatformZonesQuarantine7562AF01}/*',
    ]);
    expect(put.resources.every((r) => r.exact)).toBe(true);
    const sm = principal(single, 'StateMachineRole');
    const runTask = sm.statements.find((s) => s.actionPatterns.includes('ecs:RunTask'))!;
    expect(runTask.resources[0]!.refs).toEqual(['Task79114B6B']);
    expect(runTask.resources[0]!.pattern).toMatch(/^arn:aws:ecs:us-east-1:\{AccountId\}:task-definition\/\{Task79114B6B\}:\*$/);
  });

  it('lists actions on Resource "*" per principal', () => {
    expect(principal(single, 'TaskExecutionRole').actionsOnStar).toEqual(['ecr:GetAuthorizationToken']);
    expect(principal(single, 'StateMachineRole').actionsOnStar).toEqual(expect.arrayContaining(['ecs:DescribeTasks', 'ecs:StopTask', 'logs:PutResourcePolicy']));
    expect(principal(distributed, 'StateMachineRole').actionsOnStar).not.toContain('ecs:StopTask');
  });

  it('reports the risk findings of the baseline, with nothing on data', () => {
    const rules = (d: DesignAccess) => d.findings.map((f) => `${f.severity} ${f.rule} ${f.principal?.replace(/[0-9A-F]{8}$/, '')}`).sort();
    expect(rules(single)).toEqual(['high policy-write StateMachineRole', 'medium write-on-star StateMachineRole']);
    expect(rules(distributed)).toEqual(['high policy-write StateMachineRole', 'low write-on-star StateMachineRole']);
    expect(single.findings.find((f) => f.rule === 'policy-write')!.message).toMatch(/logs:PutResourcePolicy supports only "\*"/);
  });

  it('summarizes the design over its workload principals', () => {
    expect(distributed.summary).toMatchObject({ principals: 7, workloadPrincipals: 2, writableZones: ['curated', 'quarantine', 'audit'], actionsOnStar: 12 });
    expect(single.summary).toMatchObject({ principals: 9, workloadPrincipals: 4, actionsOnStar: 15 });
    expect(single.basis).toBe('static');
  });

  it('names the distributed design as the smaller blast radius, and says why', () => {
    const c = compareDesigns({ 'single-node': single, distributed });
    expect(c.smallerBlastRadius).toBe('distributed');
    expect(c.dimensions.find((d) => d.name === 'workload principals')).toMatchObject({ values: { 'single-node': 4, distributed: 2 }, smaller: 'distributed' });
    expect(c.reasons[0]).toBe('distributed has fewer workload principals (2 vs 4 principals)');
    expect(c.reasons.join('\n')).toMatch(/fewer actions on "\*" \(12 vs 15 actions\)/);
  });

  it('calls two identical designs a tie', () => {
    const c = compareDesigns({ 'single-node': distributed, distributed });
    expect(c.smallerBlastRadius).toBe('tie');
    expect(c.reasons).toEqual(['both designs score the same; see the dimensions']);
  });

  it('is plain JSON, ready for results.json', () => {
    expect(JSON.parse(JSON.stringify(single))).toEqual(single);
  });
});

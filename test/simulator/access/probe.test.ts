import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { ACCESS_MATRIX, PERSONAS, ZONES } from '../../../lib/constructs/access-matrix';
import { createProbeAdmin, PROBE_ADMIN_UNAUTHENTICATED_CALLS } from '../../../simulator/access/probe-admin';
import { STSClient } from '@aws-sdk/client-sts';
import { analyzeTemplate, withProbe } from '../../../simulator/access/analyze';
import { assumeRole, probeAccess, probeTargetsFromOutputs } from '../../../simulator/access/probe';
import { UserError } from '../../../simulator/errors';
import type { Credentials } from '../../../simulator/access/probe';
import { fixtureTemplate, renamed, widenGrant } from '../../fixtures/access/templates';
import { deployTemplate, seedBootstrapVersion, startMoto, TestMoto } from './moto-server';
import { ProbeResult } from '../../../simulator/results/access';

/**
 * The run-time probe against a real moto server with IAM enforcement on. The stacks are deployed from
 * the synthesized template through CloudFormation, never created by hand. The single-node template is
 * used because it has no Lambda asset to publish; the persona roles and zone buckets are the same
 * shared platform in both designs.
 */
describe('probeAccess on moto with IAM enforced', () => {
  let moto: TestMoto;
  let admin: Credentials;
  let baseline: ProbeResult;
  let widened: ProbeResult;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    moto = await startMoto(PROBE_ADMIN_UNAUTHENTICATED_CALLS);
    try {
      admin = (await createProbeAdmin({ endpoint: moto.endpoint })).credentials;
      await seedBootstrapVersion(moto.endpoint, admin);
      const template = fixtureTemplate('single-node');
      const wide = renamed(widenGrant(template, 'ml-engineer', 'raw', ['s3:GetObject']), 'scalesim-baseline-', 'scalesim-widened-');
      const [outBase, outWide] = [
        await deployTemplate(moto.endpoint, admin, 'access-baseline', template),
        await deployTemplate(moto.endpoint, admin, 'access-widened', wide),
      ];
      outputs = outBase;
      baseline = await probeAccess({ endpoint: moto.endpoint, adminCredentials: admin, ...probeTargetsFromOutputs(outBase), tag: 'base' });
      widened = await probeAccess({ endpoint: moto.endpoint, adminCredentials: admin, ...probeTargetsFromOutputs(outWide), tag: 'wide' });
    } catch (e) {
      await moto.stop();
      throw e;
    }
  }, 90_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('matches ACCESS_MATRIX on the deployed baseline, every check enforced or evaluated', () => {
    expect(baseline.summary.mismatchList).toEqual([]);
    expect(baseline.summary.passed).toBe(true);
    expect(baseline.summary.unverified).toBe(0);
    expect(baseline.summary.enforced + baseline.summary.evaluated).toBe(baseline.summary.checks);
    // Per persona: 4 zones x (list, read, write, bucket configuration) + pipelines + IAM review + cost signals.
    expect(baseline.summary).toMatchObject({ checks: 95, enforced: 85, evaluated: 10, unverified: 0, notEnforcedByEmulator: 10 });
  });

  it('has moto enforce every S3 zone check, with both controls behaving', () => {
    const s3 = baseline.checks.filter((c) => c.zone !== null);
    expect(s3).toHaveLength(PERSONAS.length * ZONES.length * 4);
    expect(s3.every((c) => c.basis === 'enforced')).toBe(true);
    for (const c of baseline.controls.filter((x) => x.action.startsWith('s3:'))) {
      expect([c.action, c.withoutGrant, c.withGrant]).toEqual([c.action, 'deny', 'allow']);
    }
  });

  it('reads curated data as the ML engineer and is refused raw PII-class data', () => {
    const ml = (zone: string, action: string) => baseline.checks.find((c) => c.persona === 'ml-engineer' && c.zone === zone && c.action === action)!;
    expect(ml('curated', 's3:GetObject')).toMatchObject({ expected: 'allow', observed: 'allow', basis: 'enforced' });
    expect(ml('raw', 's3:GetObject')).toMatchObject({ expected: 'deny', observed: 'deny', basis: 'enforced' });
    expect(ml('audit', 's3:PutObject')).toMatchObject({ expected: 'deny', observed: 'deny', basis: 'enforced' });
  });

  it('labels what moto does not enforce as evaluated, never as enforced', () => {
    // moto authorizes Step Functions calls against Resource "*", so an ARN-scoped grant is denied: the
    // allow-control shows it, and the pipeline checks fall back to iam-simulate.
    const sfn = baseline.controls.find((c) => c.action === 'states:DescribeStateMachine')!;
    expect(sfn.enforces).toBe(false);
    const pipeline = baseline.checks.filter((c) => c.target === 'operatePipelines');
    expect(pipeline.every((c) => c.basis === 'evaluated')).toBe(true);
    expect(pipeline.find((c) => c.persona === 'data-engineer')).toMatchObject({ expected: 'allow', observed: 'allow' });
    const cost = baseline.checks.filter((c) => c.target === 'viewCostSignals');
    expect(cost.every((c) => c.basis === 'evaluated' && c.emulator.outcome === 'not-attempted')).toBe(true);
    expect(baseline.notes.join('\n')).toMatch(/trust policies .* restored .* permission policies were not touched/);
  });

  it('reports the deliberately widened grant as a mismatch, enforced', () => {
    expect(widened.summary.passed).toBe(false);
    expect(widened.summary.mismatchList).toEqual(['ml-engineer raw s3:GetObject: expected deny, observed allow (enforced)']);
  });

  it('restores what it changed: trust policies back, control roles and probe objects gone', async () => {
    for (const r of [baseline, widened]) expect(r.notes.filter((n) => n.startsWith('cleanup:'))).toEqual([]);
    const cfg = { endpoint: moto.endpoint, region: 'us-east-1', credentials: { ...admin }, maxAttempts: 1 };
    const iam = new IAMClient(cfg);
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    const targets = probeTargetsFromOutputs(outputs);
    for (const persona of PERSONAS) {
      const role = await iam.send(new GetRoleCommand({ RoleName: targets.roles[persona].split('/').pop() }));
      // The template's trust policy: the account root, with MFA.
      expect(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)).toMatch(/:root".*MultiFactorAuthPresent|MultiFactorAuthPresent.*:root"/);
    }
    const roles = (await iam.send(new ListRolesCommand({}))).Roles ?? [];
    expect(roles.filter((r) => r.RoleName!.startsWith('scalesim-probe-'))).toEqual([]);
    for (const zone of ZONES) {
      const v = await s3.send(new ListObjectVersionsCommand({ Bucket: targets.buckets[zone] }));
      expect([...(v.Versions ?? []), ...(v.DeleteMarkers ?? [])].map((x) => x.Key)).toEqual([]);
    }
    iam.destroy();
    s3.destroy();
  });

  it('attaches to the static analysis for results.json, turning mismatches into findings', async () => {
    const access = await analyzeTemplate(fixtureTemplate('single-node'), { design: 'single-node' });
    const base = withProbe(access, baseline);
    expect(base).toMatchObject({ basis: 'static+probe', runtime: { summary: { passed: true } } });
    expect(base.findings).toEqual(access.findings);
    const wide = withProbe(access, widened);
    expect(wide.findings.filter((f) => f.rule === 'runtime-probe')).toEqual([
      expect.objectContaining({ severity: 'high', category: 'access-model', message: 'ml-engineer raw s3:GetObject: ACCESS_MATRIX expects deny, the probe observed allow (enforced)' }),
    ]);
    expect(wide.summary.findingsBySeverity.high).toBe(access.summary.findingsBySeverity.high + 1);
  });

  it('refuses admin credentials the emulator does not know, in one line', async () => {
    const run = probeAccess({ endpoint: moto.endpoint, adminCredentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }, ...probeTargetsFromOutputs(outputs) });
    await expect(run).rejects.toThrow(UserError);
    await expect(
      probeAccess({ endpoint: moto.endpoint, adminCredentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }, ...probeTargetsFromOutputs(outputs) }),
    ).rejects.toThrow(/the probe's admin credentials were rejected by http:\/\/127\.0\.0\.1:\d+ \(InvalidClientTokenId\); pass credentials of an identity allowed to do everything/);
  });

  it('says which role it could not assume (the template trust policy names the account root with MFA)', async () => {
    const sts = new STSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { ...admin }, maxAttempts: 1 });
    const role = probeTargetsFromOutputs(outputs).roles['ml-engineer'];
    await expect(assumeRole(sts, role, { attempts: 2, firstDelayMs: 1 })).rejects.toThrow(new RegExp(`the probe could not assume ${role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: AccessDenied`));
    sts.destroy();
  });

  it('without offline evaluation, leaves what moto does not enforce unverified and claims nothing for it', async () => {
    const r = await probeAccess({ endpoint: moto.endpoint, adminCredentials: admin, ...probeTargetsFromOutputs(outputs), tag: 'noeval', evaluateOffline: false });
    const unverified = r.checks.filter((c) => c.basis === 'unverified');
    expect(unverified.map((c) => c.target).sort()).toEqual([...Array(PERSONAS.length).fill('operatePipelines'), ...Array(PERSONAS.length).fill('viewCostSignals')]);
    expect(unverified.every((c) => c.observed === 'not-enforced' && c.match === null)).toBe(true);
    expect(r.summary).toMatchObject({ unverified: 10, evaluated: 0, passed: true });
  });

  it('expects exactly what ACCESS_MATRIX says', () => {
    for (const c of baseline.checks.filter((x) => x.action === 's3:PutObject')) {
      expect(c.expected).toBe(ACCESS_MATRIX[c.persona].zones[c.zone!] === 'write' ? 'allow' : 'deny');
    }
  });
});

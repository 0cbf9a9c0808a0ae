import { PERSONAS, ZONES } from '../../../lib/constructs/access-matrix';
import { evaluateRequest } from '../../../simulator/access/probe-evaluate';
import { classifyError, probeTargetsFromOutputs, roleNameOf, summarize, trustPrincipalsFor } from '../../../simulator/access/probe';
import { renderProbe } from '../../../simulator/access/render';
import { UserError } from '../../../simulator/errors';
import type { ProbeCheck } from '../../../simulator/results/access';
import { OUTPUT_KEYS } from '../../../lib/workload/contract';

const sdkError = (name: string, status?: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('probe decisions', () => {
  it('reads AccessDenied or 403 as deny, a later failure as allow, credential trouble as no decision', () => {
    expect(classifyError(sdkError('AccessDenied', 403))).toEqual({ outcome: 'deny', code: 'AccessDenied' });
    expect(classifyError(sdkError('AccessDeniedException', 400))).toEqual({ outcome: 'deny', code: 'AccessDeniedException' });
    expect(classifyError(sdkError('403', 403))).toEqual({ outcome: 'deny', code: '403' });
    expect(classifyError(sdkError('NoSuchLifecycleConfiguration', 404))).toEqual({ outcome: 'allow', code: 'NoSuchLifecycleConfiguration' });
    expect(classifyError(sdkError('SignatureDoesNotMatch', 403))).toEqual({ outcome: 'error', code: 'SignatureDoesNotMatch' });
    expect(classifyError(sdkError('InternalError', 500))).toEqual({ outcome: 'error', code: 'InternalError' });
    expect(classifyError(new Error('socket hang up')).outcome).toBe('error');
  });

  it('takes the targets from the stack outputs named in OUTPUT_KEYS', () => {
    const outputs: Record<string, string> = { [OUTPUT_KEYS.stateMachineArn]: 'arn:aws:states:us-east-1:1:stateMachine:sm' };
    for (const p of PERSONAS) outputs[OUTPUT_KEYS.personaRole(p)] = `arn:aws:iam::1:role/${p}`;
    for (const z of ZONES) outputs[OUTPUT_KEYS.bucket(z)] = `bucket-${z}`;
    const t = probeTargetsFromOutputs(outputs);
    expect(t.roles['ml-engineer']).toBe('arn:aws:iam::1:role/ml-engineer');
    expect(t.buckets.raw).toBe('bucket-raw');
    expect(t.stateMachineArn).toBe('arn:aws:states:us-east-1:1:stateMachine:sm');
    const partial = { ...outputs };
    delete partial.RawBucket;
    delete partial.RoleDataSteward;
    expect(() => probeTargetsFromOutputs(partial)).toThrow(UserError);
    expect(() => probeTargetsFromOutputs(partial)).toThrow(/the stack outputs lack RoleDataSteward, RawBucket \(have: StateMachineArn, /);
  });

  it('derives role names and trust principals from ARNs', () => {
    expect(roleNameOf('arn:aws:iam::123456789012:role/stack-Role-ABC')).toBe('stack-Role-ABC');
    expect(roleNameOf('arn:aws:iam::123456789012:role/path/to/Name')).toBe('Name');
    expect(() => roleNameOf('arn:aws:iam::123456789012:user/admin')).toThrow(/'arn:aws:iam::123456789012:user\/admin' is not a role ARN \(expected arn:aws:iam::<account>:role\/<name>\)/);
    expect(trustPrincipalsFor('arn:aws:iam::123456789012:user/admin')).toEqual(['arn:aws:iam::123456789012:user/admin']);
    expect(trustPrincipalsFor('arn:aws:sts::123456789012:assumed-role/Admin/me')).toEqual(['arn:aws:sts::123456789012:assumed-role/Admin/me', 'arn:aws:iam::123456789012:role/Admin']);
  });

  it('evaluates offline with iam-simulate, TLS assumed as in AWS', async () => {
    const base = {
      principal: 'arn:aws:sts::123456789012:assumed-role/r/s',
      accountId: '123456789012',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      identityPolicies: [{ name: 'p', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } }],
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      },
    };
    expect(await evaluateRequest(base)).toEqual({ decision: 'allow' });
    expect(await evaluateRequest({ ...base, resource: 'arn:aws:s3:::other/k' })).toEqual({ decision: 'deny' });
    expect(await evaluateRequest({ ...base, identityPolicies: [{ name: 'bad', policy: { Statement: [{ Effect: 'Maybe' }] } }] })).toEqual({ error: expect.any(String) });
  });
});

describe('probe summary and rendering', () => {
  const check = (over: Partial<ProbeCheck>): ProbeCheck => ({
    persona: 'ml-engineer',
    zone: 'raw',
    target: 'raw',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::raw/k',
    expected: 'deny',
    observed: 'deny',
    basis: 'enforced',
    emulator: { outcome: 'deny', enforces: true },
    match: true,
    ...over,
  });
  const checks = [
    check({}),
    check({ observed: 'allow', match: false }),
    check({ zone: null, target: 'operatePipelines', action: 'states:DescribeStateMachine', basis: 'evaluated', emulator: { outcome: 'deny', enforces: false } }),
    check({ observed: 'not-enforced', basis: 'unverified', match: null, emulator: { outcome: 'error', enforces: false } }),
  ];

  it('counts enforced, evaluated and unverified, and fails on any mismatch; an unverified check is no claim', () => {
    expect(summarize(checks)).toEqual({
      checks: 4,
      enforced: 2,
      evaluated: 1,
      unverified: 1,
      notEnforcedByEmulator: 2,
      matches: 2,
      mismatches: 1,
      passed: false,
      mismatchList: ['ml-engineer raw s3:GetObject: expected deny, observed allow (enforced)'],
    });
    expect(summarize([checks[0]!, checks[3]!]).passed).toBe(true);
  });

  it('renders every check with its basis', () => {
    const text = renderProbe({ target: 'http://127.0.0.1:1', probePrincipal: 'arn:aws:iam::1:user/a', checks, controls: [], summary: summarize(checks), notes: ['a note'] }, 'single-node');
    expect(text).toContain('### single-node: run-time probe (http://127.0.0.1:1)');
    expect(text).toContain('4 checks: 2 enforced by the emulator, 1 evaluated offline with iam-simulate, 1 neither (no claim); 1 mismatch(es) with ACCESS_MATRIX.');
    expect(text).toContain('| ml-engineer | raw | s3:GetObject | deny | allow | enforced | NO |');
    expect(text).toContain('| ml-engineer | raw | s3:GetObject | deny | not-enforced | unverified | - |');
    expect(text).toContain('- a note');
  });
});

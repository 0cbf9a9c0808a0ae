import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteObjectsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCESS_MATRIX, Persona, PERSONAS, Zone, ZoneAccess, ZONES } from '../../lib/constructs/access-matrix';
import { UserError } from '../errors';
import { evaluateRequest, PolicyDocument } from './probe-evaluate';
import type { Capability, Decision, EmulatorOutcome, ProbeCheck, ProbeControl, ProbeResult, ProbeSummary } from '../results/access';
import { OUTPUT_KEYS } from '../../lib/workload/contract';


export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ProbeTargets {
  /** Persona → role ARN (stack outputs `RoleDataEngineer`, ...). */
  readonly roles: Readonly<Record<Persona, string>>;
  /** Zone → bucket name (stack outputs `RawBucket`, ...). */
  readonly buckets: Readonly<Record<Zone, string>>;
  /**
   * The design's state machine (output `StateMachineArn`).
   * @default none - the pipeline-operation checks are skipped
   */
  readonly stateMachineArn?: string;
}

export interface ProbeOptions extends ProbeTargets {
  /** Emulator endpoint, e.g. `http://127.0.0.1:5000`. */
  readonly endpoint: string;
  /** An identity allowed to do everything (see createProbeAdmin for moto). */
  readonly adminCredentials: Credentials;
  /** @default 'us-east-1' */
  readonly region?: string;
  /**
   * Evaluate the checks the emulator does not enforce offline with iam-simulate, over the deployed policies.
   * @default true
   */
  readonly evaluateOffline?: boolean;
  /**
   * Tag for the probe's own objects and control roles, so concurrent probes never collide.
   * @default a base-36 timestamp
   */
  readonly tag?: string;
}

/** Prefix of every object the probe writes; all of it is deleted again, every version. */
const PROBE_PREFIX = 'scalesim-access-probe';

/** The stack outputs the probe needs, picked out of a DescribeStacks output map by OUTPUT_KEYS. */
export function probeTargetsFromOutputs(outputs: Readonly<Record<string, string>>): ProbeTargets {
  const missing: string[] = [];
  const pick = (key: string): string => {
    const v = outputs[key];
    if (!v) missing.push(key);
    return v ?? '';
  };
  const roles = Object.fromEntries(PERSONAS.map((p) => [p, pick(OUTPUT_KEYS.personaRole(p))])) as Record<Persona, string>;
  const buckets = Object.fromEntries(ZONES.map((z) => [z, pick(OUTPUT_KEYS.bucket(z))])) as Record<Zone, string>;
  if (missing.length) {
    throw new UserError(`the stack outputs lack ${missing.join(', ')} (have: ${Object.keys(outputs).join(', ') || 'none'}); deploy a stack synthesized from lib/stacks`);
  }
  const sm = outputs[OUTPUT_KEYS.stateMachineArn];
  return { roles, buckets, ...(sm ? { stateMachineArn: sm } : {}) };
}

/** One call the probe can make, by the IAM action it needs and the resource it acts on. */
interface Attempt {
  readonly target: Zone | Capability;
  readonly zone: Zone | null;
  readonly action: string;
  readonly resource: string;
  /** The resource pattern the personas' grants use for it (the allow-control is granted exactly this). */
  readonly grantResource: string;
  /** Whether a persona with this matrix row should be allowed. */
  readonly expected: (persona: Persona) => Decision;
  /** Makes the call as `who`; absent when scalesim has no client for the service. */
  readonly call?: (c: Clients, who: string) => Promise<unknown>;
}

interface Clients {
  readonly s3: S3Client;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly sfn: SFNClient;
}

const DATA_READ: readonly ZoneAccess[] = ['read', 'write'];

/**
 * Assumes each persona role on the emulator and tries, per zone, the calls each access level needs
 * (list, read, write, bucket configuration), plus the persona's capabilities, comparing each outcome
 * with ACCESS_MATRIX.
 *
 * What it changes, and undoes: each persona role's trust policy is rewritten to name the probe's own
 * principal (the emulator only lets a directly named principal assume a role; the account root is not
 * enough), then restored; two control roles are created and deleted; probe objects are written under
 * `scalesim-access-probe/<tag>/` and every version of them is deleted. Permission policies are never
 * touched: what is probed is what was deployed.
 */
export async function probeAccess(o: ProbeOptions): Promise<ProbeResult> {
  const region = o.region ?? 'us-east-1';
  const tag = o.tag ?? Date.now().toString(36);
  const prefix = `${PROBE_PREFIX}/${tag}`;
  const admin = clients(o.endpoint, region, o.adminCredentials);
  const notes: string[] = [];
  const { probePrincipal, accountId } = await adminIdentity(admin, o.endpoint);
  const trustPrincipals = trustPrincipalsFor(probePrincipal);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: trustPrincipals }, Action: 'sts:AssumeRole' }] });
  const attempts = buildAttempts(o, prefix);
  const originalTrust = new Map<Persona, string>();
  const controlRoles = { deny: `scalesim-probe-deny-${tag}`, allow: `scalesim-probe-allow-${tag}` };
  const createdControls: string[] = [];
  try {
    await seedZones(admin, o, prefix);
    const policies = await openPersonaRoles(admin, o, trust, originalTrust);
    await createControlRoles(admin, controlRoles, trust, attempts, createdControls);
    const session = async (roleArn: string): Promise<Session> => {
      const r = await assumeRole(admin.sts, roleArn);
      return { clients: clients(o.endpoint, region, r.credentials), arn: r.arn };
    };
    const deny = await session(`arn:aws:iam::${accountId}:role/${controlRoles.deny}`);
    const allow = await session(`arn:aws:iam::${accountId}:role/${controlRoles.allow}`);
    const controls = await runControls(attempts, deny, allow);
    const enforcing = (a: Attempt) => controls.find((c) => c.action === a.action && c.resource === a.resource)?.enforces ?? false;
    const ctx: PersonaProbe = { o, admin, accountId, attempts, policies, enforcing, notes };
    const checks = (await Promise.all(PERSONAS.map(async (persona) => probePersona(ctx, persona, await session(o.roles[persona]))))).flat();
    notes.push(...probeNotes(o, attempts, controls, trustPrincipals));
    return { target: o.endpoint, probePrincipal, checks, controls, summary: summarize(checks), notes };
  } finally {
    await cleanup(admin, o, prefix, originalTrust, createdControls, notes);
  }
}

/** An assumed role's clients and its session ARN. */
interface Session {
  readonly clients: Clients;
  readonly arn: string;
}

/** Who the admin credentials are: the probe's own principal and its account. */
async function adminIdentity(admin: Clients, endpoint: string): Promise<{ probePrincipal: string; accountId: string }> {
  let me: { Arn?: string; Account?: string };
  try {
    me = await admin.sts.send(new GetCallerIdentityCommand({}));
  } catch (e) {
    throw new UserError(`the probe's admin credentials were rejected by ${endpoint} (${errorCode(e)}); pass credentials of an identity allowed to do everything`);
  }
  return { probePrincipal: me.Arn!, accountId: me.Account! };
}

/** Seeds one object per zone for the read checks. */
async function seedZones(admin: Clients, o: ProbeOptions, prefix: string): Promise<void> {
  for (const zone of ZONES) {
    await admin.s3.send(new PutObjectCommand({ Bucket: o.buckets[zone], Key: `${prefix}/seed.txt`, Body: 'scalesim access probe seed' }));
  }
}

/**
 * Persona roles: remembers each trust policy in `originalTrust` (cleanup restores it), lets the probe
 * assume the role, and returns the deployed permission policies per persona.
 */
async function openPersonaRoles(admin: Clients, o: ProbeOptions, trust: string, originalTrust: Map<Persona, string>): Promise<Map<Persona, { name: string; policy: PolicyDocument }[]>> {
  const policies = new Map<Persona, { name: string; policy: PolicyDocument }[]>();
  for (const persona of PERSONAS) {
    const roleName = roleNameOf(o.roles[persona]);
    const role = await admin.iam.send(new GetRoleCommand({ RoleName: roleName }));
    originalTrust.set(persona, decodePolicy(role.Role?.AssumeRolePolicyDocument ?? ''));
    await admin.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: trust }));
    policies.set(persona, await rolePolicies(admin.iam, roleName));
  }
  return policies;
}

/** Controls: a role with no grant at all, and one with exactly the grants the attempts need (names into `created`). */
async function createControlRoles(admin: Clients, roles: { readonly deny: string; readonly allow: string }, trust: string, attempts: readonly Attempt[], created: string[]): Promise<void> {
  for (const [kind, name] of Object.entries(roles)) {
    await admin.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, Description: 'scalesim access probe control; deleted by the probe' }));
    created.push(name);
    if (kind === 'allow') {
      const statements = attempts.filter((a) => a.call).map((a) => ({ Effect: 'Allow', Action: a.action, Resource: a.grantResource }));
      await admin.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'exact-grants', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    }
  }
}

/** Whether the emulator enforces each attempted call: denied without a grant, allowed with exactly it. */
async function runControls(attempts: readonly Attempt[], deny: Session, allow: Session): Promise<ProbeControl[]> {
  const controls: ProbeControl[] = [];
  for (const a of attempts) {
    if (!a.call) continue;
    const withoutGrant = await run(a, deny.clients, 'control-deny');
    const withGrant = await run(a, allow.clients, 'control-allow');
    const enforces = withoutGrant.outcome === 'deny' && withGrant.outcome === 'allow';
    const why = enforces
      ? undefined
      : withoutGrant.outcome === 'allow'
        ? 'a role with no policies was allowed: the emulator does not check this action'
        : withGrant.outcome === 'deny'
          ? 'a role granted exactly this action on this resource was denied: the emulator checks it against another action name or resource'
          : `the emulator gave no decision (${withoutGrant.code ?? withGrant.code ?? 'error'})`;
    controls.push({ action: a.action, resource: a.resource, withoutGrant: withoutGrant.outcome, withGrant: withGrant.outcome, enforces, ...(why ? { why } : {}) });
  }
  return controls;
}

/** What every persona's checks share. */
interface PersonaProbe {
  readonly o: ProbeOptions;
  readonly admin: Clients;
  readonly accountId: string;
  readonly attempts: readonly Attempt[];
  readonly policies: ReadonlyMap<Persona, { name: string; policy: PolicyDocument }[]>;
  readonly enforcing: (a: Attempt) => boolean;
  readonly notes: string[];
}

/** One persona's checks: each attempt on the emulator, decided by it where it enforces, else evaluated offline. */
async function probePersona(ctx: PersonaProbe, persona: Persona, s: Session): Promise<ProbeCheck[]> {
  const out: ProbeCheck[] = [];
  for (const a of ctx.attempts) {
    const expected = a.expected(persona);
    const emu = a.call ? await run(a, s.clients, persona) : { outcome: 'not-attempted' as const };
    const enforces = a.call !== undefined && ctx.enforcing(a) && (emu.outcome === 'allow' || emu.outcome === 'deny');
    const { observed, basis } = enforces ? { observed: emu.outcome as Decision, basis: 'enforced' as const } : await evaluateOffline(ctx, persona, s, a);
    out.push({
      persona,
      zone: a.zone,
      target: a.target,
      action: a.action,
      resource: a.resource,
      expected,
      observed,
      basis,
      emulator: { outcome: emu.outcome, ...('code' in emu && emu.code ? { code: emu.code } : {}), enforces: a.call !== undefined && ctx.enforcing(a) },
      match: observed === 'not-enforced' ? null : observed === expected,
    });
  }
  return out;
}

/** The decision iam-simulate reaches over the deployed policies, or `not-enforced` when it cannot (or is off). */
async function evaluateOffline(ctx: PersonaProbe, persona: Persona, s: Session, a: Attempt): Promise<Pick<ProbeCheck, 'observed' | 'basis'>> {
  const unverified = { observed: 'not-enforced', basis: 'unverified' } as const;
  if (!(ctx.o.evaluateOffline ?? true)) return unverified;
  const resourcePolicy = a.zone ? await bucketPolicy(ctx.admin.s3, ctx.o.buckets[a.zone]) : undefined;
  const ev = await evaluateRequest({
    principal: s.arn,
    accountId: ctx.accountId,
    action: a.action,
    resource: a.resource,
    identityPolicies: ctx.policies.get(persona) ?? [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  });
  if ('decision' in ev) return { observed: ev.decision, basis: 'evaluated' };
  ctx.notes.push(`${persona} ${a.action} on ${a.resource}: iam-simulate could not evaluate (${ev.error})`);
  return unverified;
}

/** What the probe changed, and which checks the emulator could not decide. */
function probeNotes(o: ProbeOptions, attempts: readonly Attempt[], controls: readonly ProbeControl[], trustPrincipals: readonly string[]): string[] {
  return [
    `trust policies of the ${PERSONAS.length} persona roles were rewritten to name ${trustPrincipals.join(' and ')} for the probe and restored afterwards; permission policies were not touched`,
    ...controls.filter((x) => !x.enforces).map((c) => `${c.action} on ${c.resource}: not enforced by the emulator (${c.why}); those checks are ${o.evaluateOffline === false ? 'unverified' : 'evaluated offline'}`),
    ...attempts.filter((x) => !x.call).map((a) => `${a.action}: not attempted on the emulator (scalesim has no client for it); evaluated offline`),
  ];
}

function buildAttempts(o: ProbeOptions, prefix: string): Attempt[] {
  return [...ZONES.flatMap((zone) => zoneAttempts(zone, o.buckets[zone], prefix)), ...capabilityAttempts(o)];
}

const decide = (ok: boolean): Decision => (ok ? 'allow' : 'deny');

/** List, read, write and administer one zone's bucket: one attempt per access level of the matrix. */
function zoneAttempts(zone: Zone, bucket: string, prefix: string): Attempt[] {
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const level = (p: Persona) => ACCESS_MATRIX[p].zones[zone];
  return [
    {
      target: zone,
      zone,
      action: 's3:ListBucket',
      resource: bucketArn,
      grantResource: bucketArn,
      expected: (p) => decide(DATA_READ.includes(level(p))),
      // No Prefix: moto 5.2.1 re-encodes an already percent-encoded query value (`/` → %2F → %252F)
      // when it verifies SigV4, so any encoded character in the query fails with SignatureDoesNotMatch.
      call: (c) => c.s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 })),
    },
    {
      target: zone,
      zone,
      action: 's3:GetObject',
      resource: `${bucketArn}/${prefix}/seed.txt`,
      grantResource: `${bucketArn}/*`,
      expected: (p) => decide(DATA_READ.includes(level(p))),
      call: async (c) => {
        const r = await c.s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/seed.txt` }));
        await r.Body?.transformToString();
      },
    },
    {
      target: zone,
      zone,
      action: 's3:PutObject',
      resource: `${bucketArn}/${prefix}/*`,
      grantResource: `${bucketArn}/*`,
      expected: (p) => decide(level(p) === 'write'),
      call: (c, who) => c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${who}.txt`, Body: `written by ${who}` })),
    },
    {
      target: zone,
      zone,
      action: 's3:GetLifecycleConfiguration',
      resource: bucketArn,
      grantResource: bucketArn,
      expected: (p) => decide(level(p) === 'admin'),
      call: (c) => c.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
    },
  ];
}

/** One attempt per capability: operate the pipeline (if a state machine is known), review IAM, view cost signals. */
function capabilityAttempts(o: ProbeOptions): Attempt[] {
  const capability = (cap: Capability) => (p: Persona): Decision => decide(ACCESS_MATRIX[p][cap]);
  const out: Attempt[] = [];
  if (o.stateMachineArn) {
    const arn = o.stateMachineArn;
    out.push({
      target: 'operatePipelines',
      zone: null,
      action: 'states:DescribeStateMachine',
      resource: arn,
      grantResource: arn,
      expected: capability('operatePipelines'),
      call: (c) => c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    });
  }
  const reviewed = o.roles['data-engineer'];
  out.push({
    target: 'reviewIam',
    zone: null,
    action: 'iam:GetRole',
    resource: reviewed,
    grantResource: reviewed,
    expected: capability('reviewIam'),
    call: (c) => c.iam.send(new GetRoleCommand({ RoleName: roleNameOf(reviewed) })),
  });
  // No CloudWatch client in scalesim: this one is evaluated only. GetMetricData has no resource-level
  // permissions, hence `*`.
  out.push({
    target: 'viewCostSignals',
    zone: null,
    action: 'cloudwatch:GetMetricData',
    resource: '*',
    grantResource: '*',
    expected: capability('viewCostSignals'),
  });
  return out;
}

async function run(a: Attempt, c: Clients, who: string): Promise<{ outcome: EmulatorOutcome; code?: string }> {
  try {
    await a.call!(c, who);
    return { outcome: 'allow' };
  } catch (e) {
    return classifyError(e);
  }
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Forbidden', 'AuthorizationError']);
const NO_DECISION = new Set([
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'UnrecognizedClientException',
  'AuthFailure',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);

/**
 * A denial is AccessDenied or HTTP 403. An error that comes after authorization (NoSuchKey,
 * NoSuchLifecycleConfiguration...) means the call was allowed. Signature and credential errors, and
 * 5xx, are no decision at all.
 */
export function classifyError(e: unknown): { outcome: EmulatorOutcome; code?: string } {
  const code = errorCode(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (NO_DECISION.has(code)) return { outcome: 'error', code };
  if (DENIED.has(code) || status === 403) return { outcome: 'deny', code };
  if (status !== undefined && status >= 400 && status < 500) return { outcome: 'allow', code };
  return { outcome: 'error', code };
}

function errorCode(e: unknown): string {
  const x = e as { name?: string; Code?: string; message?: string };
  return x?.Code ?? x?.name ?? String(x?.message ?? e);
}

function clients(endpoint: string, region: string, credentials: Credentials): Clients {
  const common = { endpoint, region, credentials, maxAttempts: 2 };
  return {
    // Path-style: the emulator has no per-bucket DNS. Checksums only when required: the emulator
    // verifies SigV4 itself, and the SDK's default trailing checksums (aws-chunked) change what is signed.
    s3: new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    iam: new IAMClient(common),
    sts: new STSClient(common),
    sfn: new SFNClient(common),
  };
}

/** Trust principals for the probe's identity: a session ARN also gets its role's ARN (AWS matches either). */
export function trustPrincipalsFor(callerArn: string): string[] {
  const m = /^arn:(aws[a-z-]*):sts::(\d+):assumed-role\/([^/]+)\//.exec(callerArn);
  return m ? [callerArn, `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`] : [callerArn];
}

export function roleNameOf(roleArn: string): string {
  const m = /:role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!m) throw new UserError(`'${roleArn}' is not a role ARN (expected arn:aws:iam::<account>:role/<name>)`);
  return m[1]!;
}

function decodePolicy(doc: string): string {
  return doc.startsWith('%') ? decodeURIComponent(doc) : doc;
}

/**
 * AssumeRole, retried while it is denied: IAM is eventually consistent in AWS, and a trust policy
 * updated a moment ago may not be in effect yet. The emulator applies it at once, so the first attempt
 * succeeds there.
 */
export async function assumeRole(
  sts: STSClient,
  roleArn: string,
  retry: { readonly attempts: number; readonly firstDelayMs: number } = { attempts: 6, firstDelayMs: 500 },
): Promise<{ credentials: Credentials; arn: string }> {
  let last: unknown;
  for (let i = 0; i < retry.attempts; i++) {
    try {
      const r = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'scalesim-access-probe' }));
      const c = r.Credentials!;
      return { credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, arn: r.AssumedRoleUser!.Arn! };
    } catch (e) {
      last = e;
      if (classifyError(e).outcome !== 'deny' || i === retry.attempts - 1) break;
      await new Promise((res) => setTimeout(res, retry.firstDelayMs * 2 ** i));
    }
  }
  throw new Error(`the probe could not assume ${roleArn}: ${errorCode(last)}`);
}

async function rolePolicies(iam: IAMClient, roleName: string): Promise<{ name: string; policy: PolicyDocument }[]> {
  const out: { name: string; policy: PolicyDocument }[] = [];
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  for (const name of inline.PolicyNames ?? []) {
    const p = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
    out.push({ name, policy: JSON.parse(decodePolicy(p.PolicyDocument ?? '{}')) as PolicyDocument });
  }
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
  for (const a of attached.AttachedPolicies ?? []) {
    const p = await iam.send(new GetPolicyCommand({ PolicyArn: a.PolicyArn }));
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: a.PolicyArn, VersionId: p.Policy?.DefaultVersionId }));
    out.push({ name: a.PolicyName ?? a.PolicyArn ?? 'attached', policy: JSON.parse(decodePolicy(v.PolicyVersion?.Document ?? '{}')) as PolicyDocument });
  }
  return out;
}

async function bucketPolicy(s3: S3Client, bucket: string): Promise<PolicyDocument | undefined> {
  try {
    const r = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    return r.Policy ? (JSON.parse(r.Policy) as PolicyDocument) : undefined;
  } catch {
    return undefined;
  }
}

async function cleanup(admin: Clients, o: ProbeOptions, prefix: string, originalTrust: ReadonlyMap<Persona, string>, controls: readonly string[], notes: string[]): Promise<void> {
  const attempt = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      notes.push(`cleanup: ${what} failed (${errorCode(e)})`);
    }
  };
  for (const [persona, doc] of originalTrust) {
    await attempt(`restoring the trust policy of ${persona}`, () =>
      admin.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleNameOf(o.roles[persona]), PolicyDocument: doc })),
    );
  }
  for (const name of controls) {
    await attempt(`deleting control role ${name}`, async () => {
      if (name.includes('-allow-')) await admin.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'exact-grants' }));
      await admin.iam.send(new DeleteRoleCommand({ RoleName: name }));
    });
  }
  for (const zone of ZONES) {
    await attempt(`deleting probe objects in the ${zone} zone`, async () => {
      // The query prefix stays free of characters that need percent-encoding (see the ListBucket attempt);
      // the exact filter is applied here.
      const v = await admin.s3.send(new ListObjectVersionsCommand({ Bucket: o.buckets[zone], Prefix: PROBE_PREFIX }));
      const objects = [...(v.Versions ?? []), ...(v.DeleteMarkers ?? [])]
        .filter((x) => x.Key?.startsWith(`${prefix}/`))
        .map((x) => ({ Key: x.Key!, ...(x.VersionId ? { VersionId: x.VersionId } : {}) }));
      if (objects.length) await admin.s3.send(new DeleteObjectsCommand({ Bucket: o.buckets[zone], Delete: { Objects: objects, Quiet: true } }));
    });
  }
}

export function summarize(checks: readonly ProbeCheck[]): ProbeSummary {
  const decided = checks.filter((c) => c.match !== null);
  const mismatched = decided.filter((c) => !c.match);
  return {
    checks: checks.length,
    enforced: checks.filter((c) => c.basis === 'enforced').length,
    evaluated: checks.filter((c) => c.basis === 'evaluated').length,
    unverified: checks.filter((c) => c.basis === 'unverified').length,
    notEnforcedByEmulator: checks.filter((c) => !c.emulator.enforces).length,
    matches: decided.length - mismatched.length,
    mismatches: mismatched.length,
    passed: mismatched.length === 0,
    mismatchList: mismatched.map((c) => `${c.persona} ${c.zone ?? c.target} ${c.action}: expected ${c.expected}, observed ${c.observed} (${c.basis})`),
  };
}

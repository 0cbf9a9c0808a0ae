import { expandActions } from './actions';
import { CfnResolver, SELF_ACCOUNT } from './cfn';
import type { AnalyzedStatement, ManagedPolicyRef, ResolvedPrincipal, ResolvedResource, StatementSource } from '../results/access';
import { CfnResource, CfnTemplate, CfnValue } from '../assembly/template';

/**
 * Collects, per principal, every policy statement that applies to it in one template, and every
 * resource policy. Pure over the template JSON.
 */

type Obj = Readonly<Record<string, CfnValue>>;

/** A statement before expansion, with where it came from. */
export interface RawStatement {
  readonly id: string;
  readonly source: StatementSource;
  readonly policyLogicalId: string;
  readonly resourceLogicalId?: string;
  readonly statement: Obj;
  /** For key policies: `Resource: "*"` means the key itself. */
  readonly selfResource?: ResolvedResource;
}

export interface CollectedPrincipal {
  readonly logicalId: string;
  readonly type: 'AWS::IAM::Role' | 'AWS::IAM::User';
  readonly trust: readonly ResolvedPrincipal[];
  readonly identity: readonly RawStatement[];
  readonly managedPolicies: readonly ManagedPolicyRef[];
  readonly unanalysed: readonly string[];
}

export interface Collected {
  readonly principals: readonly CollectedPrincipal[];
  readonly resourcePolicies: readonly RawStatement[];
  /** Template-level gaps: policies attached to things the analysis does not model (groups, names). */
  readonly unanalysed: readonly string[];
}

const PRINCIPAL_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User'] as const;

export function collectStatements(template: CfnTemplate, resolver: CfnResolver): Collected {
  const resources = template.Resources;
  const principalIds = Object.keys(resources).filter((id) => (PRINCIPAL_TYPES as readonly string[]).includes(resources[id]!.Type));
  const acc: Accumulator = { identity: new Map(), managed: new Map(), gaps: new Map(), templateGaps: [] };
  collectAttachedPolicies(resources, principalIds, resolver, acc);
  for (const id of principalIds) collectOwnPolicies(resources, id, resolver, acc);
  const resourcePolicies = collectResourcePolicies(resources, resolver);

  const principals: CollectedPrincipal[] = principalIds.map((id) => {
    const r = resources[id]!;
    return {
      logicalId: id,
      type: r.Type as CollectedPrincipal['type'],
      trust: r.Type === 'AWS::IAM::Role' ? statementsOf(r.Properties?.AssumeRolePolicyDocument, id, 'resource-policy').flatMap((s) => principalsOf(s.statement.Principal, resolver)) : [],
      identity: acc.identity.get(id) ?? [],
      managedPolicies: acc.managed.get(id) ?? [],
      unanalysed: acc.gaps.get(id) ?? [],
    };
  });
  return { principals, resourcePolicies, unanalysed: acc.templateGaps };
}

/** What collectStatements gathers per principal logical id while it walks the template. */
interface Accumulator {
  readonly identity: Map<string, RawStatement[]>;
  readonly managed: Map<string, ManagedPolicyRef[]>;
  readonly gaps: Map<string, string[]>;
  readonly templateGaps: string[];
}

const push = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);

/** Policies that attach themselves to principals (AWS::IAM::Policy, AWS::IAM::ManagedPolicy). */
function collectAttachedPolicies(resources: CfnTemplate['Resources'], principalIds: readonly string[], resolver: CfnResolver, acc: Accumulator): void {
  for (const [policyId, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const p = r.Properties ?? {};
    const source: StatementSource = r.Type === 'AWS::IAM::Policy' ? 'inline-policy' : 'managed-policy';
    const targets = [...list(p.Roles), ...list(p.Users)];
    for (const t of targets) {
      const id = CfnResolver.targetOf(t);
      if (id && principalIds.includes(id)) {
        for (const s of statementsOf(p.PolicyDocument, policyId, source)) push(acc.identity, id, s);
        if (source === 'managed-policy') push(acc.managed, id, { arn: resolver.render({ Ref: policyId }).text, awsManaged: false, expanded: true });
      } else {
        acc.templateGaps.push(`${policyId} is attached to ${JSON.stringify(t)}, a principal not defined in this template`);
      }
    }
    if (list(p.Groups).length) acc.templateGaps.push(`${policyId} is attached to IAM groups, which this analysis does not model`);
  }
}

/** A principal's own inline Policies, its ManagedPolicyArns, and its permissions boundary (not applied). */
function collectOwnPolicies(resources: CfnTemplate['Resources'], id: string, resolver: CfnResolver, acc: Accumulator): void {
  const p = resources[id]!.Properties ?? {};
  for (const [i, policy] of list(p.Policies).entries()) {
    const doc = (policy as Obj).PolicyDocument;
    for (const s of statementsOf(doc, `${id}.Policies[${i}]`, 'role-policies')) push(acc.identity, id, s);
  }
  for (const arnValue of list(p.ManagedPolicyArns)) collectManagedPolicyArn(resources, id, arnValue, resolver, acc);
  if (p.PermissionsBoundary !== undefined) {
    push(acc.gaps, id, `permissions boundary ${resolver.render(p.PermissionsBoundary).text} is not applied: counts are what the policies allow before the boundary`);
  }
}

/** One ManagedPolicyArns entry: expanded when the template defines it, otherwise recorded as a gap. */
function collectManagedPolicyArn(resources: CfnTemplate['Resources'], id: string, arnValue: CfnValue, resolver: CfnResolver, acc: Accumulator): void {
  const target = CfnResolver.targetOf(arnValue);
  if (target && resources[target]?.Type === 'AWS::IAM::ManagedPolicy') {
    // Its statements were attached above only if it lists this principal in `Roles`; a reference
    // from ManagedPolicyArns attaches it too.
    if (!list(resources[target]!.Properties?.Roles).some((r) => CfnResolver.targetOf(r) === id)) {
      for (const s of statementsOf(resources[target]!.Properties?.PolicyDocument, target, 'managed-policy')) push(acc.identity, id, s);
      push(acc.managed, id, { arn: resolver.render(arnValue).text, awsManaged: false, expanded: true });
    }
    return;
  }
  const arn = resolver.render(arnValue).text;
  const awsManaged = /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
  push(acc.managed, id, { arn, awsManaged, expanded: false });
  push(
    acc.gaps,
    id,
    awsManaged
      ? `AWS-managed policy ${arn} is not in the template and cannot be expanded offline; its actions are not counted`
      : `managed policy ${arn} is defined outside this template; its actions are not counted`,
  );
}

function collectResourcePolicies(resources: CfnTemplate['Resources'], resolver: CfnResolver): RawStatement[] {
  const out: RawStatement[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    const attached = (targets: CfnValue | undefined, doc: CfnValue | undefined) => {
      for (const t of list(targets)) {
        const target = CfnResolver.targetOf(t);
        for (const s of statementsOf(doc, id, 'resource-policy')) out.push({ ...s, ...(target ? { resourceLogicalId: target } : {}) });
      }
    };
    switch (r.Type) {
      case 'AWS::S3::BucketPolicy':
        attached(p.Bucket, p.PolicyDocument);
        break;
      case 'AWS::SNS::TopicPolicy':
        attached(p.Topics, p.PolicyDocument);
        break;
      case 'AWS::SQS::QueuePolicy':
        attached(p.Queues, p.PolicyDocument);
        break;
      case 'AWS::KMS::Key': {
        const selfResource = resource(resolver, { 'Fn::GetAtt': [id, 'Arn'] });
        for (const s of statementsOf(p.KeyPolicy, id, 'resource-policy')) out.push({ ...s, resourceLogicalId: id, selfResource });
        break;
      }
      case 'AWS::Lambda::Permission':
        out.push(lambdaPermission(id, r, resolver));
        break;
    }
  }
  return out;
}

/** A Lambda permission is a one-statement resource policy on the function. */
function lambdaPermission(id: string, r: CfnResource, resolver: CfnResolver): RawStatement {
  const p = r.Properties ?? {};
  const principal = resolver.render(p.Principal).text;
  const isService = /\.amazonaws\.com$/.test(principal);
  const condition: Record<string, Record<string, CfnValue>> = {};
  if (p.SourceArn !== undefined) condition.ArnLike = { 'aws:SourceArn': p.SourceArn };
  if (p.SourceAccount !== undefined) condition.StringEquals = { 'aws:SourceAccount': p.SourceAccount };
  const functionTarget = CfnResolver.targetOf(p.FunctionName);
  return {
    id: `${id}#0`,
    source: 'resource-policy',
    policyLogicalId: id,
    ...(functionTarget ? { resourceLogicalId: functionTarget } : {}),
    statement: {
      Effect: 'Allow',
      Principal: principal === '*' ? '*' : isService ? { Service: p.Principal ?? '' } : { AWS: p.Principal ?? '' },
      Action: p.Action ?? 'lambda:InvokeFunction',
      Resource: functionTarget ? { 'Fn::GetAtt': [functionTarget, 'Arn'] } : (p.FunctionName ?? '*'),
      ...(Object.keys(condition).length ? { Condition: condition } : {}),
    },
  };
}

function statementsOf(doc: CfnValue | undefined, policyId: string, source: StatementSource): RawStatement[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const stmts = list((doc as Obj).Statement);
  return stmts.map((s, i) => {
    const statement = s as Obj;
    const sid = typeof statement.Sid === 'string' ? statement.Sid : undefined;
    return { id: `${policyId}#${sid ?? i}`, source, policyLogicalId: policyId, statement };
  });
}

function principalsOf(value: CfnValue | undefined, resolver: CfnResolver): ResolvedPrincipal[] {
  if (value === undefined || value === null) return [];
  if (value === '*') return [{ type: 'Public', value: '*', refs: [] }];
  if (typeof value !== 'object' || Array.isArray(value)) return [];
  const out: ResolvedPrincipal[] = [];
  for (const [type, v] of Object.entries(value as Obj)) {
    for (const r of resolver.renderList(v)) {
      if (type === 'AWS' && r.text === '*') out.push({ type: 'Public', value: '*', refs: [] });
      else if (type === 'AWS' || type === 'Service' || type === 'Federated' || type === 'CanonicalUser') out.push({ type, value: r.text, refs: r.refs });
    }
  }
  return out;
}

function resource(resolver: CfnResolver, value: CfnValue): ResolvedResource {
  const r = resolver.render(value);
  return { pattern: r.text, refs: r.refs, exact: r.exact };
}

/** Resolves references and expands actions. */
export async function analyzeStatement(raw: RawStatement, resolver: CfnResolver): Promise<AnalyzedStatement> {
  const s = raw.statement;
  const notAction = s.NotAction !== undefined;
  const actionPatterns = resolver.renderList(notAction ? s.NotAction : s.Action).map((r) => r.text);
  const notResource = s.NotResource !== undefined;
  let resources: ResolvedResource[] = resolver
    .renderList(notResource ? s.NotResource : s.Resource)
    .map((r) => ({ pattern: r.text, refs: r.refs, exact: r.exact }));
  if (raw.selfResource && resources.every((r) => r.pattern === '*')) resources = [raw.selfResource];
  const isResourcePolicy = raw.source === 'resource-policy';
  const notPrincipal = s.NotPrincipal !== undefined;
  return {
    id: raw.id,
    ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
    source: raw.source,
    policyLogicalId: raw.policyLogicalId,
    ...(raw.resourceLogicalId ? { resourceLogicalId: raw.resourceLogicalId } : {}),
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actionPatterns,
    notAction,
    actions: notAction ? [] : await expandActions(actionPatterns),
    resources,
    notResource,
    ...(isResourcePolicy ? { principals: principalsOf(notPrincipal ? s.NotPrincipal : s.Principal, resolver), notPrincipal } : {}),
    ...(s.Condition !== undefined ? { condition: resolver.renderDeep(s.Condition) as Obj } : {}),
  };
}

/** Whether a resource-policy statement names this principal (by reference or by its rendered ARN). */
export function namesPrincipal(statement: AnalyzedStatement, principalLogicalId: string, principalArn: string): boolean {
  if (statement.notPrincipal) return false;
  return (statement.principals ?? []).some((p) => p.type === 'AWS' && (p.refs.includes(principalLogicalId) || p.value === principalArn));
}

/** Whether an AWS principal value is an account other than the stack's own. */
export function isOtherAccount(value: string): boolean {
  const account = /^\d{12}$/.test(value) ? value : /^arn:aws[a-z-]*:(?:iam|sts)::([^:]+):/.exec(value)?.[1];
  return account !== undefined && account !== SELF_ACCOUNT;
}

function list(v: CfnValue | undefined): readonly CfnValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? (v as readonly CfnValue[]) : [v];
}

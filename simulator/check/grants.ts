import { CfnResolver } from '../access/cfn';
import type { CfnTemplate } from '../assembly/template';
import { platformMap } from '../access/platform';
import { analyzeStatement, collectStatements } from '../access/statements';
import type { AnalyzedStatement, DesignAccess } from '../results/access';
import type { AccessFacts, FindingFacts, Grant, PrincipalFacts } from './report-schema';

/**
 * The access facts `check` compares: per principal, its statements reduced to grants (expanded actions ×
 * resource patterns, with the condition). Built on simulator/access: its resolver renders references
 * as `{LogicalId}` placeholders and iam-expand expands the actions, so two syntheses of the same stacks
 * give the same grants. Pure except for the IAM reference data access/actions.ts reads.
 */

/** The parts of an analyzed statement a grant keeps. */
function grantOf(s: AnalyzedStatement): Grant {
  return {
    effect: s.effect,
    actions: s.notAction ? [] : s.actions.map((a) => a.action),
    ...(s.notAction ? { notAction: [...s.actionPatterns] } : {}),
    resources: s.resources.map((r) => r.pattern),
    notResource: s.notResource,
    ...(s.condition !== undefined ? { condition: s.condition as Record<string, unknown> } : {}),
    statement: s.id,
    policy: s.policyLogicalId,
  };
}

/** Identity principals (roles and users of the template) with every statement that applies to them. */
function principalFactsOf(access: DesignAccess): PrincipalFacts[] {
  return access.principals.map((p) => ({
    key: p.logicalId,
    kind: p.kind,
    ...(p.persona ? { persona: p.persona } : {}),
    grants: p.statements.map(grantOf),
  }));
}

/**
 * Principals that resource policies (bucket, key, topic policies, Lambda permissions) name and the
 * template does not define: services, accounts, `*`. Statements naming a role of the template are
 * already among that role's statements (simulator/access/analyze.ts), so they are not repeated here.
 */
async function externalPrincipalFacts(template: CfnTemplate, region?: string): Promise<PrincipalFacts[]> {
  const resolver = new CfnResolver(template, { region });
  const collected = collectStatements(template, resolver);
  const own = new Set(collected.principals.map((p) => p.logicalId));
  const byKey = new Map<string, Grant[]>();
  for (const raw of collected.resourcePolicies) {
    const s = await analyzeStatement(raw, resolver);
    const grant = grantOf(s);
    const keys = s.notPrincipal
      ? [`NotPrincipal:${(s.principals ?? []).map((p) => `${p.type}:${p.value}`).join(',')}`]
      : (s.principals ?? []).filter((p) => !(p.type === 'AWS' && p.refs.some((r) => own.has(r)))).map((p) => `${p.type}:${p.value}`);
    for (const key of new Set(keys)) byKey.set(key, [...(byKey.get(key) ?? []), grant]);
  }
  return [...byKey.entries()].map(([key, grants]) => ({ key, kind: 'external' as const, grants }));
}

/** A finding's identity across syntheses: its rule, principal, actions and resources (not its statement index). */
function findingKey(f: { rule: string; principal?: string; actions?: readonly string[]; resources?: readonly string[]; message: string }): string {
  const list = (xs: readonly string[] | undefined) => [...(xs ?? [])].map((x) => x.toLowerCase()).sort().join(',');
  const detail = f.actions?.length || f.resources?.length ? `${list(f.actions)}|${list(f.resources)}` : f.message;
  return `${f.rule}|${f.principal ?? ''}|${detail}`;
}

function findingFactsOf(findings: DesignAccess['findings']): FindingFacts[] {
  const out: FindingFacts[] = [];
  for (const f of findings) {
    if (f.severity !== 'high' && f.severity !== 'medium') continue;
    out.push({ key: findingKey(f), rule: f.rule, severity: f.severity, ...(f.principal ? { principal: f.principal } : {}), message: f.message });
  }
  return out;
}

/** Access facts of one design from its static analysis and its template (resource policies included). */
export async function accessFactsFromTemplate(access: DesignAccess, template: CfnTemplate, region?: string): Promise<AccessFacts> {
  return {
    basis: access.basis,
    principals: [...principalFactsOf(access), ...(await externalPrincipalFacts(template, region))],
    resourcePolicies: true,
    zoneBuckets: { ...platformMap(template).zoneBuckets } as Record<string, string>,
    findings: findingFactsOf(access.findings),
  };
}

/** Access facts from a results.json's `designs[d].access`: identity statements only (the file holds no resource policies). */
export function accessFactsFromStored(access: DesignAccess, zoneBuckets: Readonly<Record<string, string>> = {}): AccessFacts {
  return { basis: access.basis, principals: principalFactsOf(access), resourcePolicies: false, zoneBuckets: { ...zoneBuckets }, findings: findingFactsOf(access.findings) };
}

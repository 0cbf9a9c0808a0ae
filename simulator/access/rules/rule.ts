import type { Persona } from '../../../lib/constructs/access-matrix';
import type { DesignName } from '../../../lib/workload/contract';
import { actionMatches } from '../actions';
import { SELF_ACCOUNT } from '../cfn';
import { globMatches } from '../glob';
import type { PlatformMap } from '../platform';
import type { AnalyzedStatement, ClassifiedAction, Finding, FindingCategory, PrincipalKind, Severity } from '../../results/access';

/**
 * A risk rule: a small pure function from one analyzed statement to findings (STYLE.md rule 8). Rules
 * live one per file in this directory and are grouped into packs in `index.ts`.
 *
 * Identity statements are checked once per principal (with `context.principal`); resource-policy
 * statements once per design (without it), so a statement is never reported twice.
 */
export interface Rule {
  readonly id: string;
  readonly category: FindingCategory;
  /** One sentence for the report's rule list: what the rule looks for and why it matters. */
  readonly description: string;
  readonly check: (statement: AnalyzedStatement, context: RuleContext) => Finding[];
}

export interface RuleContext {
  readonly design: DesignName;
  readonly principal?: { readonly logicalId: string; readonly kind: PrincipalKind; readonly persona?: Persona };
  readonly platform: PlatformMap;
}

/** Sample ARNs of "some other resource" of a kind: a pattern that matches one grants on arbitrary ones. */
export const ANY = {
  role: `arn:aws:iam::${SELF_ACCOUNT}:role/scalesim-any-role`,
  bucket: 'arn:aws:s3:::scalesim-any-bucket',
  object: 'arn:aws:s3:::scalesim-any-bucket/scalesim-any-key',
} as const;

export function isAllow(s: AnalyzedStatement): boolean {
  return s.effect === 'Allow';
}

/** Allowed actions of the statement that match any of the patterns (case-insensitive, wildcards). */
export function allowedMatching(s: AnalyzedStatement, patterns: readonly string[]): ClassifiedAction[] {
  if (!isAllow(s)) return [];
  return s.actions.filter((a) => patterns.some((p) => actionMatches(p, a.action)));
}

/** Resource patterns of the statement that would also match `sample` (i.e. reach beyond named resources). */
export function broadResources(s: AnalyzedStatement, sample: string): string[] {
  if (s.notResource) return s.resources.some((r) => globMatches(r.pattern, sample)) ? [] : [`NotResource ${s.resources.map((r) => r.pattern).join(', ')}`];
  return s.resources.filter((r) => globMatches(r.pattern, sample)).map((r) => r.pattern);
}

export function onStar(s: AnalyzedStatement): boolean {
  return s.notResource || s.resources.some((r) => r.pattern === '*');
}

export function finding(
  rule: Pick<Rule, 'id' | 'category'>,
  s: AnalyzedStatement,
  ctx: RuleContext,
  severity: Severity,
  message: string,
  actions: readonly string[] = [],
  resources: readonly string[] = s.resources.map((r) => r.pattern),
): Finding {
  return {
    rule: rule.id,
    category: rule.category,
    severity,
    design: ctx.design,
    ...(ctx.principal ? { principal: ctx.principal.logicalId } : {}),
    statement: s.id,
    message,
    ...(actions.length ? { actions: [...new Set(actions)].sort() } : {}),
    ...(resources.length ? { resources: [...resources] } : {}),
  };
}

export function names(actions: readonly ClassifiedAction[]): string[] {
  return [...new Set(actions.map((a) => a.action))].sort();
}

/** Condition keys that pin a resource-policy grant to this account or a known source. */
const SOURCE_CONDITION_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceowner', 'aws:principalaccount', 'aws:principalorgid', 'aws:sourcevpce', 'aws:sourcevpc', 'aws:principalarn'];

function conditionKeys(s: AnalyzedStatement): string[] {
  const out: string[] = [];
  for (const block of Object.values(s.condition ?? {})) {
    if (block && typeof block === 'object' && !Array.isArray(block)) out.push(...Object.keys(block).map((k) => k.toLowerCase()));
  }
  return out;
}

export function isScopedBySource(s: AnalyzedStatement): boolean {
  return conditionKeys(s).some((k) => SOURCE_CONDITION_KEYS.includes(k));
}

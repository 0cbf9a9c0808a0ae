import { actionMatches } from '../access/actions';
import { globMatches, hasWildcard } from '../access/glob';
import { patternCovers } from './glob-cover';
import type { AccessFacts, Grant, PrincipalFacts } from './report-schema';

/**
 * "No new access", offline, in the style of IAM Access Analyzer's CheckNoNewAccess: for each principal,
 * every (action, resource, condition) the candidate allows must already be allowed by the baseline, and
 * every deny the baseline had must still be there. Pure.
 *
 * - Principals match by key (the role's logical id, which CDK derives from the construct path and so is
 *   stable across syntheses; or `<type>:<value>` for a principal a resource policy names). A principal
 *   the baseline does not have gets all of its access reported as new.
 * - Actions are the concrete ones iam-expand gave (case-insensitive). Resources are patterns; a baseline
 *   pattern covers a candidate one when it matches every ARN the candidate's matches (glob-cover.ts).
 * - A condition narrows a grant: a baseline grant covers a candidate one only when it has no condition
 *   or the same one. Removing a condition is new access, as it is for CheckNoNewAccess.
 * - NotAction / NotResource are compared as the complements they are (fewer exclusions = more access).
 */

export type NewAccessKind = 'allow' | 'deny-removed';

export interface NewAccessItem {
  /** The principal as the candidate (for an allow) or the baseline (for a removed deny) has it. */
  readonly principal: PrincipalFacts;
  readonly kind: NewAccessKind;
  /** A concrete action, or `NotAction <patterns>`. */
  readonly action: string;
  /** A resource pattern, or `NotResource <patterns>`. */
  readonly resource: string;
  readonly condition?: Readonly<Record<string, unknown>>;
  readonly statement: string;
  /** Logical id of the policy the statement is in (or was in, for a removed deny). */
  readonly policy: string;
  /** The baseline has no principal with this key. */
  readonly newPrincipal: boolean;
}

export interface NewAccessResult {
  readonly items: readonly NewAccessItem[];
  /** Principals of the candidate compared. */
  readonly principals: number;
  /** External principals (named by resource policies) left out because the baseline does not have resource policies. */
  readonly externalNotCompared: number;
}

type ActionSpec = { readonly action: string } | { readonly notAction: readonly string[] };
type ResourceSpec = { readonly resource: string } | { readonly notResource: readonly string[] };

interface Element {
  readonly action: ActionSpec;
  readonly resource: ResourceSpec;
  readonly condition?: Readonly<Record<string, unknown>>;
}

export function findNewAccess(candidate: AccessFacts, baseline: AccessFacts): NewAccessResult {
  const base = new Map(baseline.principals.map((p) => [p.key, p]));
  const compared = candidate.principals.filter((p) => p.kind !== 'external' || baseline.resourcePolicies);
  const items: NewAccessItem[] = [];
  for (const p of compared) {
    const b = base.get(p.key);
    const baseAllows = (b?.grants ?? []).filter((g) => g.effect === 'Allow');
    for (const g of p.grants.filter((x) => x.effect === 'Allow')) {
      for (const e of elementsOf(g)) {
        if (!baseAllows.some((bg) => covers(bg, e))) items.push(item(p, 'allow', e, g, b === undefined));
      }
    }
    // A deny the baseline had that the candidate lost gives the principal access back.
    const candDenies = p.grants.filter((x) => x.effect === 'Deny');
    for (const g of (b?.grants ?? []).filter((x) => x.effect === 'Deny')) {
      for (const e of elementsOf(g)) {
        if (!candDenies.some((cg) => covers(cg, e))) items.push(item(p, 'deny-removed', e, g, false));
      }
    }
  }
  // A principal the candidate no longer has lost its denies, but with them every allow: no new access.
  return { items, principals: compared.length, externalNotCompared: candidate.principals.length - compared.length };
}

function item(p: PrincipalFacts, kind: NewAccessKind, e: Element, g: Grant, newPrincipal: boolean): NewAccessItem {
  return {
    principal: p,
    kind,
    action: 'action' in e.action ? e.action.action : `NotAction ${e.action.notAction.join(', ')}`,
    resource: 'resource' in e.resource ? e.resource.resource : `NotResource ${e.resource.notResource.join(', ')}`,
    ...(e.condition ? { condition: e.condition } : {}),
    statement: g.statement,
    policy: g.policy,
    newPrincipal,
  };
}

function elementsOf(g: Grant): Element[] {
  const actions: ActionSpec[] = g.notAction ? [{ notAction: g.notAction }] : g.actions.map((action) => ({ action }));
  const resources: ResourceSpec[] = g.notResource ? [{ notResource: g.resources }] : g.resources.map((resource) => ({ resource }));
  const out: Element[] = [];
  for (const action of actions) for (const resource of resources) out.push({ action, resource, ...(g.condition ? { condition: g.condition } : {}) });
  return out;
}

/**
 * Whether grant `g` reaches at least as far as element `e`, under no narrower condition (none, or the
 * same). For allows, `g` is the baseline's and `e` the candidate's; for denies the other way round: the
 * candidate must still deny everything the baseline denied.
 */
function covers(g: Grant, e: Element): boolean {
  if (g.condition !== undefined && canonical(g.condition) !== canonical(e.condition)) return false;
  return actionCovered(g, e.action) && resourceCovered(g, e.resource);
}

function actionCovered(g: Grant, a: ActionSpec): boolean {
  if ('action' in a) {
    if (g.notAction) return !g.notAction.some((p) => actionMatches(p, a.action));
    const want = a.action.toLowerCase();
    return g.actions.some((x) => x.toLowerCase() === want);
  }
  // Everything but A is covered by everything but B when B ⊆ A.
  if (!g.notAction) return false;
  return g.notAction.every((b) => a.notAction.some((x) => patternCovers(x.toLowerCase(), b.toLowerCase())));
}

function resourceCovered(g: Grant, r: ResourceSpec): boolean {
  if ('resource' in r) {
    if (g.notResource) return !hasWildcard(r.resource) && !g.resources.some((x) => globMatches(x, r.resource));
    return g.resources.some((x) => patternCovers(x, r.resource));
  }
  if (!g.notResource) return g.resources.includes('*');
  return g.resources.every((b) => r.notResource.some((x) => patternCovers(x, b)));
}

/** Condition blocks compare as JSON with sorted keys and sorted value lists (IAM treats lists as sets). */
function canonical(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, norm((x as Record<string, unknown>)[k])]));
    return x;
  };
  return v === undefined ? '' : JSON.stringify(norm(v));
}

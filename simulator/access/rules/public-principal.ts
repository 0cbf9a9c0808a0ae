import { finding, isAllow, isScopedBySource, Rule } from './rule';

/** `Principal: "*"` on an Allow, with nothing pinning the caller: anyone on the internet. */
export const publicPrincipal: Rule = {
  id: 'public-principal',
  category: 'resource-exposure',
  description: 'A resource policy that allows Principal "*" without a condition on the source account, organization, ARN or VPC.',
  check(s, ctx) {
    if (s.source !== 'resource-policy' || !isAllow(s) || s.notPrincipal) return [];
    if (!(s.principals ?? []).some((p) => p.type === 'Public')) return [];
    if (isScopedBySource(s)) return [];
    return [finding(this, s, ctx, 'high', `${s.resourceLogicalId ?? s.policyLogicalId} allows anyone (Principal "*") to ${s.actionPatterns.join(', ')}`, s.actionPatterns)];
  },
};

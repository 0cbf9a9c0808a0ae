import { finding, isAllow, isScopedBySource, Rule } from './rule';

/** A service principal without aws:SourceAccount/SourceArn can be steered by other accounts (confused deputy). */
export const servicePrincipalUnscoped: Rule = {
  id: 'service-principal-unscoped',
  category: 'resource-exposure',
  description: 'A resource policy that allows an AWS service principal without aws:SourceAccount or aws:SourceArn: a confused-deputy path.',
  check(s, ctx) {
    if (s.source !== 'resource-policy' || !isAllow(s)) return [];
    const services = (s.principals ?? []).filter((p) => p.type === 'Service');
    if (!services.length || isScopedBySource(s)) return [];
    return [
      finding(this, s, ctx, 'low', `${s.resourceLogicalId ?? s.policyLogicalId} allows ${services.map((p) => p.value).join(', ')} without aws:SourceAccount/aws:SourceArn`, s.actionPatterns),
    ];
  },
};

import { actionMatches } from '../actions';
import { CODE_AND_DEFINITION_CHANGES } from './action-lists';
import { finding, isAllow, names, onStar, Rule } from './rule';

/**
 * Write or tagging actions on `Resource: "*"` reach every resource of that type in the account. Some
 * services allow nothing narrower (AWS's Service Authorization Reference lists them as wildcard-only);
 * the finding says which, so a reviewer can tell a forced `*` from a lazy one.
 */
export const writeOnStar: Rule = {
  id: 'write-on-star',
  category: 'infrastructure-modification',
  description: 'Write or Tagging actions on Resource "*" (actions covered by code-and-definition-change or policy-write are left to those rules).',
  check(s, ctx) {
    if (!isAllow(s) || s.source === 'resource-policy' || !onStar(s)) return [];
    const hits = s.actions.filter(
      (a) => (a.level === 'Write' || a.level === 'Tagging') && !CODE_AND_DEFINITION_CHANGES.some((p) => actionMatches(p, a.action)),
    );
    if (!hits.length) return [];
    const forced = hits.filter((a) => a.resourceTypes.length === 0);
    const avoidable = hits.filter((a) => a.resourceTypes.length > 0);
    const parts = [
      avoidable.length ? `${names(avoidable).join(', ')} could be scoped to named resources` : '',
      forced.length ? `${names(forced).join(', ')} ${forced.length === 1 ? 'supports' : 'support'} only "*"` : '',
    ].filter(Boolean);
    return [finding(this, s, ctx, avoidable.length ? 'medium' : 'low', `write-level actions on "*": ${parts.join('; ')}`, names(hits), ['*'])];
  },
};

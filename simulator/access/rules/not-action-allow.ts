import { finding, isAllow, Rule } from './rule';

/** Allow + NotAction / NotResource grants everything except a list: almost always wider than meant. */
export const notActionAllow: Rule = {
  id: 'not-action-allow',
  category: 'privilege-escalation',
  description: 'An Allow with NotAction or NotResource: it grants everything outside a deny-list, including actions added to AWS later.',
  check(s, ctx) {
    if (!isAllow(s) || (!s.notAction && !s.notResource)) return [];
    const what = s.notAction ? `every action except ${s.actionPatterns.join(', ')}` : `every resource except ${s.resources.map((r) => r.pattern).join(', ')}`;
    return [finding(this, s, ctx, 'high', `Allow with ${s.notAction ? 'NotAction' : 'NotResource'} grants ${what}; actions are not enumerated`, s.notAction ? [] : s.actionPatterns)];
  },
};

import { allowedMatching, ANY, broadResources, finding, names, Rule } from './rule';

/** sts:AssumeRole on any role turns one principal into every principal whose trust policy allows the account. */
export const assumeAnyRole: Rule = {
  id: 'assume-any-role',
  category: 'privilege-escalation',
  description: 'sts:AssumeRole (or a variant) on a resource that matches arbitrary roles.',
  check(s, ctx) {
    const actions = allowedMatching(s, ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']);
    const broad = actions.length ? broadResources(s, ANY.role) : [];
    if (!broad.length) return [];
    return [finding(this, s, ctx, 'high', `may assume any role (${broad.join(', ')})`, names(actions), broad)];
  },
};

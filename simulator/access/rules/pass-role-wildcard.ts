import { allowedMatching, ANY, broadResources, finding, Rule } from './rule';

/** iam:PassRole on any role lets the holder hand a more privileged role to a service it controls. */
export const passRoleWildcard: Rule = {
  id: 'pass-role-wildcard',
  category: 'privilege-escalation',
  description: 'iam:PassRole on a resource that matches arbitrary roles: the holder can give any role to a service it launches.',
  check(s, ctx) {
    const actions = allowedMatching(s, ['iam:PassRole']);
    const broad = actions.length ? broadResources(s, ANY.role) : [];
    if (!broad.length) return [];
    return [finding(this, s, ctx, 'high', `iam:PassRole on ${broad.join(', ')}: any role in the account can be passed to a service`, ['iam:PassRole'], broad)];
  },
};

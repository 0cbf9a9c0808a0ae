import { IAM_CREDENTIAL_ACTIONS } from './action-lists';
import { allowedMatching, finding, isAllow, names, Rule } from './rule';

/** Writing IAM policies or credentials is the classic escalation: grant yourself anything. */
export const iamPermissionsWrite: Rule = {
  id: 'iam-permissions-write',
  category: 'privilege-escalation',
  description: 'IAM permissions-management actions (iam:Put*Policy, iam:Attach*Policy, iam:CreatePolicyVersion, iam:UpdateAssumeRolePolicy...) or credential creation.',
  check(s, ctx) {
    if (!isAllow(s)) return [];
    const pm = s.actions.filter((a) => a.action.toLowerCase().startsWith('iam:') && a.level === 'Permissions management');
    const creds = allowedMatching(s, IAM_CREDENTIAL_ACTIONS);
    const all = [...pm, ...creds];
    if (!all.length) return [];
    return [finding(this, s, ctx, 'high', `can change IAM permissions or create credentials (${names(all).slice(0, 5).join(', ')}${all.length > 5 ? ', …' : ''})`, names(all))];
  },
};

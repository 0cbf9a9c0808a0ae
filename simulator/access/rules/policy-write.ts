import { finding, isAllow, names, onStar, Rule } from './rule';

/** Whoever can rewrite a resource policy or ACL can open the resource to anyone. */
export const policyWrite: Rule = {
  id: 'policy-write',
  category: 'resource-exposure',
  description: 'Permissions-management actions outside IAM (s3:PutBucketPolicy, s3:PutBucketAcl, kms:PutKeyPolicy, kms:CreateGrant, sns:AddPermission, logs:PutResourcePolicy...).',
  check(s, ctx) {
    if (!isAllow(s) || s.source === 'resource-policy') return [];
    const hits = s.actions.filter((a) => a.level === 'Permissions management' && !a.action.toLowerCase().startsWith('iam:'));
    if (!hits.length) return [];
    const star = onStar(s);
    // Wildcard-only actions (no resource types in the Service Authorization Reference) cannot be scoped;
    // say so, because the fix is then a different design, not a narrower ARN.
    const forced = hits.filter((a) => a.resourceTypes.length === 0).map((a) => a.action);
    return [
      finding(
        this,
        s,
        ctx,
        star ? 'high' : 'medium',
        `can change who may access ${star ? 'any resource' : 'the listed resources'}: ${names(hits).slice(0, 5).join(', ')}${hits.length > 5 ? ', …' : ''}` +
          (forced.length ? ` (${forced.join(', ')} ${forced.length === 1 ? 'supports' : 'support'} only "*")` : ''),
        names(hits),
      ),
    ];
  },
};

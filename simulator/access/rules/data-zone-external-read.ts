import { ZONES } from '../../../lib/constructs/access-matrix';
import { isOtherAccount } from '../statements';
import { finding, isAllow, names, Rule } from './rule';

/** A zone bucket policy that lets everyone, or another account, read: data leaves the account by design. */
export const dataZoneExternalRead: Rule = {
  id: 'data-zone-external-read',
  category: 'data-exfiltration',
  description: 'A data-zone bucket policy that allows reading or listing to a public principal or another account.',
  check(s, ctx) {
    if (s.source !== 'resource-policy' || !isAllow(s) || !s.resourceLogicalId) return [];
    const zone = ZONES.find((z) => ctx.platform.zoneBuckets[z] === s.resourceLogicalId);
    if (!zone) return [];
    const external = (s.principals ?? []).filter((p) => p.type === 'Public' || (p.type === 'AWS' && isOtherAccount(p.value)) || p.type === 'CanonicalUser');
    const reads = s.actions.filter((a) => (a.level === 'Read' || a.level === 'List') && a.action.startsWith('s3:'));
    if (!external.length || !reads.length) return [];
    return [
      finding(this, s, ctx, 'high', `the ${zone} zone's bucket policy lets ${external.map((p) => p.value).join(', ')} read (${names(reads).slice(0, 4).join(', ')})`, names(reads)),
    ];
  },
};

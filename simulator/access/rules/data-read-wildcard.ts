import { SELF_ACCOUNT } from '../cfn';
import { globMatches } from '../glob';
import { DATA_READ_ACTIONS } from './action-lists';
import { allowedMatching, ANY, finding, names, Rule } from './rule';

/** Reading data on `*` reaches every bucket, key and secret in the account, not only the pipeline's. */
export const dataReadWildcard: Rule = {
  id: 'data-read-wildcard',
  category: 'data-exfiltration',
  description: 'Actions that return data (s3:GetObject, kms:Decrypt, secretsmanager:GetSecretValue...) on a resource that matches arbitrary buckets, keys or secrets.',
  check(s, ctx) {
    const actions = allowedMatching(s, DATA_READ_ACTIONS);
    if (!actions.length) return [];
    const hits = actions.filter((a) => {
      const service = a.action.split(':')[0]!;
      const sample = service === 's3' ? ANY.object : `arn:aws:${service}:any-region:${SELF_ACCOUNT}:scalesim-any/scalesim-any`;
      return s.resources.some((r) => globMatches(r.pattern, sample)) || s.notResource;
    });
    if (!hits.length) return [];
    const broad = s.resources.filter((r) => r.pattern === '*' || /[*?]/.test(r.pattern)).map((r) => r.pattern);
    return [finding(this, s, ctx, 'high', `reads data beyond the pipeline's own resources: ${names(hits).join(', ')} on ${broad.join(', ') || 'NotResource'}`, names(hits), broad)];
  },
};

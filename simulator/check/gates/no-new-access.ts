import { findNewAccess, type NewAccessItem } from '../new-access';
import type { DesignFacts, GateItem, PrincipalFacts } from '../report-schema';
import { designFacts, designsOf, locate, result, skipped, type Gate } from './gate';

/**
 * No new access: for each principal, nothing the baseline did not allow (new-access.ts, in the style of
 * IAM Access Analyzer's CheckNoNewAccess, offline). Each new grant is named: the principal, the action,
 * the resource and the construct path, with the source line CDK recorded for the policy that grants it.
 */
export const noNewAccessGate: Gate = {
  id: 'no-new-access',
  title: 'no new access',
  heading: 'No new access',
  description: 'No principal may do anything the baseline did not allow (actions × resources × conditions, removed denies included); needs --baseline.',
  evaluate({ config, candidate, baseline }) {
    if (!config.noNewAccess.on) return skipped(this, `off (${config.noNewAccess.from})`);
    if (!baseline) return skipped(this, 'no baseline to compare with (pass --baseline results.json, scenario.yaml or a check report)');
    return designsOf(candidate).map((design) => {
      const c = designFacts(candidate, design)!;
      const b = designFacts(baseline, design);
      const limit = '0 grants the baseline did not allow';
      if (!c.access) return result(this, { design, status: 'skip', value: 'no access analysis', limit, reason: 'no access analysis in the input for this design' });
      if (!b?.access) return result(this, { design, status: 'skip', value: 'no baseline access', limit, reason: `the baseline has no access analysis for ${design}` });
      const found = findNewAccess(c.access, b.access);
      const principals = new Set(found.items.map((i) => i.principal.key));
      const scope = found.externalNotCompared ? `; ${found.externalNotCompared} resource-policy principal(s) not compared: the baseline (a results.json) holds no resource policies` : '';
      const value = found.items.length
        ? `${found.items.length} new grant${found.items.length === 1 ? '' : 's'} for ${[...principals].map((k) => principalLabel(found.items.find((i) => i.principal.key === k)!.principal)).join(', ')}${scope}`
        : `no new grants across ${found.principals} principals${scope}`;
      return result(this, { design, status: found.items.length ? 'fail' : 'pass', value, limit, items: found.items.map((i) => toItem(i, c)) });
    });
  },
};

function principalLabel(p: PrincipalFacts): string {
  if (p.kind === 'persona' && p.persona) return `${p.persona} role`;
  if (p.kind === 'external') return p.key === 'Public:*' ? 'any principal (*)' : p.key;
  return p.key;
}

/** A resource pattern with the zone it belongs to, when it is a zone bucket: `…{PlatformZonesRaw…}/* (raw zone objects)`. */
function describeResource(resource: string, d: DesignFacts): string {
  for (const [zone, bucket] of Object.entries(d.access?.zoneBuckets ?? {})) {
    if (resource.includes(`{${bucket}}/`)) return `${resource} (${zone} zone objects)`;
    if (resource.includes(`{${bucket}}`)) return `${resource} (${zone} zone bucket)`;
  }
  return resource;
}

/**
 * One new grant as a gate item: the principal's construct path (the role; for a principal only a
 * resource policy names, the policy's), and the source line CDK recorded for the policy that grants it
 * (else the role's).
 */
function toItem(i: NewAccessItem, d: DesignFacts): GateItem {
  const principal = principalLabel(i.principal);
  const role = i.principal.kind === 'external' ? {} : locate(d, i.principal.key);
  const policy = locate(d, i.policy);
  const constructPath = role.constructPath ?? policy.constructPath;
  const source = policy.source ?? role.source;
  const resource = describeResource(i.resource, d);
  const who = role.constructPath ? `${principal} (${role.constructPath})` : principal;
  const where = policy.constructPath ?? i.policy;
  const cond = i.condition ? ` when ${JSON.stringify(i.condition)}` : '';
  const message =
    i.kind === 'deny-removed'
      ? `${who}: the baseline denied ${i.action} on ${resource}${cond} (in ${where}); nothing denies it now`
      : `${who} may now ${i.action} on ${resource}${cond}${i.newPrincipal ? ' (a principal the baseline did not have)' : ''}; granted in ${where}`;
  return { message, principal, action: i.action, resource, ...(constructPath ? { constructPath } : {}), ...(source ? { source } : {}) };
}

import { designFacts, designsOf, locate, result, skipped, type Gate } from './gate';

/**
 * No new high or medium IAM finding (simulator/access/rules) that the baseline did not have. A finding is
 * the same when its rule, principal, actions and resources are (grants.ts, findingKey).
 */
export const noNewFindingsGate: Gate = {
  id: 'no-new-findings',
  title: 'no new IAM findings',
  heading: 'No new IAM findings (high, medium)',
  description: 'No high or medium IAM risk finding (simulator/access/rules) the baseline did not have; needs --baseline.',
  evaluate({ config, candidate, baseline }) {
    if (!config.noNewFindings.on) return skipped(this, `off (${config.noNewFindings.from})`);
    if (!baseline) return skipped(this, 'no baseline to compare with (pass --baseline)');
    return designsOf(candidate).map((design) => {
      const c = designFacts(candidate, design)!;
      const b = designFacts(baseline, design);
      const limit = '0 new high or medium findings';
      if (!c.access) return result(this, { design, status: 'skip', value: 'no access analysis', limit, reason: 'no access analysis in the input for this design' });
      if (!b?.access) return result(this, { design, status: 'skip', value: 'no baseline access', limit, reason: `the baseline has no access analysis for ${design}` });
      const known = new Set(b.access.findings.map((f) => f.key));
      const fresh = c.access.findings.filter((f) => !known.has(f.key));
      const count = (sev: string) => c.access!.findings.filter((f) => f.severity === sev).length;
      const value = fresh.length
        ? `${fresh.length} new (${fresh.map((f) => `${f.severity} ${f.rule}`).join(', ')})`
        : `none new (${count('high')} high, ${count('medium')} medium, all in the baseline)`;
      return result(this, {
        design,
        status: fresh.length ? 'fail' : 'pass',
        value,
        limit,
        baseline: `${b.access.findings.length} high/medium`,
        items: fresh.map((f) => ({ message: `${f.severity} ${f.rule}: ${f.message}`, ...(f.principal ? { principal: f.principal } : {}), ...locate(c, f.principal) })),
      });
    });
  },
};

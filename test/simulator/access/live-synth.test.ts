import { PERSONAS } from '../../../lib/constructs/access-matrix';
import { analyzeDesigns } from '../../../simulator/access/assembly';
import { scenario, synthScenario } from '../../lib/stack-fixtures';
import type { CfnTemplate } from '../../../simulator/assembly/template';

/**
 * The committed fixtures stand for what `cdk synth` produces; this checks the stacks as they are now,
 * synthesized in-process from the baseline scenario, against the specification itself.
 */
describe('the live stacks against ACCESS_MATRIX', () => {
  it('computes the intended stakeholder matrix from both freshly synthesized designs', async () => {
    const s = synthScenario(scenario('baseline'));
    const results = await analyzeDesigns({
      'single-node': { template: s.templates.singleNode.toJSON() as CfnTemplate, region: 'us-east-1' },
      distributed: { template: s.templates.distributed.toJSON() as CfnTemplate, region: 'us-east-1' },
    });
    for (const d of Object.values(results.designs)) {
      expect(d.matrix.differences).toEqual([]);
      expect(d.principals.filter((p) => p.kind === 'persona')).toHaveLength(PERSONAS.length);
      expect(d.principals.some((p) => p.kind === 'workload' && p.writableZones.length > 0)).toBe(true);
      // Nothing the analysis could not see into: no AWS-managed policies, no unresolved references.
      expect(d.findings.filter((f) => f.category === 'coverage')).toEqual([]);
      expect(d.findings.filter((f) => f.category === 'data-exfiltration' || f.category === 'privilege-escalation')).toEqual([]);
    }
  }, 60_000);
});

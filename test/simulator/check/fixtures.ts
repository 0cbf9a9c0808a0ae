import * as path from 'path';
import type { DesignName } from '../../../lib/workload/contract';
import type { CfnTemplate } from '../../../simulator/assembly/template';
import { platformMap } from '../../../simulator/access/platform';
import type { SourceLocation } from '../../../simulator/check/report-schema';
import { designFromTemplate, type DesignSynthesizer } from '../../../simulator/check/synthesize';
import { fixtureTemplate } from '../../fixtures/access/templates';

export const REPO = path.join(__dirname, '..', '..', '..');

/**
 * A synthesizer that returns the committed access fixtures (the baseline's templates as `cdk synth`
 * wrote them) instead of synthesizing: gate and rendering tests run in about a second. `edit` changes a
 * design's template (e.g. widenGrant); `sources` stands in for the assembly's creation stacks.
 */
export function fixtureSynthesizer(o: { edit?: Partial<Record<DesignName, (t: CfnTemplate) => CfnTemplate>>; sources?: boolean } = {}): DesignSynthesizer {
  return () => {
    const out = {} as Record<DesignName, ReturnType<typeof designFromTemplate>>;
    for (const design of ['single-node', 'distributed'] as const) {
      const template = o.edit?.[design]?.(fixtureTemplate(design)) ?? fixtureTemplate(design);
      out[design] = designFromTemplate(design, `scalesim-baseline-${design}`, template, o.sources ? fakeSources(template) : new Map());
    }
    return out;
  };
}

/** Creation stacks as CDK records them for the persona roles and their default policies. */
function fakeSources(template: CfnTemplate): Map<string, SourceLocation> {
  const m = new Map<string, SourceLocation>();
  for (const [persona, role] of Object.entries(platformMap(template).personaRoles)) {
    m.set(role, { file: 'lib/constructs/access-model.ts', line: 42, column: 20, frames: [`new AccessModel (lib/constructs/access-model.ts:42:20) [${persona}]`] });
    const policy = Object.keys(template.Resources).find((id) => template.Resources[id]!.Type === 'AWS::IAM::Policy' && JSON.stringify(template.Resources[id]!.Properties?.Roles).includes(`"${role}"`));
    if (policy) {
      m.set(policy, {
        file: 'lib/constructs/data-zones.ts',
        line: 122,
        column: 17,
        frames: ['DataZones.grant (lib/constructs/data-zones.ts:122:17)', 'new AccessModel (lib/constructs/access-model.ts:49:43)'],
      });
    }
  }
  return m;
}

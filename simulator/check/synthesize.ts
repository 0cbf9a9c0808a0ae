import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { readAssembly } from '../assembly/read';
import type { CfnTemplate } from '../assembly/template';
import type { DesignTemplate } from '../cost/design-cost';
import type { TemplateResource } from '../cost/resources';
import { synthesize } from '../deploy/synth';
import { readDesignTemplates } from '../deploy/template-resources';
import type { Scenario } from '../scenario/schema';
import type { SourceLocation } from './report-schema';
import { readSourceLocations } from './source-locations';

/**
 * One synthesis of both designs, read three ways: the full templates (static access), the resources
 * with their construct paths and asset sizes (cost, exactly as `scalesim cost <scenario>` reads them),
 * and where the app created each resource (annotations).
 */
export interface SynthesizedDesign {
  readonly design: DesignName;
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly region?: string;
  readonly cost: DesignTemplate;
  /** Logical id → where the CDK app created it; empty when the assembly carries no creation stacks. */
  readonly sources: ReadonlyMap<string, SourceLocation>;
}

export type SynthesizedDesigns = Readonly<Record<DesignName, SynthesizedDesign>>;

/** How `check` gets templates for a scenario: the real in-process synthesis, or fixtures in tests. */
export type DesignSynthesizer = (scenario: Scenario) => SynthesizedDesigns;

/** The repository root: source locations are reported relative to it, as GitHub annotations want them. */
const REPO_ROOT = path.join(__dirname, '..', '..');

const cache = new Map<string, SynthesizedDesigns>();

/**
 * Synthesizes both stacks for a scenario in-process (same feature flags and cdk-nag pack as `cdk synth`)
 * into a temporary assembly, reads it, and removes it. Memoized per scenario for the life of the process.
 */
export const synthesizeForCheck: DesignSynthesizer = (scenario) => {
  const key = crypto.createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-check-assembly-'));
  try {
    synthesize(scenario, dir);
    const costTemplates = readDesignTemplates(dir);
    const templates = readAssembly(dir);
    const out = {} as Record<DesignName, SynthesizedDesign>;
    for (const design of DESIGNS) {
      const t = templates[design];
      out[design] = {
        design,
        stackName: t.stackId,
        template: t.template,
        ...(t.region ? { region: t.region } : {}),
        cost: costTemplates[design],
        sources: readSourceLocations(dir, t.stackId, REPO_ROOT),
      };
    }
    cache.set(key, out);
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * A design from a template alone (no assembly): cost resources from each resource's `aws:cdk:path`
 * metadata, no asset sizes, no source locations. For templates that did not come from a synthesis here.
 */
export function designFromTemplate(design: DesignName, stackName: string, template: CfnTemplate, sources: ReadonlyMap<string, SourceLocation> = new Map()): SynthesizedDesign {
  const resources: TemplateResource[] = Object.entries(template.Resources).map(([logicalId, r]) => {
    const meta = r.Metadata as Record<string, unknown> | undefined;
    const cdkPath = typeof meta?.['aws:cdk:path'] === 'string' ? (meta['aws:cdk:path'] as string) : `${stackName}/${logicalId} (no construct path)`;
    return { logicalId, type: r.Type, cdkPath, properties: (r.Properties ?? {}) as Record<string, unknown> };
  });
  return { design, stackName, template, cost: { resources, assets: {} }, sources };
}

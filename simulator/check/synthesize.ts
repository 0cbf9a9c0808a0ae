import * as path from 'path';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { DesignStack } from '../assembly/read';
import type { CfnTemplate } from '../assembly/template';
import type { DesignTemplate } from '../cost/design-cost';
import { synthesizedDesigns, templateResources } from '../deploy/template-resources';
import type { Scenario } from '../scenario/schema';
import type { SourceLocation } from './report-schema';
import { locationFromFrames } from './source-locations';

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

/**
 * Both stacks for a scenario as `synthesizedDesigns` gives them (same feature flags and cdk-nag pack as
 * `cdk synth`, through the on-disk assembly cache, memoized per scenario for the life of the process).
 */
export const synthesizeForCheck: DesignSynthesizer = (scenario) => {
  const { stacks, templates } = synthesizedDesigns(scenario);
  const out = {} as Record<DesignName, SynthesizedDesign>;
  for (const design of DESIGNS) out[design] = checkDesign(stacks[design], templates[design]);
  return out;
};

function checkDesign(stack: DesignStack, cost: DesignTemplate): SynthesizedDesign {
  return {
    design: stack.design,
    stackName: stack.stackId,
    template: stack.template,
    ...(stack.region ? { region: stack.region } : {}),
    cost,
    sources: sourceLocations(stack.creationStacks, REPO_ROOT),
  };
}

/** Logical id → where the app created it, relative to `root`; creation stacks with no frame of the app under `root` are left out. */
export function sourceLocations(creationStacks: Readonly<Record<string, readonly string[]>>, root: string): Map<string, SourceLocation> {
  const out = new Map<string, SourceLocation>();
  for (const [logicalId, frames] of Object.entries(creationStacks)) {
    const location = locationFromFrames(frames, root);
    if (location) out.set(logicalId, location);
  }
  return out;
}

/**
 * A design from a template alone (no assembly): cost resources from each resource's `aws:cdk:path`
 * metadata, no asset sizes, no source locations. For templates that did not come from a synthesis here.
 */
export function designFromTemplate(design: DesignName, stackName: string, template: CfnTemplate, sources: ReadonlyMap<string, SourceLocation> = new Map()): SynthesizedDesign {
  const paths: Record<string, string> = {};
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    const cdkPath = (r.Metadata as Record<string, unknown> | undefined)?.['aws:cdk:path'];
    if (typeof cdkPath === 'string') paths[logicalId] = cdkPath;
  }
  return { design, stackName, template, cost: { resources: templateResources(stackName, template, paths), assets: {} }, sources };
}

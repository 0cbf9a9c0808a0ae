import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DesignName, DESIGNS } from '../../lib/workload/contract';
import { UserError } from '../errors';
import { analyzeTemplate, compareDesigns } from './analyze';
import type { CfnTemplate } from './cfn';
import type { AccessComparison, DesignAccess } from '../results/access';

/**
 * Reads the two design templates out of a cloud assembly (`cdk.out`). The manifest says which file
 * is which stack: the stack artifacts whose ids end in `-single-node` and `-distributed`.
 */
export interface AssemblyTemplate {
  readonly design: DesignName;
  readonly stackId: string;
  readonly file: string;
  readonly region?: string;
  readonly template: CfnTemplate;
}

interface Manifest {
  readonly artifacts?: Readonly<Record<string, { readonly type?: string; readonly environment?: string; readonly properties?: { readonly templateFile?: string } }>>;
}

export function readAssemblyTemplates(assemblyDir: string): Record<DesignName, AssemblyTemplate> {
  const manifestFile = path.join(assemblyDir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as Error).message})`;
    throw new UserError(`no cloud assembly at ${assemblyDir} (${manifestFile} ${why}): run \`npx cdk synth\` first, or pass --assembly <dir>`);
  }
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const out = {} as Record<DesignName, AssemblyTemplate>;
  for (const design of DESIGNS) {
    const matches = stacks.filter(([id]) => id.endsWith(`-${design}`));
    if (matches.length !== 1) {
      throw new UserError(
        `${manifestFile} has ${matches.length} stacks whose id ends in -${design} (stacks: ${stacks.map(([id]) => id).join(', ') || 'none'}); expected exactly one: run \`npx cdk synth\` for one scenario`,
      );
    }
    const [stackId, artifact] = matches[0]!;
    const file = path.join(assemblyDir, artifact.properties?.templateFile ?? `${stackId}.template.json`);
    let template: CfnTemplate;
    try {
      template = JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
    } catch (e) {
      throw new UserError(`cannot read the ${design} template ${file}: ${(e as Error).message}; run \`npx cdk synth\` again`);
    }
    if (!template || typeof template.Resources !== 'object') throw new UserError(`${file} is not a CloudFormation template (no Resources); run \`npx cdk synth\` again`);
    const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(artifact.environment ?? '')?.[1];
    out[design] = { design, stackId, file, ...(region && region !== 'unknown-region' ? { region } : {}), template };
  }
  return out;
}

/** What results.json holds for access: `designs[d].access` for each design, and `comparison.access`. */
export interface AccessResults {
  readonly designs: Readonly<Record<DesignName, DesignAccess>>;
  readonly comparison: AccessComparison;
}

/** Static access analysis of both designs from templates already in memory. */
export async function analyzeDesigns(templates: Readonly<Record<DesignName, { readonly template: CfnTemplate; readonly region?: string }>>): Promise<AccessResults> {
  const entries = await Promise.all(
    DESIGNS.map(async (design) => [design, await analyzeTemplate(templates[design].template, { design, region: templates[design].region })] as const),
  );
  const designs = Object.fromEntries(entries) as Record<DesignName, DesignAccess>;
  return { designs, comparison: compareDesigns(designs) };
}

/** Static access analysis of both designs from a cloud assembly directory (`cdk.out`). */
export async function accessFromAssembly(assemblyDir: string): Promise<AccessResults> {
  return analyzeDesigns(readAssemblyTemplates(assemblyDir));
}

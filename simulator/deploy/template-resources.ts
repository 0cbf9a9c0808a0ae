import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { DesignTemplate } from '../cost/design-cost';
import type { TemplateResource } from '../cost/resources';
import type { Scenario } from '../scenario/schema';
import { readAssembly, type DesignStack } from '../assembly/read';
import type { CfnTemplate } from '../assembly/template';
import { treeBytes } from '../io/dir-bytes';
import { synthesizeCached } from './synth-cache';

/**
 * The thin adapter between a cloud assembly (`cdk.out`) and the pure cost rules: every resource of
 * each design's template with its construct path, and the sizes of the assets it deploys from.
 */

/**
 * Bytes of the task image's base layers, which the assembly does not hold (it has the Dockerfile and
 * the bundled runner only): node:*-slim is about 75 MB compressed. An estimate, named in the report.
 */
const BASE_IMAGE_BYTES_ESTIMATE = 75 * 1024 * 1024;

export interface AssemblyDesignTemplate extends DesignTemplate {
  readonly stackName: string;
  readonly templateFile: string;
}

/** Both designs' template resources and asset sizes from a cloud assembly directory. */
export function readDesignTemplates(assemblyDir: string): Record<DesignName, AssemblyDesignTemplate> {
  return designTemplates(readAssembly(assemblyDir));
}

/** The cost view of both design stacks read from an assembly; the asset sizes need its directory still on disk. */
function designTemplates(stacks: Readonly<Record<DesignName, DesignStack>>): Record<DesignName, AssemblyDesignTemplate> {
  const out = {} as Record<DesignName, AssemblyDesignTemplate>;
  for (const design of DESIGNS) {
    const stack = stacks[design];
    out[design] = { stackName: stack.stackName, templateFile: stack.templateFile, resources: templateResources(stack.stackName, stack.template, stack.resourcePaths), assets: assetSizes(stack) };
  }
  return out;
}

/** Every resource of a template with its construct path (`paths`, by logical id; a placeholder naming the stack where absent). */
export function templateResources(stackName: string, template: CfnTemplate, paths: Readonly<Record<string, string>>): TemplateResource[] {
  return Object.entries(template.Resources ?? {}).map(([logicalId, r]) => ({
    logicalId,
    type: r.Type,
    cdkPath: paths[logicalId] ?? `${stackName}/${logicalId} (no construct path)`,
    properties: (r.Properties ?? {}) as Record<string, unknown>,
  }));
}

function assetSizes(stack: DesignStack): DesignTemplate['assets'] {
  const imageDirBytes = stack.imageAssets.reduce((n, a) => n + dirBytes(a.directory), 0);
  const codeBytes = stack.fileAssets.filter((a) => a.packaging === 'zip').reduce((n, a) => n + dirBytes(a.sourcePath), 0);
  return {
    ...(stack.imageAssets.length
      ? {
          imageBytes: imageDirBytes + BASE_IMAGE_BYTES_ESTIMATE * stack.imageAssets.length,
          imageNote: `the ${(imageDirBytes / 1024 ** 2).toFixed(1)} MB asset plus ~${BASE_IMAGE_BYTES_ESTIMATE / 1024 ** 2} MB of base image layers, estimated`,
        }
      : {}),
    ...(codeBytes ? { codeBytes } : {}),
  };
}

/** Total bytes of an asset (a file or a directory); 0 when it is missing. */
function dirBytes(p: string): number {
  return treeBytes(p, { missingIsEmpty: true });
}

/** One synthesis of both designs, read once: the stacks as `readAssembly` gives them and their cost view. */
export interface SynthesizedDesigns {
  readonly stacks: Readonly<Record<DesignName, DesignStack>>;
  readonly templates: Readonly<Record<DesignName, AssemblyDesignTemplate>>;
}

const synthesized = new Map<string, SynthesizedDesigns>();

/**
 * Both designs of a scenario, synthesized through the on-disk assembly cache (`synthesizeCached`: a
 * copy of an earlier synthesis of the same scenario and CDK sources, else a synthesis of about 5-20 s)
 * into a temporary directory that is read once and removed. Memoized per scenario for the life of the
 * process, so that a command pricing one scenario several times copies the assembly once.
 */
export function synthesizedDesigns(scenario: Scenario): SynthesizedDesigns {
  const key = crypto.createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
  const cached = synthesized.get(key);
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-assembly-'));
  try {
    synthesizeCached(scenario, dir);
    const stacks = readAssembly(dir);
    const designs = { stacks, templates: designTemplates(stacks) };
    synthesized.set(key, designs);
    return designs;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Both designs' template resources and asset sizes for a scenario (see `synthesizedDesigns`). */
export function synthesizeDesignTemplates(scenario: Scenario): Record<DesignName, AssemblyDesignTemplate> {
  return synthesizedDesigns(scenario).templates;
}

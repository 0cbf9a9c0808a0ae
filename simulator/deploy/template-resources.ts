import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import type { DesignTemplate } from '../cost/design-cost';
import type { TemplateResource } from '../cost/resources';
import type { Scenario } from '../scenario/schema';
import { readAssembly } from '../assembly/read';
import { treeBytes } from '../io/dir-bytes';
import { synthesize } from './synth';

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
  const assembly = readAssembly(assemblyDir);
  const out = {} as Record<DesignName, AssemblyDesignTemplate>;
  for (const design of DESIGNS) {
    const stack = assembly[design];
    const resources: TemplateResource[] = Object.entries(stack.template.Resources ?? {}).map(([logicalId, r]) => ({
      logicalId,
      type: r.Type,
      cdkPath: stack.resourcePaths[logicalId] ?? `${stack.stackName}/${logicalId} (no construct path)`,
      properties: r.Properties ?? {},
    }));
    const imageDirBytes = stack.imageAssets.reduce((n, a) => n + dirBytes(a.directory), 0);
    const codeBytes = stack.fileAssets.filter((a) => a.packaging === 'zip').reduce((n, a) => n + dirBytes(a.sourcePath), 0);
    out[design] = {
      stackName: stack.stackName,
      templateFile: stack.templateFile,
      resources,
      assets: {
        ...(stack.imageAssets.length
          ? {
              imageBytes: imageDirBytes + BASE_IMAGE_BYTES_ESTIMATE * stack.imageAssets.length,
              imageNote: `the ${(imageDirBytes / 1024 ** 2).toFixed(1)} MB asset plus ~${BASE_IMAGE_BYTES_ESTIMATE / 1024 ** 2} MB of base image layers, estimated`,
            }
          : {}),
        ...(codeBytes ? { codeBytes } : {}),
      },
    };
  }
  return out;
}

/** Total bytes of an asset (a file or a directory); 0 when it is missing. */
function dirBytes(p: string): number {
  return treeBytes(p, { missingIsEmpty: true });
}

const synthesized = new Map<string, Record<DesignName, AssemblyDesignTemplate>>();

/**
 * Synthesizes both designs for a scenario into a temporary assembly, reads their resources and asset
 * sizes, and removes the assembly. Memoized per scenario for the life of the process (about 5 s each).
 */
export function synthesizeDesignTemplates(scenario: Scenario): Record<DesignName, AssemblyDesignTemplate> {
  const key = crypto.createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
  const cached = synthesized.get(key);
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-cost-assembly-'));
  try {
    synthesize(scenario, dir);
    const templates = readDesignTemplates(dir);
    synthesized.set(key, templates);
    return templates;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

import { DesignName, DESIGNS } from '../../lib/workload/contract';
import { readAssembly } from '../assembly/read';
import { analyzeTemplate, compareDesigns } from './analyze';
import type { AccessComparison, DesignAccess } from '../results/access';
import type { CfnTemplate } from '../assembly/template';

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
  return analyzeDesigns(readAssembly(assemblyDir));
}

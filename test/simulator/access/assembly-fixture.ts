import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnTemplate } from '../../../simulator/assembly/template';

let root: string | undefined;

/** A scratch directory for this test file's assemblies; removed by removeAssemblies (call it in afterAll). */
export function assemblyRoot(): string {
  root ??= mkdtempSync(path.join(tmpdir(), 'scalesim-access-assembly-'));
  return root;
}

export function removeAssemblies(): void {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
}

/** A cloud assembly as `cdk synth` writes it: manifest.json naming each stack's template file. */
export function writeAssembly(name: string, templates: Record<string, CfnTemplate | string>, env = 'aws://unknown-account/us-east-1'): string {
  const dir = path.join(assemblyRoot(), name);
  mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, unknown> = { Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } } };
  for (const [id, t] of Object.entries(templates)) {
    artifacts[id] = { type: 'aws:cloudformation:stack', environment: env, properties: { templateFile: `${id}.template.json` } };
    artifacts[`${id}.assets`] = { type: 'cdk:asset-manifest', properties: { file: `${id}.assets.json` } };
    writeFileSync(path.join(dir, `${id}.template.json`), typeof t === 'string' ? t : JSON.stringify(t));
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  return dir;
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunManifest } from '../../../lib/workload/contract';
import { LocalStorage } from '../../../lib/workload/storage';
import { generateRun } from '../../../simulator/generate/generator';
import { loadRegistryFile } from '../../../simulator/generate/registry-file';
import { directorySink } from '../../../simulator/generate/sinks';
import { loadScenario } from '../../../simulator/scenario/load';
import type { Scenario } from '../../../simulator/scenario/schema';

export const REPO = path.join(__dirname, '..', '..', '..');
export const BASELINE = loadScenario(path.join(REPO, 'scenarios', 'baseline.yaml'));
export const REGISTRY = loadRegistryFile(BASELINE.registryFile);

export type ScenarioPatch = {
  readonly workload?: Partial<Scenario['workload']>;
  readonly faults?: Partial<Scenario['faults']['data']>;
  readonly seed?: number;
};

/** The baseline scenario, small, with changes. */
export function scenario(patch: ScenarioPatch = {}): Scenario {
  const s = BASELINE.scenario;
  return {
    ...s,
    seed: patch.seed ?? s.seed,
    workload: { ...s.workload, events: 3000, partitions: 4, ...patch.workload },
    faults: { ...s.faults, data: { ...s.faults.data, ...patch.faults } },
  };
}

const created: string[] = [];

/** A fresh temporary directory, removed after the test file that asked for it. */
export function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scalesim-${prefix}-`));
  created.push(dir);
  return dir;
}

// Registered once per test file that imports this module (jest gives each file its own module registry).
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Generate into a fresh directory; returns it and the manifest. */
export async function generated(patch: ScenarioPatch = {}): Promise<{ dir: string; manifest: RunManifest }> {
  const dir = tmpDir('gen');
  const manifest = await generateRun(scenario(patch), REGISTRY, directorySink(dir));
  return { dir, manifest };
}

/** Local storage over a generated directory, the run id `local`, outputs under `out`. */
export function localStorage(dir: string, out: string): LocalStorage {
  return new LocalStorage({ raw: dir, curated: path.join(out, 'curated'), quarantine: path.join(out, 'quarantine'), audit: path.join(out, 'audit') }, 'local/');
}

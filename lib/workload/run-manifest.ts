import { KEYS, ManifestPartition, RunManifest } from './contract';
import { RegistryError, parseRegistry } from './registry';
import type { WorkloadStorage } from './storage';
import { CompiledRegistry, compileRegistry } from './validate';
import { errorMessage } from './error-message';

/**
 * The run manifest as the processor needs it: checked, with the registry compiled. The registry and
 * the SLA travel in the manifest (raw zone), so the code in AWS reads nothing from its own disk.
 */
export interface LoadedManifest {
  readonly manifest: RunManifest;
  readonly registry: CompiledRegistry;
  readonly byKey: ReadonlyMap<string, ManifestPartition>;
}

/** A manifest that cannot drive a run. Not a partition failure: nothing can be processed. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export function parseManifest(raw: unknown, source = 'manifest.json'): LoadedManifest {
  const bad = (msg: string): never => {
    throw new ManifestError(`${source}: ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('expected a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.compression !== 'none' && m.compression !== 'gzip') bad(`compression: expected "none" or "gzip", got ${JSON.stringify(m.compression)}`);
  if (typeof m.freshnessSlaMinutes !== 'number' || !(m.freshnessSlaMinutes > 0)) {
    bad(`freshnessSlaMinutes: expected a positive number, got ${JSON.stringify(m.freshnessSlaMinutes)}`);
  }
  if (!Array.isArray(m.partitions)) return bad('partitions: expected a list');
  const byKey = new Map<string, ManifestPartition>();
  m.partitions.forEach((p: unknown, i: number) => {
    const e = p as Partial<ManifestPartition> | null;
    if (typeof e !== 'object' || e === null || typeof e.key !== 'string' || !/^[A-Za-z0-9._-]+$/.test(e.key)) {
      bad(`partitions[${i}].key: expected a file name, got ${JSON.stringify(e?.key)}`);
    }
    if (byKey.has(e!.key!)) bad(`partitions[${i}].key: duplicate ${e!.key}`);
    byKey.set(e!.key!, e as ManifestPartition);
  });
  let registry: CompiledRegistry;
  try {
    registry = compileRegistry(parseRegistry(m.registry, `${source} registry`));
  } catch (e) {
    if (e instanceof RegistryError) throw new ManifestError(e.message);
    throw e;
  }
  return { manifest: raw as RunManifest, registry, byKey };
}

export async function loadManifest(storage: WorkloadStorage, runId: string): Promise<LoadedManifest> {
  const key = KEYS.manifest(runId);
  const bytes = await storage.readAll('raw', key);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new ManifestError(`${storage.namespace('raw')}/${key}: not valid JSON: ${errorMessage(e)}`);
  }
  return parseManifest(raw, `${storage.namespace('raw')}/${key}`);
}

import * as fs from 'fs';
import * as path from 'path';
import { KEYS, RunManifest } from '../../lib/workload/contract';
import type { WorkloadStorage } from '../../lib/workload/storage';
import { UserError } from '../errors';
import type { GenerationSink, PartitionSink } from './generator';
import { errorMessage } from '../../lib/workload/error-message';

/**
 * A local directory laid out like one run in the raw zone:
 *   <dir>/manifest.json
 *   <dir>/partitions/<key>
 * Each partition is written to a temporary file and renamed when complete.
 *
 * A directory that already holds a generated run is replaced (its manifest and partitions only);
 * any other non-empty directory is refused, so a typo cannot scatter files into the wrong place.
 */
export function directorySink(dir: string): GenerationSink & { readonly dir: string } {
  const abs = path.resolve(dir);
  // Once, and every caller waits for it: partitions are opened concurrently.
  let prepared: Promise<void> | undefined;
  const prepare = () => (prepared ??= doPrepare());
  const doPrepare = async () => {
    if (fs.existsSync(abs)) {
      if (!fs.statSync(abs).isDirectory()) throw new UserError(`--out ${dir} exists and is not a directory`);
      const entries = fs.readdirSync(abs);
      if (entries.length > 0 && !entries.includes('manifest.json')) {
        throw new UserError(`--out ${dir} is not empty and holds no generated run (no manifest.json); choose an empty or new directory`);
      }
      await fs.promises.rm(path.join(abs, 'manifest.json'), { force: true });
      await fs.promises.rm(path.join(abs, 'partitions'), { recursive: true, force: true });
    }
    await fs.promises.mkdir(path.join(abs, 'partitions'), { recursive: true });
  };
  return {
    dir: abs,
    async openPartition(key: string): Promise<PartitionSink> {
      await prepare();
      const file = path.join(abs, 'partitions', key);
      const tmp = `${file}.tmp`;
      const fh = await fs.promises.open(tmp, 'w');
      return {
        async write(chunk: Buffer) {
          await fh.write(chunk);
        },
        async close() {
          await fh.close();
          await fs.promises.rename(tmp, file);
        },
        async abort() {
          await fh.close().catch(() => undefined);
          await fs.promises.rm(tmp, { force: true });
        },
      };
    },
    async writeManifest(manifest: RunManifest) {
      await prepare();
      await fs.promises.writeFile(path.join(abs, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    },
  };
}

/**
 * Straight into a run's raw zone: `raw:<runId>/partitions/<key>` and `raw:<runId>/manifest.json`
 * (the manifest last, so a reader that finds it finds every partition). A partition is held in
 * memory until its whole-object PUT, so memory grows with the largest partition, not the run.
 */
export function storageSink(storage: WorkloadStorage, runId: string): GenerationSink {
  return {
    async openPartition(key: string): Promise<PartitionSink> {
      const chunks: Buffer[] = [];
      return {
        async write(chunk: Buffer) {
          // The generator reuses its buffers once a write resolves: keep a copy.
          chunks.push(Buffer.from(chunk));
        },
        async close() {
          await storage.put('raw', KEYS.rawPartition(runId, key), chunks);
          chunks.length = 0;
        },
        async abort() {
          chunks.length = 0;
        },
      };
    },
    async writeManifest(manifest: RunManifest) {
      await storage.put('raw', KEYS.manifest(runId), JSON.stringify(manifest, null, 2) + '\n');
    },
  };
}

/** Upload a generated directory (directorySink's layout) to a run's raw zone, partitions first. */
export async function uploadRunDirectory(dir: string, storage: WorkloadStorage, runId: string): Promise<RunManifest> {
  const manifestFile = path.join(dir, 'manifest.json');
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as RunManifest;
  } catch (e) {
    throw new UserError(`cannot read ${manifestFile}: ${errorMessage(e)}`);
  }
  for (const p of manifest.partitions) {
    await storage.put('raw', KEYS.rawPartition(runId, p.key), await fs.promises.readFile(path.join(dir, 'partitions', p.key)));
  }
  await storage.put('raw', KEYS.manifest(runId), await fs.promises.readFile(manifestFile));
  return manifest;
}

/** Discards the bytes (benchmarks: generation cost without the disk). Records the manifest. */
export function nullSink(): GenerationSink & { manifest?: RunManifest } {
  const sink: GenerationSink & { manifest?: RunManifest } = {
    async openPartition(): Promise<PartitionSink> {
      return { write: async () => undefined, close: async () => undefined, abort: async () => undefined };
    },
    async writeManifest(m: RunManifest) {
      sink.manifest = m;
    },
  };
  return sink;
}

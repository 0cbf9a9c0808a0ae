import * as fs from 'fs';
import * as path from 'path';
import { KEYS, RunManifest } from '../../lib/workload/contract';
import type { WorkloadStorage } from '../../lib/workload/storage';
import { GENERATOR_NAME, type GenerationSink, type PartitionSink } from './generator';
import { prepareOutputDir, type OutputDir } from '../io/output-dir';
import { readUserText } from '../io/read-user-file';
import { MAX_MANIFEST_BYTES } from './verify-run';

/** A partition file the generator writes (and its temporary name while being written). */
const PARTITION_FILE = /^part-\d+\.ndjson(\.gz)?(\.tmp)?$/;

/** What `generate` writes at the top of its folder. */
const GENERATED_RUN_ENTRIES = { 'manifest.json': 'file', partitions: PARTITION_FILE } as const;

export interface DirectorySinkOptions {
  /**
   * How messages name the folder.
   * @default - the path as given
   */
  readonly display?: string;
  /**
   * The flag that named it.
   * @default '--out'
   */
  readonly flag?: string;
}

/**
 * A local directory laid out like one run in the raw zone:
 *   <dir>/manifest.json
 *   <dir>/partitions/<key>
 * Each partition is written to a temporary file and renamed when complete; the manifest is written last.
 *
 * The folder is prepared the guarded way (prepareOutputDir): new, empty, or scalesim's own. In scalesim's
 * own folder the previous run (its manifest and partition files, and only those) is replaced; any other
 * non-empty folder is refused, so a typo cannot delete or scatter files. `discard` removes what this
 * sink wrote, for a failed or interrupted generation.
 */
export function directorySink(dir: string, o: DirectorySinkOptions = {}): GenerationSink & { readonly dir: string; discard(): void } {
  const abs = path.resolve(dir);
  let prepared: OutputDir | undefined;
  // Once, and every caller waits for it: partitions are opened concurrently.
  let preparing: Promise<void> | undefined;
  const prepare = () => (preparing ??= doPrepare());
  const doPrepare = async () => {
    prepared = prepareOutputDir(abs, {
      display: o.display ?? dir,
      flag: o.flag,
      command: 'generate',
      writes: GENERATED_RUN_ENTRIES,
      fresh: ['manifest.json', 'partitions'],
      recognise: isGeneratedRun,
    });
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
    discard() {
      prepared?.discard();
    },
  };
}

/** A folder a scalesim generate wrote before folders carried the marker: its manifest names the generator. */
function isGeneratedRun(dir: string): boolean {
  try {
    const text = readUserText(path.join(dir, 'manifest.json'), { what: 'manifest', maxBytes: MAX_MANIFEST_BYTES });
    return (JSON.parse(text) as Partial<RunManifest> | null)?.generator?.name === GENERATOR_NAME;
  } catch {
    return false;
  }
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

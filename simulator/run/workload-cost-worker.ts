import * as fs from 'fs';
import * as path from 'path';
import type { RunManifest } from '../../lib/workload/contract';
import { processPartition } from '../../lib/workload/partition-job';
import type { Stage } from '../../lib/workload/profile';
import { parseManifest } from '../../lib/workload/run-manifest';
import { Body, StorageConfig, WorkloadStorage, Zone } from '../../lib/workload/storage';
import type { WorkloadCostSample } from '../model/workload-cost';

/**
 * The isolated calibration pass (a child process of its own, started by workload-cost.ts): the
 * partition processor, single-threaded, over a fixed sample of the generated data held in memory, run
 * several times. Process CPU is exact here because nothing else runs in this process; outputs are
 * discarded, so no disk or network I/O is timed.
 */

export interface WorkerRequest {
  /** A generated run directory (manifest.json, partitions/). */
  readonly dataDir: string;
  /** Warm repetitions after the first, fresh one. */
  readonly repeats: number;
}

export type WorkerReply = { readonly ok: true; readonly samples: WorkloadCostSample[] } | { readonly ok: false; readonly error: string };

const RUN = 'calibration';
const CHUNK = 64 * 1024;

/** Raw objects from memory, outputs counted and dropped. */
class MemoryStorage implements WorkloadStorage {
  readonly config: StorageConfig = { kind: 'local', roots: { raw: '/dev/null', curated: '/dev/null', quarantine: '/dev/null', audit: '/dev/null' } };
  bytesWritten = 0;
  constructor(private readonly objects: ReadonlyMap<string, Buffer>) {}
  async read(_zone: Zone, key: string): Promise<AsyncIterable<Buffer>> {
    const buf = this.objects.get(key);
    if (!buf) throw new Error(`calibration sample ${key} not found`);
    return (async function* () {
      for (let i = 0; i < buf.length; i += CHUNK) yield buf.subarray(i, Math.min(buf.length, i + CHUNK));
    })();
  }
  async readAll(_zone: Zone, key: string): Promise<Buffer> {
    const buf = this.objects.get(key);
    if (!buf) throw new Error(`calibration sample ${key} not found`);
    return buf;
  }
  async put(_zone: Zone, _key: string, body: Body): Promise<void> {
    this.bytesWritten += typeof body === 'string' ? body.length : Buffer.isBuffer(body) ? body.length : (body as readonly Buffer[]).reduce((n, b) => n + b.length, 0);
  }
  async putIfAbsent(): Promise<boolean> {
    return true;
  }
  namespace(zone: Zone): string {
    return `memory://${zone}`;
  }
}

export async function calibrate(req: WorkerRequest): Promise<WorkloadCostSample[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(req.dataDir, 'manifest.json'), 'utf8')) as RunManifest;
  const first = manifest.partitions.find((p) => !p.fault) ?? manifest.partitions[0];
  if (!first) throw new Error(`${req.dataDir}: the manifest lists no partitions`);
  const raw = fs.readFileSync(path.join(req.dataDir, 'partitions', first.key));
  const objects = new Map<string, Buffer>([[`${RUN}/partitions/${first.key}`, raw]]);
  const loaded = parseManifest(manifest, 'calibration manifest');
  const storage = new MemoryStorage(objects);
  const gc = (globalThis as { gc?: () => void }).gc;
  const samples: WorkloadCostSample[] = [];
  for (let i = 0; i <= req.repeats; i++) {
    // A clean heap for every repetition, outside the timed part: no repetition pays for another's garbage.
    gc?.();
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const r = await processPartition({ storage, runId: RUN, key: first.key, manifest: loaded, design: 'calibration' });
    const wallMs = performance.now() - w0;
    const c = process.cpuUsage(c0);
    if (r.outcome.status !== 'ok') throw new Error(`calibration sample failed: ${r.outcome.reason}`);
    const stageCpuMs = Object.fromEntries(Object.entries(r.profile.stages).map(([s, t]) => [s, t.cpuMs])) as Record<Stage, number>;
    samples.push({ kind: 'full', fresh: i === 0, events: r.profile.events, cpuMs: (c.user + c.system) / 1000, wallMs, stageCpuMs });
  }
  return samples;
}

if (require.main === module) {
  process.once('message', (req: WorkerRequest) => {
    calibrate(req).then(
      (samples) => process.send!({ ok: true, samples } satisfies WorkerReply, () => process.exit(0)),
      (e: unknown) => process.send!({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply, () => process.exit(1)),
    );
  });
}

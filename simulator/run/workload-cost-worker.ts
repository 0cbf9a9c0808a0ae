import * as fs from 'fs';
import * as path from 'path';
import type { RunManifest } from '../../lib/workload/contract';
import { processPartition } from '../../lib/workload/partition-job';
import type { Stage } from '../../lib/workload/profile';
import { parseManifest } from '../../lib/workload/run-manifest';
import { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'stream';
import { S3Storage } from '../../lib/workload/s3-storage';
import type { WorkloadCostSample } from '../model/workload-cost';

/**
 * The isolated calibration pass (a child process of its own, started by workload-cost.ts): the
 * partition processor, single-threaded, over a fixed sample of the generated data held in memory, run
 * several times through the real S3 storage class and AWS SDK client (an in-memory endpoint), as in a
 * Lambda. Process CPU is exact here because nothing else runs in this process; no byte goes to a disk
 * or a socket, so no I/O wait is timed.
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

/**
 * An S3 endpoint in memory: the AWS SDK client does everything it does in a Lambda (serialise,
 * sign, checksum, stream the body), but no byte leaves the process. GETs stream the stored object in
 * 64 KiB chunks, as a socket would deliver it; PUT bodies are read to the end and dropped.
 */
class MemoryS3Handler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  constructor(private readonly objects: ReadonlyMap<string, Buffer>) {}
  async handle(request: { method: string; path: string; body?: unknown }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> {
    const key = decodeURIComponent(request.path.replace(/^\/[^/]+\//, ''));
    if (request.method === 'GET') {
      const buf = this.objects.get(key);
      if (!buf) return { response: { statusCode: 404, headers: { 'content-type': 'application/xml' }, body: Readable.from([Buffer.from('<Error><Code>NoSuchKey</Code></Error>')]) } };
      const chunks: Buffer[] = [];
      for (let i = 0; i < buf.length; i += CHUNK) chunks.push(buf.subarray(i, Math.min(buf.length, i + CHUNK)));
      return { response: { statusCode: 200, headers: { 'content-length': String(buf.length), etag: '"calibration"' }, body: Readable.from(chunks) } };
    }
    await drain(request.body);
    return { response: { statusCode: 200, headers: { etag: '"calibration"' }, body: Readable.from([]) } };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {}
}

async function drain(body: unknown): Promise<void> {
  if (body === undefined || body === null || typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array) return;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return;
  const it = (body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  while (!(await it.next()).done);
}

async function calibrate(req: WorkerRequest): Promise<WorkloadCostSample[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(req.dataDir, 'manifest.json'), 'utf8')) as RunManifest;
  const first = manifest.partitions.find((p) => !p.fault) ?? manifest.partitions[0];
  if (!first) throw new Error(`${req.dataDir}: the manifest lists no partitions`);
  const raw = fs.readFileSync(path.join(req.dataDir, 'partitions', first.key));
  const objects = new Map<string, Buffer>([[`${RUN}/partitions/${first.key}`, raw]]);
  const loaded = parseManifest(manifest, 'calibration manifest');
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'https://s3.calibration.invalid',
    forcePathStyle: true,
    credentials: { accessKeyId: 'calibration', secretAccessKey: 'calibration' },
    requestHandler: new MemoryS3Handler(objects),
  });
  const storage = new S3Storage(client, { raw: 'raw', curated: 'curated', quarantine: 'quarantine', audit: 'audit' });
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

import { ENV, PartitionOutcome, WorkerEvent, WorkerResult, outputCompressionFrom } from './contract';
import { processPartition } from './partition-job';
import { LoadedManifest, loadManifest } from './run-manifest';
import { S3Storage } from './s3-storage';
import type { WorkloadStorage } from './storage';

/**
 * The distributed design's Lambda: one invocation processes a batch of partitions of one run (a Map
 * item) and returns their outcomes. The result stays small (the state payload limit is 256 KiB):
 * outcomes and accounting only; everything else is in the audit zone.
 *
 * A partition whose data is unreadable comes back `failed` with its reason. A storage error or a
 * broken accounting invariant throws, failing the invocation so the Map's retry policy (or the run)
 * sees it.
 */

export interface HandlerDeps {
  readonly storage: () => WorkloadStorage;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

/** Manifests kept across warm invocations, by run id; a Lambda environment serves one run at a time, usually. */
const MANIFEST_CACHE_SIZE = 4;

export function createHandler(deps: HandlerDeps): (event: WorkerEvent) => Promise<WorkerResult> {
  const manifests = new Map<string, Promise<LoadedManifest>>();
  let storage: WorkloadStorage | undefined;
  return async (event: WorkerEvent): Promise<WorkerResult> => {
    checkEvent(event);
    storage ??= deps.storage();
    const s = storage;
    let manifest = manifests.get(event.runId);
    if (manifest === undefined) {
      manifest = loadManifest(s, event.runId);
      // A failed load must not poison the cache for the retry.
      manifest.catch(() => manifests.delete(event.runId));
      manifests.set(event.runId, manifest);
      while (manifests.size > MANIFEST_CACHE_SIZE) manifests.delete(manifests.keys().next().value!);
    }
    const loaded = await manifest;
    const design = deps.env[ENV.design] ?? 'distributed';
    const outputCompression = outputCompressionFrom(deps.env);
    const outcomes: PartitionOutcome[] = [];
    for (const key of event.partitions) {
      const r = await processPartition({ storage: s, runId: event.runId, key, manifest: loaded, design, outputCompression, ...(deps.now ? { now: deps.now } : {}) });
      outcomes.push(r.outcome);
    }
    const sum = (f: 'input' | 'curated' | 'quarantined' | 'duplicatesDropped') => outcomes.reduce((n, o) => n + (o.accounting?.[f] ?? 0), 0);
    deps.log(
      JSON.stringify({
        runId: event.runId,
        design,
        partitions: outcomes.length,
        failed: outcomes.filter((o) => o.status === 'failed').map((o) => ({ key: o.key, reason: o.reason })),
        input: sum('input'),
        curated: sum('curated'),
        quarantined: sum('quarantined'),
        duplicatesDropped: sum('duplicatesDropped'),
      }),
    );
    return { runId: event.runId, partitions: outcomes };
  };
}

function checkEvent(event: unknown): asserts event is WorkerEvent {
  const e = event as Partial<WorkerEvent> | null;
  if (typeof e !== 'object' || e === null) throw new Error(`invalid WorkerEvent: expected {runId, partitions}, got ${JSON.stringify(event)}`);
  if (typeof e.runId !== 'string' || e.runId.length === 0) throw new Error(`invalid WorkerEvent: runId must be a non-empty string, got ${JSON.stringify(e.runId)}`);
  if (!Array.isArray(e.partitions) || e.partitions.some((p) => typeof p !== 'string')) {
    throw new Error(`invalid WorkerEvent: partitions must be a list of partition keys, got ${JSON.stringify(e.partitions)}`);
  }
}

/** The Lambda entry point (`index.handler` in the bundle): S3 buckets from the stack's environment. */
export const handler = createHandler({
  storage: () => S3Storage.fromEnv(process.env),
  env: process.env,
  log: (line) => console.log(line),
});

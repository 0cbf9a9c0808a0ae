import type { PartitionAccounting } from './records';

/**
 * The contract between the stacks (lib/stacks), the code that runs inside AWS (lib/workload) and the
 * simulator that drives and measures it (simulator/run, simulator/collect).
 *
 * Object layout, per run (`runId` is unique per execution):
 *   raw:        <runId>/manifest.json                  written by the generator upload (RunManifest)
 *               <runId>/items.json                     Map items for a Distributed Map ItemReader (WorkerEvent[])
 *               <runId>/partitions/<partitionKey>      NDJSON, optionally .gz
 *   curated:    <runId>/<partitionKey>.ndjson[.gz]     normalized records (gzip by default: OUTPUT_COMPRESSION)
 *   quarantine: <runId>/<partitionKey>.ndjson[.gz]     rejected records, each with its reason
 *   audit:      <runId>/quality/<partitionKey>.json    PartitionQuality
 *               <runId>/lineage/<partitionKey>.json    OpenLineage RunEvents (START, COMPLETE or FAIL)
 *               <runId>/profile/<partitionKey>.json    StageProfile
 *               <runId>/accounting/<partitionKey>.json PartitionAccounting
 * Every write is a whole-object PUT keyed by run and partition, so a retried partition overwrites its
 * own outputs and is never counted twice.
 *
 * `<partitionKey>` is the manifest's key (e.g. `part-00000.ndjson.gz`) in the raw zone; in the output
 * zones it is written without its `.ndjson`/`.ndjson.gz` extension (`part-00000`). Build keys with
 * `KEYS` rather than by hand.
 */

/**
 * How the curated and quarantine zones are written. `gzip` (the default) is one gzip stream per object;
 * `none` is plain NDJSON. The audit zone's small JSON documents are never compressed.
 */
export const OUTPUT_COMPRESSIONS = ['gzip', 'none'] as const;
export type OutputCompression = (typeof OUTPUT_COMPRESSIONS)[number];
export const DEFAULT_OUTPUT_COMPRESSION: OutputCompression = 'gzip';

/** The output compression from the workload's environment (ENV.outputCompression); throws on an unknown value. */
export function outputCompressionFrom(env: Readonly<Record<string, string | undefined>>): OutputCompression {
  const v = env[ENV.outputCompression];
  if (v === undefined || v === '') return DEFAULT_OUTPUT_COMPRESSION;
  if ((OUTPUT_COMPRESSIONS as readonly string[]).includes(v)) return v as OutputCompression;
  throw new Error(`${ENV.outputCompression}=${JSON.stringify(v)} is not an output compression; allowed: ${OUTPUT_COMPRESSIONS.join(', ')}`);
}

const OUTPUT_EXTENSION: Readonly<Record<OutputCompression, string>> = { gzip: '.ndjson.gz', none: '.ndjson' };

/** The partition key without its NDJSON extension: the name of its outputs. */
function partitionStem(key: string): string {
  return key.replace(/\.ndjson(\.gz)?$/, '');
}

/** Object keys of one run (see the layout above). */
export const KEYS = {
  manifest: (runId: string) => `${runId}/manifest.json`,
  items: (runId: string) => `${runId}/items.json`,
  rawPartition: (runId: string, key: string) => `${runId}/partitions/${key}`,
  curated: (runId: string, key: string, compression: OutputCompression) => `${runId}/${partitionStem(key)}${OUTPUT_EXTENSION[compression]}`,
  quarantine: (runId: string, key: string, compression: OutputCompression) => `${runId}/${partitionStem(key)}${OUTPUT_EXTENSION[compression]}`,
  quality: (runId: string, key: string) => `${runId}/quality/${partitionStem(key)}.json`,
  lineage: (runId: string, key: string) => `${runId}/lineage/${partitionStem(key)}.json`,
  profile: (runId: string, key: string) => `${runId}/profile/${partitionStem(key)}.json`,
  accounting: (runId: string, key: string) => `${runId}/accounting/${partitionStem(key)}.json`,
  /** Audit zone: written once, conditionally, by the single-node crash fault (ENV.faultCrashAfterPartitions). */
  crashMarker: (runId: string) => `${runId}/faults/single-node-crash.json`,
} as const;

/** The single-node task's worker pool when the scenario does not size it: one worker per whole vCPU, at least one. */
export function defaultWorkers(vcpu: number): number {
  return Math.max(1, Math.floor(vcpu));
}

/** Environment variables both compute resources receive from their stack. */
export const ENV = {
  rawBucket: 'RAW_BUCKET',
  curatedBucket: 'CURATED_BUCKET',
  quarantineBucket: 'QUARANTINE_BUCKET',
  auditBucket: 'AUDIT_BUCKET',
  /** `single-node` or `distributed`. */
  design: 'DESIGN',
  /** Single-node only: worker-pool size (scenario `singleNode.workers`, by default one per whole vCPU). */
  workers: 'WORKERS',
  /** Single-node only: the run to process (a container override set by the state machine). */
  runId: 'RUN_ID',
  /**
   * Single-node only, fault injection (scenario `faults.singleNode.crashAfterPartitions`): exit 137
   * after this many partitions, on the first attempt only. The first attempt is recognized by a
   * conditional PUT (If-None-Match: *) of `audit:<runId>/faults/single-node-crash.json`, so the task
   * needs no read access to its own outputs. Unset or 0: never.
   */
  faultCrashAfterPartitions: 'FAULT_CRASH_AFTER_PARTITIONS',
  /** `gzip` or `none` (OUTPUT_COMPRESSIONS): how curated and quarantine objects are written. Unset: gzip. */
  outputCompression: 'OUTPUT_COMPRESSION',
} as const;

/**
 * Stack outputs the simulator reads after deploy (simulator/deploy, simulator/access). The stacks
 * declare their outputs with these names; rename one and the deploy tests fail.
 */
export const OUTPUT_KEYS = {
  stateMachineArn: 'StateMachineArn',
  bucket: (zone: string) => `${zone[0]!.toUpperCase()}${zone.slice(1)}Bucket`,
  personaRole: (persona: string) => `Role${persona.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`,
  alertTopicArn: 'AlertTopicArn',
  /** Distributed design: the worker Lambda's name. */
  workerFunctionName: 'WorkerFunctionName',
  /** Distributed design: `inline` or `distributed` (the Map state the stack chose). */
  mapKind: 'MapKind',
  /** Single-node design: the ECS cluster, the task definition and its vCPU count. */
  clusterArn: 'ClusterArn',
  taskDefinitionArn: 'TaskDefinitionArn',
  taskVcpu: 'TaskVcpu',
} as const;

/**
 * State ids of the two designs' state machines that the collector reads back from execution
 * histories (simulator/collect). The stacks name their states with these constants.
 */
export const STATE_IDS = {
  /** Distributed: the Map over batches of partitions. */
  fanOut: 'FanOut',
  /** Distributed: one Lambda invocation for one batch. */
  processBatch: 'ProcessBatch',
  /** Distributed: the Catch target that records a batch that failed for good, with its partitions and error. */
  recordFailedBatch: 'RecordFailedBatch',
  /** Single-node: the Fargate task that processes every partition. */
  processAllPartitions: 'ProcessAllPartitions',
  /** Single-node: the Catch target when the task failed after its retries. */
  runFailed: 'RunFailed',
  /** Both: the final state of a successful run. */
  runSucceeded: 'RunSucceeded',
} as const;

export const DESIGNS = ['single-node', 'distributed'] as const;
export type DesignName = (typeof DESIGNS)[number];

/** The input each design's state machine is started with. */
export interface ExecutionInput {
  readonly runId: string;
  /** Distributed design, inline Map: one item per Lambda invocation. */
  readonly items?: readonly WorkerEvent[];
  /** Distributed design, Distributed Map: raw-zone key of the items file (KEYS.items) the ItemReader reads. */
  readonly itemsKey?: string;
}

/** One Lambda invocation's input: a batch of partitions of one run. */
export interface WorkerEvent {
  readonly runId: string;
  readonly partitions: readonly string[];
}

/** What the Lambda returns to the Map (kept small: the state payload limit is 256 KiB). */
export interface WorkerResult {
  readonly runId: string;
  readonly partitions: readonly PartitionOutcome[];
}

export interface PartitionOutcome {
  readonly key: string;
  readonly status: 'ok' | 'failed';
  /** Present when status is `failed`: why the partition could not be read or processed. */
  readonly reason?: string;
  readonly accounting?: PartitionAccounting;
}

/** `input = curated + quarantined + duplicatesDropped`, always (schema in records.ts). */
export type { PartitionAccounting };

/** The manifest the generator writes next to the partitions. */
export interface RunManifest {
  readonly scenario: string;
  readonly seed: number;
  readonly compression: 'none' | 'gzip';
  /** Freshness SLA the processor checks lateness against. */
  readonly freshnessSlaMinutes: number;
  readonly partitions: readonly ManifestPartition[];
  /** The registered schemas, the baseline drift is measured against. */
  readonly registry: unknown;
  /** Format version of this manifest (written by simulator/generate). */
  readonly manifestVersion?: 1;
  /** Total lines over all partitions. */
  readonly events?: number;
  /** sha256 of the scenario file, when generated from one. */
  readonly scenarioHash?: string;
  /** The generator's identity and the logical day the events fall on. */
  readonly generator?: { readonly name: string; readonly version: string; readonly windowStart: string };
}

export interface ManifestPartition {
  readonly key: string;
  /** Lines in the partition, duplicates and corrupt records included (the processor's `input`). */
  readonly events: number;
  /** Bytes of the stored object (compressed when gzip). */
  readonly bytes: number;
  /** sha256 of the stored object. */
  readonly sha256: string;
  /**
   * sha256 and size of the uncompressed NDJSON. Identical on every machine for the same scenario and
   * seed; the gzip bytes need not be (zlib builds may compress differently).
   */
  readonly contentSha256?: string;
  readonly contentBytes?: number;
  /** An injected partition-level fault: the stored gzip stream stops halfway. */
  readonly fault?: 'truncated_gzip';
  /** What the generator injected, so a run can compare detection with ground truth. */
  readonly injected?: InjectedCounts;
}

/** Ground truth for one partition, counted by the generator as it writes. */
export interface InjectedCounts {
  /** Lines written: fresh events + duplicates. */
  readonly lines: number;
  readonly duplicates: number;
  readonly corrupt: { readonly invalid_json: number; readonly wrong_type: number; readonly truncated_line: number };
  /** Over fresh, non-corrupt events (what the processor calls observed). */
  readonly observed: number;
  readonly late: number;
  readonly lineageMissing: number;
  readonly drift: {
    readonly events: number;
    readonly breakingEvents: number;
    readonly byKind: { readonly field_added: number; readonly field_removed: number; readonly field_renamed: number; readonly type_changed: number };
  };
  /** What a correct processor reports for this partition. */
  readonly expected: { readonly curated: number; readonly quarantined: number; readonly duplicatesDropped: number };
}

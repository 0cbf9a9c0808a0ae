/**
 * The contract between the stacks (lib/stacks), the code that runs inside AWS (lib/workload) and the
 * simulator that drives and measures it (simulator/run, simulator/collect).
 *
 * Object layout, per run (`runId` is unique per execution):
 *   raw:        <runId>/manifest.json                  written by the generator upload (RunManifest)
 *               <runId>/items.json                     Map items for a Distributed Map ItemReader (WorkerEvent[])
 *               <runId>/partitions/<partitionKey>      NDJSON, optionally .gz
 *   curated:    <runId>/<partitionKey>.ndjson          normalized records
 *   quarantine: <runId>/<partitionKey>.ndjson          rejected records, each with its reason
 *   audit:      <runId>/quality/<partitionKey>.json    PartitionQuality
 *               <runId>/lineage/<partitionKey>.json    OpenLineage RunEvents (START, COMPLETE or FAIL)
 *               <runId>/profile/<partitionKey>.json    StageProfile
 *               <runId>/accounting/<partitionKey>.json PartitionAccounting
 * Every write is a whole-object PUT keyed by run and partition, so a retried partition overwrites its
 * own outputs and is never counted twice.
 */

/** Environment variables both compute resources receive from their stack. */
export const ENV = {
  rawBucket: 'RAW_BUCKET',
  curatedBucket: 'CURATED_BUCKET',
  quarantineBucket: 'QUARANTINE_BUCKET',
  auditBucket: 'AUDIT_BUCKET',
  /** `single-node` or `distributed`. */
  design: 'DESIGN',
  /** Single-node only: worker-pool size, the task's vCPU count. */
  workers: 'WORKERS',
  /** Single-node only: the run to process (a container override set by the state machine). */
  runId: 'RUN_ID',
} as const;

export type DesignName = 'single-node' | 'distributed';
export const DESIGNS: readonly DesignName[] = ['single-node', 'distributed'];

/** The input each design's state machine is started with. */
export interface ExecutionInput {
  readonly runId: string;
  /** Distributed design, inline Map: one item per Lambda invocation. */
  readonly items?: readonly WorkerEvent[];
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

/** `input = curated + quarantined + duplicatesDropped`, always. */
export interface PartitionAccounting {
  readonly partition: string;
  readonly input: number;
  readonly curated: number;
  readonly quarantined: number;
  readonly duplicatesDropped: number;
}

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
}

export interface ManifestPartition {
  readonly key: string;
  readonly events: number;
  readonly bytes: number;
  readonly sha256: string;
}

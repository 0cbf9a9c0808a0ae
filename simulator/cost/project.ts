import type { DesignName } from '../../lib/workload/contract';
import { singleNodeWorkers, type Scenario } from '../scenario/schema';
import { LAMBDA_MB_PER_VCPU } from '../../lib/aws-limits';
import type { DesignUsage, LambdaInvocation } from '../results/usage';

/**
 * Usage *projected* for a scenario that has not been run: what each design would consume on AWS,
 * from per-event and per-partition rates. Every rate is a parameter with a documented default; the
 * defaults are placeholders until the model (fit on measured sweeps) supplies measured ones. Costs
 * computed from this usage must be labelled *projected*, never *measured*. Pure.
 */

export interface ProjectionAssumptions {
  /**
   * CPU time one event costs on one full vCPU: decompress, parse, validate, dedupe, write.
   * @default 0.05 - 20,000 events/s per vCPU, a placeholder until the model supplies a measured rate
   */
  readonly cpuMsPerEvent: number;
  /**
   * Wall time each partition adds beyond CPU: S3 GET and PUT round trips, stream setup.
   * @default 150
   */
  readonly overheadMsPerPartition: number;
  /**
   * Wall time each Lambda invocation adds whatever its partitions: handler setup, manifest read.
   * @default 20
   */
  readonly overheadMsPerInvocation: number;
  /**
   * Init Duration of a Lambda cold start (billed). Each concurrent execution environment starts cold once.
   * @default 300
   */
  readonly lambdaInitMs: number;
  /**
   * Billed Fargate seconds before the first partition: image pull, task start, runtime start.
   * @default 45
   */
  readonly fargateStartupSeconds: number;
  /**
   * Fraction of the ideal speed-up the single-node worker pool (one worker per vCPU) reaches.
   * @default 0.85
   */
  readonly fargateParallelEfficiency: number;
  /**
   * Bytes the run keeps per event across curated, quarantine and audit outputs, as stored: the curated
   * and quarantine records compressed when `workload.outputCompression` is gzip, the audit documents not.
   * @default - the scenario's `eventSize.medianBytes` plus 230 bytes of NDJSON envelope, 1% of it audit
   *   documents; the records divided by 4.5 under gzip (GZIP_OUTPUT_RATIO)
   */
  readonly storedBytesPerEvent?: number;
  /**
   * S3 PUTs per partition: curated, quarantine, and the quality, lineage, profile and accounting
   * audit objects (lib/workload/contract.ts).
   * @default 6
   */
  readonly s3PutsPerPartition: number;
  /**
   * S3 GETs per partition (the raw object).
   * @default 1
   */
  readonly s3GetsPerPartition: number;
  /**
   * S3 GETs per Lambda invocation or Fargate task (the run manifest).
   * @default 1
   */
  readonly s3GetsPerWorker: number;
  /**
   * S3 LIST requests per run.
   * @default 1
   */
  readonly s3ListsPerRun: number;
  /**
   * CloudWatch Logs bytes per Lambda invocation or Fargate task: START, END and REPORT lines and a summary.
   * @default 600
   */
  readonly logBytesPerWorker: number;
  /**
   * CloudWatch Logs bytes per partition (one structured line per partition and stage).
   * @default 400
   */
  readonly logBytesPerPartition: number;
  /**
   * Standard state transitions per run outside the Map: the Map or RunTask state and `RunSucceeded`.
   * @default 2
   */
  readonly sfnTransitionsPerRun: number;
  /**
   * Standard state transitions per Map iteration (the `ProcessBatch` task state).
   * @default 1
   */
  readonly sfnTransitionsPerIteration: number;
}

export const DEFAULT_PROJECTION_ASSUMPTIONS: ProjectionAssumptions = {
  cpuMsPerEvent: 0.05,
  overheadMsPerPartition: 150,
  overheadMsPerInvocation: 20,
  lambdaInitMs: 300,
  fargateStartupSeconds: 45,
  fargateParallelEfficiency: 0.85,
  s3PutsPerPartition: 6,
  s3GetsPerPartition: 1,
  s3GetsPerWorker: 1,
  s3ListsPerRun: 1,
  logBytesPerWorker: 600,
  logBytesPerPartition: 400,
  sfnTransitionsPerRun: 2,
  sfnTransitionsPerIteration: 1,
};

/** Bytes an NDJSON line adds around the payload (ids, timestamps, keys). */
const ENVELOPE_BYTES_PER_EVENT = 230;
/**
 * How much smaller gzip makes the curated and quarantined records (workload.outputCompression: gzip,
 * level 3): 4.5x, measured on the baseline's curated output (bench/RESULTS.md, Workload: output
 * compression).
 */
const GZIP_OUTPUT_RATIO = 4.5;
/**
 * The audit zone's JSON documents (quality, lineage, profile, accounting), as a share of the uncompressed
 * output. An estimate, not a measurement: the documents are a few summaries per partition, small against
 * its records, so 1% only keeps them from being priced at zero before a run. A run's measured
 * `usage.s3.zones.audit` replaces it.
 */
const AUDIT_SHARE = 0.01;

/**
 * How a run's output bytes split between the zones, as stored: `records` is the curated and quarantine
 * share, `audit` the audit zone's (never compressed), of the bytes the run keeps; with `plainPerEvent`
 * the uncompressed NDJSON bytes of one event. The default `storedBytesPerEvent` is
 * `plainPerEvent × (records' 99% / ratio + audit's 1%)`, so each zone holds the bytes written to it
 * (compressed where they are) and the zones add up to `storedBytes`.
 */
function outputSplit(s: Scenario): { readonly plainPerEvent: number; readonly storedPerEvent: number; readonly records: number; readonly audit: number } {
  const plainPerEvent = s.workload.eventSize.medianBytes + ENVELOPE_BYTES_PER_EVENT;
  const ratio = s.workload.outputCompression === 'gzip' ? GZIP_OUTPUT_RATIO : 1;
  const records = (plainPerEvent * (1 - AUDIT_SHARE)) / ratio;
  const audit = plainPerEvent * AUDIT_SHARE;
  const storedPerEvent = records + audit;
  return { plainPerEvent, storedPerEvent, records: records / storedPerEvent, audit: audit / storedPerEvent };
}

export interface ProjectedUsage {
  readonly basis: 'projected';
  /** The assumptions used, defaults filled in, so a report can print them. */
  readonly assumptions: Required<ProjectionAssumptions>;
  readonly designs: Readonly<Record<DesignName, DesignUsage>>;
}

export function projectUsage(scenario: Scenario, overrides: Partial<ProjectionAssumptions> = {}): ProjectedUsage {
  const a: Required<ProjectionAssumptions> = {
    ...DEFAULT_PROJECTION_ASSUMPTIONS,
    storedBytesPerEvent: outputSplit(scenario).storedPerEvent,
    ...overrides,
  } as Required<ProjectionAssumptions>;
  validateAssumptions(a);
  return { basis: 'projected', assumptions: a, designs: { 'single-node': singleNode(scenario, a), distributed: distributed(scenario, a) } };
}

function validateAssumptions(a: Required<ProjectionAssumptions>): void {
  for (const [key, value] of Object.entries(a)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`projection assumption ${key} must be a finite number >= 0, got ${String(value)}`);
    }
  }
  if (a.fargateParallelEfficiency <= 0 || a.fargateParallelEfficiency > 1) {
    throw new RangeError(`projection assumption fargateParallelEfficiency must be in (0, 1], got ${a.fargateParallelEfficiency}`);
  }
}

function distributed(s: Scenario, a: Required<ProjectionAssumptions>): DesignUsage {
  const { events, partitions } = s.workload;
  const { memoryMiB: memoryMb, architecture, timeoutSeconds, reservedConcurrency } = s.distributed.lambda;
  const invocations = Math.ceil(partitions / s.distributed.map.partitionsPerInvocation);
  // A Node.js handler runs its JavaScript on one thread, so memory beyond one vCPU's worth does not
  // speed it up; below 1,769 MB it gets a proportional share of one vCPU.
  const cpuShare = Math.min(1, memoryMb / LAMBDA_MB_PER_VCPU);
  const durationMs =
    a.overheadMsPerInvocation + (partitions / invocations) * a.overheadMsPerPartition + ((events / invocations) * a.cpuMsPerEvent) / cpuShare;
  const coldStarts = Math.min(invocations, s.distributed.map.maxConcurrency, reservedConcurrency);

  const f = s.faults.lambda;
  const failedAttempts = Math.round(invocations * (f.throwRate + f.oomRate));
  const timedOut = Math.round(invocations * f.timeoutRate);
  const throttled = Math.round(invocations * f.throttleRate);

  const records: LambdaInvocation[] = [
    { durationMs, memoryMb, initMs: a.lambdaInitMs, count: coldStarts },
    { durationMs, memoryMb, count: invocations - coldStarts },
    // A failed attempt is billed like a normal one; a timed-out one for the whole timeout. Each is retried.
    { durationMs, memoryMb, count: failedAttempts },
    { durationMs: timeoutSeconds * 1000, memoryMb, count: timedOut },
  ].filter((r) => r.count > 0);

  const workers = invocations + failedAttempts + timedOut;
  return {
    events,
    lambda: { architecture, invocations: records },
    stepFunctions: {
      // Every retry, throttled ones included, is another state transition.
      standardTransitions: a.sfnTransitionsPerRun + invocations * a.sfnTransitionsPerIteration + failedAttempts + timedOut + throttled,
    },
    s3: s3Usage(s, a, workers),
    logs: { ingestedBytes: workers * a.logBytesPerWorker + partitions * a.logBytesPerPartition },
  };
}

function singleNode(s: Scenario, a: Required<ProjectionAssumptions>): DesignUsage {
  const { events, partitions } = s.workload;
  const { vcpu, memoryMiB, architecture } = s.singleNode.fargate;
  // The worker pool (by default one worker per vCPU, lib/workload/contract.ts) runs on at most the
  // task's vCPUs; a fractional vCPU is a fraction of one worker.
  const workers = singleNodeWorkers(s.singleNode);
  const speed = vcpu >= 1 ? Math.max(1, Math.min(workers, vcpu) * a.fargateParallelEfficiency) : vcpu;
  const workSeconds = ((events * a.cpuMsPerEvent) / speed + (partitions * a.overheadMsPerPartition) / workers) / 1000;
  const taskSeconds = [a.fargateStartupSeconds + workSeconds];
  const crashAfter = Math.min(s.faults.singleNode.crashAfterPartitions, partitions);
  if (crashAfter > 0) {
    // The first attempt dies after `crashAfter` partitions; the retry redoes everything.
    taskSeconds.unshift(a.fargateStartupSeconds + (workSeconds * crashAfter) / partitions);
  }
  return {
    events,
    fargate: { vcpu, memoryGb: memoryMiB / 1024, architecture, taskSeconds },
    stepFunctions: { standardTransitions: a.sfnTransitionsPerRun + (taskSeconds.length - 1) },
    s3: s3Usage(s, a, taskSeconds.length),
    logs: { ingestedBytes: taskSeconds.length * a.logBytesPerWorker + partitions * a.logBytesPerPartition },
  };
}

/** Compression of the landed NDJSON under gzip, an estimate (synthetic events compress about 4:1). */
const GZIP_RATIO = 4;

function s3Usage(s: Scenario, a: Required<ProjectionAssumptions>, workers: number): DesignUsage['s3'] {
  const { events, partitions } = s.workload;
  const stored = events * a.storedBytesPerEvent;
  return {
    putRequests: Math.round(partitions * a.s3PutsPerPartition),
    listRequests: Math.round(a.s3ListsPerRun),
    getRequests: Math.round(partitions * a.s3GetsPerPartition + workers * a.s3GetsPerWorker),
    storedBytes: stored,
    zones: s3Zones(s, stored, a.s3PutsPerPartition),
  };
}

/**
 * A run's S3 bytes by zone, as stored, for `storedBytes` kept: curated, quarantine and audit add up to
 * `storedBytes`; raw is the landed input (not part of it). Estimates of the split: corrupt records and
 * about half the drifted ones are quarantined; the audit zone gets the quality, lineage, profile and
 * accounting objects (small next to the data, and uncompressed). Pure and cheap: the tuner calls it for
 * each configuration it evaluates.
 */
export function s3Zones(s: Scenario, storedBytes: number, putsPerPartition = DEFAULT_PROJECTION_ASSUMPTIONS.s3PutsPerPartition): NonNullable<DesignUsage['s3']['zones']> {
  const { events, partitions } = s.workload;
  const quarantineShare = Math.min(1, s.workload.corruptRate + s.workload.schemaDrift.rate / 2);
  const split = outputSplit(s);
  const rawBytes = (events * split.plainPerEvent) / (s.workload.compression === 'gzip' ? GZIP_RATIO : 1);
  const auditObjects = Math.max(0, Math.round(partitions * (putsPerPartition - 2)));
  return {
    raw: { bytes: rawBytes, objects: partitions },
    curated: { bytes: storedBytes * split.records * (1 - quarantineShare), objects: partitions },
    quarantine: { bytes: storedBytes * split.records * quarantineShare, objects: partitions },
    audit: { bytes: storedBytes * split.audit, objects: auditObjects },
  };
}

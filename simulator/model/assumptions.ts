import type { Architecture } from '../scenario/schema';
import type { Assumption } from '../results/model';

/**
 * What the AWS projection assumes beyond the measured workload. The values come from a calibration
 * profile (calibration/aws-<region>.yaml, resolved by calibration.ts), never from literals here:
 * each carries its range (for the Monte Carlo bands) and its source.
 */
export interface AwsAssumptions {
  /** AWS vCPU time per measuring-machine CPU time for the same work (1 = same speed), by architecture. */
  readonly cpuSpeedFactor: Readonly<Record<Architecture, Ranged>>;
  /** Fargate task start: provisioning, ENI, image pull, container start, s. */
  readonly fargateStartupS: Ranged;
  /** Lambda Init Duration of the worker, ms. */
  readonly lambdaColdStartMs: Ranged;
  /** Parallel efficiency of the single-node worker pool per added worker (worker_threads on dedicated vCPUs). */
  readonly workerEfficiency: Ranged;
  /** S3 GET throughput of one worker stream, MB/s. */
  readonly s3ReadMBps: Ranged;
  /** S3 PUT throughput of one worker stream, MB/s. */
  readonly s3WriteMBps: Ranged;
  /** Step Functions scheduling overhead per Map iteration (dispatch + Lambda invoke round trip), ms. */
  readonly mapIterationOverheadMs: Ranged;
  /** Lambda CPU share: one full vCPU at this many MB. */
  readonly lambdaMbPerVcpu: number;
  /** Most vCPUs a function gets. */
  readonly lambdaMaxVcpu: number;
  /** Account concurrency (default quota). */
  readonly accountConcurrency: number;
  /** Execution environments Lambda adds per 10 s per function. */
  readonly lambdaScalePer10s: number;
  /** Resident memory of the single-node runner besides its workers, MB. */
  readonly singleNodeBaseMemoryMb: number;
}

export interface Ranged {
  readonly mid: number;
  readonly low: number;
  readonly high: number;
  readonly p95?: number;
  readonly unit?: string;
  /** Where the value comes from, in one line (calibration.ts sourceLine). */
  readonly source: string;
}

/** results.json `model.assumptions[]`: one assumption of the projection, in words, with its source. */
export type { Assumption } from '../results/model';

/** The projection's assumptions in words, each with its source, for results.json and the memo's Method section. */
export function describeAssumptions(a: AwsAssumptions, archs: { readonly singleNode: Architecture; readonly distributed: Architecture }): Assumption[] {
  const fmt = (key: string, name: string, r: Ranged, unit: string): Assumption => ({
    key,
    text: `${name}: ${r.mid}${unit} (range ${r.low}–${r.high}${unit}${r.p95 !== undefined ? `, p95 ${r.p95}${unit}` : ''})`,
    source: r.source,
  });
  const speedArchs = [...new Set([archs.singleNode, archs.distributed])];
  return [
    ...speedArchs.map((arch) => fmt(`cpuSpeedFactor.${arch}`, `CPU speed factor ${arch} (AWS vCPU ÷ measuring machine)`, a.cpuSpeedFactor[arch], '×')),
    fmt('fargateTaskStartS', 'Fargate task start', a.fargateStartupS, ' s'),
    fmt('lambdaColdStartMs', 'Lambda cold start (Init Duration)', a.lambdaColdStartMs, ' ms'),
    fmt('workerEfficiency', 'single-node worker efficiency', a.workerEfficiency, ''),
    fmt('s3GetMBpsPerStream', 'S3 read per stream', a.s3ReadMBps, ' MB/s'),
    fmt('s3PutMBpsPerStream', 'S3 write per stream', a.s3WriteMBps, ' MB/s'),
    fmt('mapIterationDispatchMs', 'Map iteration dispatch', a.mapIterationOverheadMs, ' ms'),
    {
      key: 'lambdaCpuShare',
      text: `Lambda CPU: 1 vCPU at ${a.lambdaMbPerVcpu} MB, at most ${a.lambdaMaxVcpu}; the handler is single-threaded, so memory above ${a.lambdaMbPerVcpu} MB buys no speed`,
      source: 'AWS docs "Lambda quotas" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); single-threaded: lib/workload/lambda-handler.ts processes its batch on one thread',
    },
    {
      key: 'lambdaScaling',
      text: `Lambda account concurrency ${a.accountConcurrency}, scaling ${a.lambdaScalePer10s} environments per 10 s`,
      source: 'AWS docs "Lambda quotas" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)',
    },
    {
      key: 'partitionSize',
      text: 'partition size stays at the scenario’s events per partition as volume grows (partitions are added, not grown)',
      source: 'model design: the scenario fixes the partition size; growing partitions instead would change memory per worker, which the scenario does not describe',
    },
  ];
}

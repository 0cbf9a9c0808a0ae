/**
 * What the AWS projection assumes beyond the measured rates. Each value names its source or says it
 * is an assumption; the memo's Method section lists them. `low`/`high` feed the uncertainty band.
 */
export interface AwsAssumptions {
  /** AWS vCPU time per emulator core time for the same work (1 = same speed). */
  readonly cpuSpeedFactor: Ranged;
  /** Fargate task start: provisioning, ENI, image pull, container start, s. */
  readonly fargateStartupS: Ranged;
  /** Parallel efficiency of the single-node worker pool per added worker (worker_threads on dedicated vCPUs). */
  readonly workerEfficiency: Ranged;
  /** S3 GET throughput of one worker stream, MB/s. */
  readonly s3ReadMBps: Ranged;
  /** S3 PUT throughput of one worker stream, MB/s. */
  readonly s3WriteMBps: Ranged;
  /** Step Functions scheduling overhead per Map iteration (dispatch + Lambda invoke round trip), ms. */
  readonly mapIterationOverheadMs: Ranged;
  /** Lambda CPU share: one full vCPU at this many MB (AWS-FACTS). */
  readonly lambdaMbPerVcpu: number;
  /** Account concurrency (AWS-FACTS default). */
  readonly accountConcurrency: number;
  /** Execution environments Lambda adds per 10 s per function (AWS-FACTS). */
  readonly lambdaScalePer10s: number;
  /** Resident memory of the single-node runner besides its workers, MB. */
  readonly singleNodeBaseMemoryMb: number;
}

export interface Ranged {
  readonly mid: number;
  readonly low: number;
  readonly high: number;
  readonly source: string;
}

export const DEFAULT_AWS_ASSUMPTIONS: AwsAssumptions = {
  cpuSpeedFactor: { mid: 1, low: 0.75, high: 1.35, source: 'assumption: one emulator core ≈ one AWS vCPU (Graviton/x86 within ±25-35%)' },
  fargateStartupS: { mid: 45, low: 25, high: 90, source: 'assumption: typical Fargate task start with a ~100 MB image pulled through VPC endpoints' },
  workerEfficiency: { mid: 0.9, low: 0.8, high: 0.97, source: 'assumption: independent partitions on worker_threads; shared only the event loop of the main thread' },
  s3ReadMBps: { mid: 90, low: 50, high: 150, source: 'assumption: single-stream S3 GET within a region' },
  s3WriteMBps: { mid: 60, low: 30, high: 100, source: 'assumption: single-stream S3 PUT within a region' },
  mapIterationOverheadMs: { mid: 60, low: 25, high: 150, source: 'assumption: Step Functions task dispatch and Lambda invoke latency per iteration' },
  lambdaMbPerVcpu: 1769,
  accountConcurrency: 1000,
  lambdaScalePer10s: 1000,
  singleNodeBaseMemoryMb: 300,
};

export type BandPoint = 'mid' | 'low' | 'high';

/** The assumption value for a band point. `low` means the optimistic (fast) end. */
export function at(r: Ranged, point: BandPoint): number {
  return r[point];
}

export function describeAssumptions(a: AwsAssumptions): string[] {
  const fmt = (name: string, r: Ranged, unit: string) => `${name}: ${r.mid}${unit} (band ${r.low}–${r.high}${unit}; ${r.source})`;
  return [
    fmt('CPU speed factor AWS/emulator', a.cpuSpeedFactor, '×'),
    fmt('Fargate task start', a.fargateStartupS, ' s'),
    fmt('single-node worker efficiency', a.workerEfficiency, ''),
    fmt('S3 read per stream', a.s3ReadMBps, ' MB/s'),
    fmt('S3 write per stream', a.s3WriteMBps, ' MB/s'),
    fmt('Map iteration overhead', a.mapIterationOverheadMs, ' ms'),
    `Lambda CPU: 1 vCPU at ${a.lambdaMbPerVcpu} MB; the handler is single-threaded, so memory above that buys no speed (AWS-FACTS)`,
    `Lambda account concurrency ${a.accountConcurrency}, scaling ${a.lambdaScalePer10s} environments per 10 s (AWS-FACTS)`,
    'partition size stays at the scenario’s events per partition as volume grows (partitions are added, not grown)',
  ];
}

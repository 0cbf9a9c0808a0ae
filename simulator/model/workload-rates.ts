/**
 * What the projection knows about the workload itself: CPU (from the isolated workload calibration,
 * simulator/model/workload-cost.ts, the same for both designs), bytes, requests and memory (from the
 * emulator runs). Everything about AWS comes from AwsAssumptions (a calibration profile).
 */
export interface WorkloadRates {
  /** CPU per event, ms, on the measuring machine: the point estimate. */
  readonly cpuPerEventMs: number;
  /** The measured spread of CPU per event (e.g. minimum and median of the calibration runs), ms. */
  readonly cpuPerEventLowMs: number;
  readonly cpuPerEventHighMs: number;
  /** Where the CPU figures come from, in words. */
  readonly cpuSource: string;
  /** CPU per partition regardless of size, ms. */
  readonly cpuPerPartitionMs: number;
  /** Extra CPU of a fresh process's first partition (JIT warm-up), ms. */
  readonly warmupCpuMs: number;
  /** Raw (landed, possibly compressed) bytes per event. */
  readonly rawBytesPerEvent: number;
  /** Output bytes (curated + quarantine + audit) per event. */
  readonly outBytesPerEvent: number;
  /** S3 PUTs per partition (its outputs). */
  readonly putsPerPartition: number;
  /** Log bytes per invocation (distributed) or per partition (single-node). */
  readonly logBytesPerInvocation: number;
  /** Peak memory of one partition in flight: base + per event, MB. */
  readonly memoryBaseMb: number;
  readonly memoryPerEventMb: number;
}

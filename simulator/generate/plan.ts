import type { FaultSpec, WorkloadSpec } from '../scenario/schema';
import { Rng, STREAM } from './prng';

/**
 * The run plan: how many events each partition holds and which partitions carry injected faults.
 * Pure and deterministic from the seed; decided before any event is generated.
 */

export interface Window {
  /** First affected event (0-based, within the partition). */
  readonly start: number;
  readonly length: number;
}

export interface PartitionPlan {
  readonly index: number;
  readonly key: string;
  /** Lines in the partition, duplicates and corrupt records included. */
  readonly events: number;
  /** Global index of the partition's first line (event ids are derived from it). */
  readonly offset: number;
  /** The gzip stream stops halfway, with no end marker and no trailer (faults.data.truncatedGzipPartitions). */
  readonly truncatedGzip: boolean;
  /** A contiguous run of events whose payload breaks the schema (faults.data.driftBurstPartitionRate). */
  readonly driftBurst: Window | null;
  /** A contiguous run of events that all arrive late (faults.data.lateWavePartitionRate). */
  readonly lateWave: Window | null;
}

/** Share of a partition's events a drift burst covers. */
const DRIFT_BURST_SHARE = 0.1;
/** Share of a partition's events a late wave covers. */
const LATE_WAVE_SHARE = 0.25;

/**
 * Partition sizes under a Zipf law: partition i gets a share proportional to 1 / (i + 1)^s, so
 * partition 0 is the hottest. Every partition gets at least one event; the rest is split by
 * largest remainder, so the sizes sum to `events` exactly.
 */
export function partitionSizes(events: number, partitions: number, zipfExponent: number): number[] {
  if (!Number.isInteger(events) || !Number.isInteger(partitions) || partitions < 1 || events < partitions) {
    throw new RangeError(`need integer events >= partitions >= 1, got events ${events}, partitions ${partitions}`);
  }
  const weights = Array.from({ length: partitions }, (_, i) => 1 / Math.pow(i + 1, zipfExponent));
  const total = weights.reduce((s, w) => s + w, 0);
  const rest = events - partitions;
  const sizes = new Array<number>(partitions);
  const frac: { i: number; f: number }[] = [];
  let assigned = 0;
  for (let i = 0; i < partitions; i++) {
    const exact = (rest * weights[i]!) / total;
    const base = Math.floor(exact);
    sizes[i] = 1 + base;
    assigned += base;
    frac.push({ i, f: exact - base });
  }
  frac.sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; k < rest - assigned; k++) sizes[frac[k % partitions]!.i]! += 1;
  return sizes;
}

export function partitionKey(index: number, partitions: number, compression: 'none' | 'gzip'): string {
  const width = Math.max(5, String(partitions - 1).length);
  return `part-${String(index).padStart(width, '0')}.ndjson${compression === 'gzip' ? '.gz' : ''}`;
}

/** `count` distinct partition indexes, chosen by a partial Fisher-Yates shuffle on its own stream. */
export function choosePartitions(partitions: number, count: number, rng: Rng): Set<number> {
  const n = Math.min(count, partitions);
  const idx = new Int32Array(partitions);
  for (let i = 0; i < partitions; i++) idx[i] = i;
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(partitions - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return new Set(idx.subarray(0, n));
}

export function planRun(workload: WorkloadSpec, faults: FaultSpec['data'], seed: number): PartitionPlan[] {
  const sizes = partitionSizes(workload.events, workload.partitions, workload.skew.zipfExponent);
  const P = workload.partitions;
  const truncated = choosePartitions(P, faults.truncatedGzipPartitions, new Rng(seed, STREAM.faultsTruncated));
  const burstRng = new Rng(seed, STREAM.faultsDriftBurst);
  const bursts = choosePartitions(P, Math.round(faults.driftBurstPartitionRate * P), burstRng);
  const waveRng = new Rng(seed, STREAM.faultsLateWave);
  const waves = choosePartitions(P, Math.round(faults.lateWavePartitionRate * P), waveRng);
  const window = (n: number, share: number, rng: Rng): Window => {
    const length = Math.max(1, Math.ceil(n * share));
    return { start: rng.int(n - length + 1), length };
  };
  let offset = 0;
  return sizes.map((events, index) => {
    const plan: PartitionPlan = {
      index,
      key: partitionKey(index, P, workload.compression),
      events,
      offset,
      truncatedGzip: truncated.has(index),
      driftBurst: bursts.has(index) ? window(events, DRIFT_BURST_SHARE, burstRng) : null,
      lateWave: waves.has(index) ? window(events, LATE_WAVE_SHARE, waveRng) : null,
    };
    offset += events;
    return plan;
  });
}

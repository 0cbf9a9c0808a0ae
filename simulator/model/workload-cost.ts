import { STAGES, type Stage } from '../../lib/workload/profile';
import type { WorkloadCost } from '../results/model';
import { quantile } from './stats';

/**
 * The workload's own cost: CPU per event (and per stage), measured once, the same for both designs.
 *
 * It is measured by running the partition processor single-threaded in an isolated child process over
 * a fixed sample of the generated data, several times (simulator/run/workload-cost.ts). CPU time on a
 * shared machine is inflated by whatever else runs (cache and memory-bandwidth contention, GC timing),
 * never deflated, so a low quantile of the repeats is the robust estimate and the spread up to the
 * median is the measurement's uncertainty. Pure: samples in, estimate out.
 */

/** One repetition of the processor over the sample. */
export interface WorkloadCostSample {
  /** `full`: one whole partition of the scenario's size. */
  readonly kind: 'full';
  /** First run in a fresh process: includes JIT warm-up, which is a per-process cost, not a per-event one. */
  readonly fresh: boolean;
  readonly events: number;
  /** Process CPU (user + system) around the processor call, ms. */
  readonly cpuMs: number;
  readonly wallMs: number;
  /** CPU by stage from the processor's own stage profile, ms. */
  readonly stageCpuMs: Readonly<Record<Stage, number>>;
}

export interface WorkloadCostOptions {
  /** The quantile of the warm repetitions taken as the estimate. @default 0.1 */
  readonly quantile?: number;
  /** How the samples were taken, in words (recorded as is). */
  readonly method: string;
  /** The machine that measured (results.json environment.cpuModel). */
  readonly machine: string;
}

/** results.json `model.workloadCost`. Every number is *measured* on the machine named. */
export type { WorkloadCost } from '../results/model';

export function estimateWorkloadCost(samples: readonly WorkloadCostSample[], o: WorkloadCostOptions): WorkloadCost {
  const q = o.quantile ?? 0.1;
  const full = samples.filter((s) => s.kind === 'full' && !s.fresh && s.events > 0);
  if (full.length < 3) throw new RangeError(`workload cost: need at least 3 warm repetitions of the sample, got ${full.length}`);
  const n = full[0].events;
  const cpus = full.map((s) => s.cpuMs);
  const value = quantile(cpus, q) / n;
  const low = Math.min(...cpus) / n;
  const high = quantile(cpus, 0.5) / n;

  const best = full.filter((s) => s.cpuMs <= quantile(cpus, Math.max(q, 0.25)) + 1e-9);
  const perStageMs = {} as Record<Stage, number>;
  for (const st of STAGES) perStageMs[st] = best.reduce((x, s) => x + s.stageCpuMs[st] / s.events, 0) / best.length;

  const fresh = samples.find((s) => s.kind === 'full' && s.fresh);
  const warmupCpuMs = fresh ? Math.max(0, fresh.cpuMs - value * fresh.events) : 0;
  return {
    basis: 'measured',
    method: o.method,
    machine: o.machine,
    cpuPerEventMs: { value: round(value, 6), low: round(low, 6), high: round(high, 6) },
    spreadPct: round(((high - low) / value) * 100, 1),
    perStageMs: Object.fromEntries(STAGES.map((st) => [st, round(perStageMs[st], 6)])) as Record<Stage, number>,
    // The sample is one whole partition of the scenario's size, and the projection keeps that size, so
    // the fixed per-partition CPU is inside the per-event figure.
    perPartitionCpuMs: 0,
    warmupCpuMs: round(warmupCpuMs, 1),
    sampleEvents: n,
    repeats: samples.length,
    quantile: q,
    samples: samples.map((s) => ({ fresh: s.fresh, cpuPerEventMs: round(s.cpuMs / Math.max(1, s.events), 6) })),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

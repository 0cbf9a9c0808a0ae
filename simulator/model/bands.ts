import type { Architecture } from '../scenario/schema';
import type { AwsAssumptions, Ranged } from './assumptions';
import type { WorkloadRates } from './workload-rates';
import type { Band } from '../results/model';
import { quantile } from './stats';

/**
 * Uncertainty as a seeded Monte Carlo over the projection's inputs: the measured spread of the
 * workload's CPU per event and the ranges of the AWS calibration profile. Each draw fixes every
 * uncertain input at once; both designs are projected with the same draw, so a comparison (which is
 * faster, which is cheaper) is made under one consistent state of the world. Deterministic for a seed.
 * Pure.
 */

/** One value of every uncertain input of the projection. */
export interface Draw {
  /** Workload CPU per event on the measuring machine, ms (the same for both designs). */
  readonly cpuPerEventMs: number;
  /** JIT warm-up CPU of a fresh process, ms (once per Lambda environment or task worker). */
  readonly warmupCpuMs: number;
  readonly cpuSpeedFactor: Readonly<Record<Architecture, number>>;
  readonly fargateStartupS: number;
  readonly lambdaColdStartMs: number;
  readonly workerEfficiency: number;
  readonly s3ReadMBps: number;
  readonly s3WriteMBps: number;
  readonly mapIterationOverheadMs: number;
}

/** Draws per projection. 400 keeps the 5th/95th percentiles within about ±2% run to run. */
export const DRAWS = 400;
export const BAND_QUANTILES = { low: 0.05, high: 0.95 } as const;

/** An uncertain input: its name and where its range comes from. */
export interface UncertainInput {
  readonly key: string;
  readonly name: string;
  readonly range: Ranged;
  readonly set: (d: Draw, v: number) => Draw;
}

/** The uncertain inputs for these rates and assumptions, each with its range. */
export function uncertainInputs(rates: WorkloadRates, a: AwsAssumptions): UncertainInput[] {
  const cpu: Ranged = { mid: rates.cpuPerEventMs, low: Math.min(rates.cpuPerEventLowMs, rates.cpuPerEventMs), high: Math.max(rates.cpuPerEventHighMs, rates.cpuPerEventMs), source: rates.cpuSource };
  // One fresh-process measurement: ±50%.
  const warm: Ranged = { mid: rates.warmupCpuMs, low: rates.warmupCpuMs * 0.5, high: rates.warmupCpuMs * 1.5, source: 'one fresh-process run of the workload calibration, ±50%' };
  return [
    { key: 'cpuPerEventMs', name: 'workload CPU per event (measured spread)', range: cpu, set: (d, v) => ({ ...d, cpuPerEventMs: v }) },
    { key: 'warmupCpuMs', name: 'JIT warm-up per fresh process', range: warm, set: (d, v) => ({ ...d, warmupCpuMs: v }) },
    { key: 'cpuSpeedFactor.x86_64', name: 'CPU speed factor x86_64', range: a.cpuSpeedFactor.x86_64, set: (d, v) => ({ ...d, cpuSpeedFactor: { ...d.cpuSpeedFactor, x86_64: v } }) },
    { key: 'cpuSpeedFactor.arm64', name: 'CPU speed factor arm64', range: a.cpuSpeedFactor.arm64, set: (d, v) => ({ ...d, cpuSpeedFactor: { ...d.cpuSpeedFactor, arm64: v } }) },
    { key: 'fargateTaskStartS', name: 'Fargate task start', range: a.fargateStartupS, set: (d, v) => ({ ...d, fargateStartupS: v }) },
    { key: 'lambdaColdStartMs', name: 'Lambda cold start', range: a.lambdaColdStartMs, set: (d, v) => ({ ...d, lambdaColdStartMs: v }) },
    { key: 'workerEfficiency', name: 'single-node worker efficiency', range: a.workerEfficiency, set: (d, v) => ({ ...d, workerEfficiency: v }) },
    { key: 's3GetMBpsPerStream', name: 'S3 read per stream', range: a.s3ReadMBps, set: (d, v) => ({ ...d, s3ReadMBps: v }) },
    { key: 's3PutMBpsPerStream', name: 'S3 write per stream', range: a.s3WriteMBps, set: (d, v) => ({ ...d, s3WriteMBps: v }) },
    { key: 'mapIterationDispatchMs', name: 'Map iteration dispatch', range: a.mapIterationOverheadMs, set: (d, v) => ({ ...d, mapIterationOverheadMs: v }) },
  ];
}

/** Every input at its point estimate. */
export function midDraw(rates: WorkloadRates, a: AwsAssumptions): Draw {
  return {
    cpuPerEventMs: rates.cpuPerEventMs,
    warmupCpuMs: rates.warmupCpuMs,
    cpuSpeedFactor: { x86_64: a.cpuSpeedFactor.x86_64.mid, arm64: a.cpuSpeedFactor.arm64.mid },
    fargateStartupS: a.fargateStartupS.mid,
    lambdaColdStartMs: a.lambdaColdStartMs.mid,
    workerEfficiency: a.workerEfficiency.mid,
    s3ReadMBps: a.s3ReadMBps.mid,
    s3WriteMBps: a.s3WriteMBps.mid,
    mapIterationOverheadMs: a.mapIterationOverheadMs.mid,
  };
}

/**
 * `n` draws, each input from a triangular distribution (low, point estimate, high), independently,
 * from a PRNG seeded with `seed` (the scenario's seed): the same scenario gives the same bands.
 */
export function sampleDraws(rates: WorkloadRates, a: AwsAssumptions, seed: number, n = DRAWS): Draw[] {
  const inputs = uncertainInputs(rates, a);
  const rnd = mulberry32(seed >>> 0);
  const out: Draw[] = [];
  for (let i = 0; i < n; i++) {
    let d = midDraw(rates, a);
    for (const input of inputs) d = input.set(d, triangular(input.range, rnd()));
    out.push(d);
  }
  return out;
}

/** Inverse CDF of the triangular distribution (low, mode = mid, high). */
function triangular(r: { low: number; mid: number; high: number }, u: number): number {
  const { low: a, mid: c, high: b } = r;
  if (!(b > a)) return c;
  const f = (c - a) / (b - a);
  return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/** mulberry32: a small, fast 32-bit PRNG; uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A band from the point estimate and the draws: low/high are the 5th/95th percentiles, p50 and p95 named too. */
export function bandOf(mid: number, draws: readonly number[]): Band {
  if (!draws.length) return { mid, low: mid, high: mid };
  const p5 = quantile(draws, BAND_QUANTILES.low);
  const p50 = quantile(draws, 0.5);
  const p95 = quantile(draws, BAND_QUANTILES.high);
  return { mid, low: Math.min(p5, mid), high: Math.max(p95, mid), p50, p95 };
}

import type { DesignName } from '../../lib/workload/contract';
import type { Assumption } from './assumptions';
import type { CalibrationRecord } from './calibration';
import type { WorkloadCost } from './workload-cost';

/**
 * results.json `model`: the sweep's fit, its projection onto AWS and the crossover. Everything here is
 * *projected* except `measuredPoints` and `validation.heldOut[].measuredMs`, which are *measured* on the
 * emulator. Produced by `scalesim sweep` (simulator/model), rendered by simulator/report.
 */
export interface ModelResult {
  readonly basis: 'projected';
  /** Volumes (events per run) measured on the emulator, per design. */
  readonly measuredPoints: readonly MeasuredPoint[];
  readonly fit: FitResult;
  readonly validation: Validation;
  /** Projected runtime and cost for each design over a log-spaced volume grid. */
  readonly curves: Curves;
  readonly crossover: Crossover;
  /** Lambda memory sweep (Power Tuning style); absent when not measured. */
  readonly memorySweep?: MemorySweep;
  /** What the projection assumes, each with its source, for the memo's Method section. */
  readonly assumptions: readonly Assumption[];
  /** The workload's own cost (CPU per event per stage), measured once and used for both designs. */
  readonly workloadCost?: WorkloadCost;
  /** The AWS calibration profile and every constant the projection took from it. */
  readonly calibration?: CalibrationRecord;
  /** How the bands were computed. */
  readonly uncertainty?: Uncertainty;
}

/** The Monte Carlo behind every band and crossover interval. */
export interface Uncertainty {
  readonly method: string;
  readonly draws: number;
  readonly seed: number;
  /** The quantiles a band's low and high are. */
  readonly quantiles: { readonly low: number; readonly high: number };
  /** Every uncertain input with its range. */
  readonly inputs: readonly { readonly key: string; readonly name: string; readonly mid: number; readonly low: number; readonly high: number; readonly source: string }[];
}

export interface MeasuredPoint {
  readonly design: DesignName;
  readonly events: number;
  readonly partitions: number;
  /** Emulator wall time, ms (measured). */
  readonly wallMs: number;
  /** Summed worker CPU, ms (measured). */
  readonly cpuMs: number;
  /** Measured usage × list price, USD per run. */
  readonly costUsd?: number;
  /** Workload CPU per event the emulator's stage profiles measured for this run, ms (low quantile over partitions): evidence, not a projection input. */
  readonly cpuPerEventMs?: number;
  /** Held out of the fit, used only for validation. */
  readonly heldOut: boolean;
  /** Map concurrency / Lambda memory of this point (distributed sweeps). */
  readonly concurrency?: number;
  readonly memoryMb?: number;
}

/** A fitted value with its uncertainty (standard error) where a fit gives one. */
export interface Estimate {
  readonly value: number;
  readonly stderr?: number;
  readonly unit: string;
}

export interface FitResult {
  /** CPU per event the projection uses for both designs, ms (the workload calibration; the emulator fit when there is none). */
  readonly perEventCpuMs: Estimate;
  /**
   * CPU per event as each design's emulator run measured it (median over partitions), ms: evidence of
   * how much the shared machine inflates it, not used by the projection when a calibration exists.
   */
  readonly emulatorCpuPerEventMs?: Readonly<Partial<Record<DesignName, number>>>;
  /** Fixed cost per partition (open, manifest, writes), ms. */
  readonly perPartitionOverheadMs: Estimate;
  /** Lambda cold-start init on the emulator, ms (measured; AWS's comes from the calibration profile). */
  readonly coldStartMs: Estimate;
  /** Orchestration time per state transition on the emulator, ms. */
  readonly transitionOverheadMs: Estimate;
  /** Universal Scalability Law over Map concurrency: C(N) = N / (1 + α(N−1) + βN(N−1)). */
  readonly usl: UslFit;
  /** Relative error of the runtime fit on the points it was fitted to. */
  readonly fitErrorPct: number;
}

export interface UslFit {
  readonly alpha: number;
  readonly beta: number;
  /** Concurrency where throughput peaks: sqrt((1 − α) / β); null when β = 0. */
  readonly peakConcurrency: number | null;
  readonly r2: number;
  readonly points: readonly { readonly concurrency: number; readonly throughput: number }[];
  /** How the points were obtained (emulator concurrency sweep, or assumed). */
  readonly source: 'measured' | 'assumed';
}

export interface Validation {
  /** Target: |measured / predicted − 1| ≤ 0.15. */
  readonly targetPct: number;
  /** What was predicted and how, in words. */
  readonly method?: string;
  readonly heldOut: readonly { readonly design: DesignName; readonly events: number; readonly measuredMs: number; readonly predictedMs: number; readonly ratio: number }[];
  readonly withinTarget: boolean;
  /** Why the target was missed, when it was. */
  readonly note?: string;
}

/**
 * A projected value: `mid` at the point estimate of every input; `low`/`high` the 5th/95th percentiles
 * of the seeded Monte Carlo (model.uncertainty), `p50`/`p95` named as such.
 */
export interface Band {
  readonly mid: number;
  readonly low: number;
  readonly high: number;
  readonly p50?: number;
  readonly p95?: number;
}

export interface Curves {
  readonly volumes: readonly number[];
  readonly designs: Readonly<Record<DesignName, DesignCurve>>;
}

export interface DesignCurve {
  /** Projected AWS wall time, ms. */
  readonly runtimeMs: readonly Band[];
  /** Projected AWS cost per run, USD. */
  readonly costUsd: readonly Band[];
  /** null where the design fits; otherwise why it does not (SLA missed, Fargate size exceeded, ...). */
  readonly infeasible: readonly (string | null)[];
  /** The configuration projected at each volume (e.g. Fargate size, Lambda memory, concurrency). */
  readonly configuration: readonly string[];
}

export interface CrossoverPoint {
  /**
   * Events per run where the comparison flips; null when it never flips within the projected range.
   * Read it with `holds`: `above` means distributed wins from `volume` up, `below` means it wins only
   * under `volume`.
   */
  readonly volume: number | null;
  /** Where the statement holds: above the volume, below it, at every projected volume, or at none. */
  readonly holds: 'above' | 'below' | 'everywhere' | 'nowhere';
  readonly reasoning: string;
  /**
   * The interval: the 5th and 95th percentiles of where the comparison flips over the Monte Carlo draws
   * (events per run). A draw that never flips inside the projected range counts at the range's end,
   * and `lowOpen`/`highOpen` say the interval runs past it.
   */
  readonly low: number;
  readonly high: number;
  readonly lowOpen?: boolean;
  readonly highOpen?: boolean;
  /** The inputs that move it most: the flip volume with each at its low and its high end, the others at their point estimates. */
  readonly drivers?: readonly { readonly key: string; readonly name: string; readonly range: string; readonly atLow: number | null; readonly atHigh: number | null }[];
  /** How wide the interval is and why, in one sentence. */
  readonly why?: string;
}

export interface Crossover {
  readonly faster: CrossoverPoint;
  readonly cheaper: CrossoverPoint;
  readonly singleNodeInfeasible: CrossoverPoint & { readonly reason: string | null };
  /** The answer in one sentence, with the three numbers. */
  readonly sentence: string;
}

export interface MemorySweep {
  readonly points: readonly { readonly memoryMb: number; readonly wallMs: number; readonly costUsd: number; readonly basis: 'measured' | 'projected' }[];
  readonly optima: { readonly cost: number; readonly speed: number; readonly balanced: number };
}

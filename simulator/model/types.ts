import type { DesignName } from '../../lib/workload/contract';
import type { DecisionMap } from './decision-map';

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
  /**
   * Which design is cheaper per month (fixed costs included) and which meets the SLA, over events per
   * run × runs per month; absent when the templates' fixed costs were not priced.
   */
  readonly decisionMap?: DecisionMap;
  /** Lambda memory sweep (Power Tuning style); absent when not measured. */
  readonly memorySweep?: MemorySweep;
  /** What the projection assumes, in words, for the memo's Method section. */
  readonly assumptions: readonly string[];
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
  /** CPU per event in the processor, ms (from stage profiles; one vCPU). */
  readonly perEventCpuMs: Estimate;
  /** Fixed cost per partition (open, manifest, writes), ms. */
  readonly perPartitionOverheadMs: Estimate;
  /** Lambda cold-start init, ms. */
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
  readonly heldOut: readonly { readonly design: DesignName; readonly events: number; readonly measuredMs: number; readonly predictedMs: number; readonly ratio: number }[];
  readonly withinTarget: boolean;
  /** Why the target was missed, when it was. */
  readonly note?: string;
}

export interface Band {
  readonly mid: number;
  readonly low: number;
  readonly high: number;
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

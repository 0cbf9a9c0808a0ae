/**
 * The stage profile: where a partition's time and bytes go. The processor works in batches (one
 * decompressed chunk at a time) and runs each stage over the whole batch, so a stage is timed with
 * two clock reads per batch rather than per record.
 *
 * CPU time is `process.cpuUsage()`, which covers the whole process: exact in a Lambda (one partition
 * at a time, one thread) but shared between threads in the single-node worker pool, where
 * `cpuScope` says so. Node 20 has no per-thread CPU clock (`process.threadCpuUsage` arrives later);
 * when it exists it is used and `cpuScope` is `thread`.
 */

import type { StageTiming } from './records';

export type { StageTiming };

export const STAGES = ['read', 'decompress', 'parse', 'validate', 'aggregate', 'write'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageProfile {
  readonly partition: string;
  readonly design?: string;
  readonly cpuScope: 'process' | 'thread';
  readonly events: number;
  readonly stages: Readonly<Record<Stage, StageTiming>>;
  readonly totalWallMs: number;
  readonly totalCpuMs: number;
}

/** Clocks, injectable so tests are deterministic. Both return milliseconds. */
export interface ProfileClock {
  readonly wall: () => number;
  readonly cpu: () => number;
  readonly cpuScope: 'process' | 'thread';
}

type ThreadCpu = () => { user: number; system: number };

export function realClock(): ProfileClock {
  const threadCpu = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage;
  const cpu = typeof threadCpu === 'function' ? threadCpu.bind(process) : () => process.cpuUsage();
  return {
    wall: () => performance.now(),
    cpu: () => {
      const u = cpu();
      return (u.user + u.system) / 1000;
    },
    cpuScope: typeof threadCpu === 'function' ? 'thread' : 'process',
  };
}

/** Accumulates wall and CPU time per stage. `lap(stage)` charges the time since the previous lap to `stage`. */
export class StageTimer {
  private readonly wall: Record<Stage, number> = zeroStages();
  private readonly cpu: Record<Stage, number> = zeroStages();
  private readonly bytes: Record<Stage, number> = zeroStages();
  private lastWall: number;
  private lastCpu: number;

  constructor(readonly clock: ProfileClock) {
    this.lastWall = clock.wall();
    this.lastCpu = clock.cpu();
  }

  /** Forget the time since the last lap (e.g. time spent outside this partition). */
  mark(): void {
    this.lastWall = this.clock.wall();
    this.lastCpu = this.clock.cpu();
  }

  lap(stage: Stage): void {
    const w = this.clock.wall();
    const c = this.clock.cpu();
    this.wall[stage] += w - this.lastWall;
    this.cpu[stage] += c - this.lastCpu;
    this.lastWall = w;
    this.lastCpu = c;
  }

  addBytes(stage: Stage, n: number): void {
    this.bytes[stage] += n;
  }

  /** Charge another timer's totals to this one (the core's stages into the job's). */
  absorb(other: StageTimer): void {
    const t = other.snapshot();
    for (const s of STAGES) {
      this.wall[s] += t[s].wallMs;
      this.cpu[s] += t[s].cpuMs;
      this.bytes[s] += t[s].bytes;
    }
  }

  snapshot(): Record<Stage, StageTiming> {
    const out = {} as Record<Stage, StageTiming>;
    for (const s of STAGES) out[s] = { wallMs: round3(this.wall[s]), cpuMs: round3(this.cpu[s]), bytes: this.bytes[s] };
    return out;
  }

  profile(partition: string, events: number, design?: string): StageProfile {
    const stages = this.snapshot();
    let w = 0;
    let c = 0;
    for (const s of STAGES) {
      w += this.wall[s];
      c += this.cpu[s];
    }
    return {
      partition,
      ...(design ? { design } : {}),
      cpuScope: this.clock.cpuScope,
      events,
      stages,
      totalWallMs: round3(w),
      totalCpuMs: round3(c),
    };
  }
}

function zeroStages(): Record<Stage, number> {
  return { read: 0, decompress: 0, parse: 0, validate: 0, aggregate: 0, write: 0 };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Sum stage profiles (for a run's breakdown). */
export function sumProfiles(profiles: readonly StageProfile[]): Record<Stage, StageTiming> {
  const out = {} as Record<Stage, { wallMs: number; cpuMs: number; bytes: number }>;
  for (const s of STAGES) out[s] = { wallMs: 0, cpuMs: 0, bytes: 0 };
  for (const p of profiles) {
    for (const s of STAGES) {
      out[s].wallMs += p.stages[s].wallMs;
      out[s].cpuMs += p.stages[s].cpuMs;
      out[s].bytes += p.stages[s].bytes;
    }
  }
  for (const s of STAGES) {
    out[s].wallMs = round3(out[s].wallMs);
    out[s].cpuMs = round3(out[s].cpuMs);
  }
  return out;
}

import * as fs from 'fs';
import { statusKb, treeStats } from '../simulator/emulator/process-tree';

/**
 * Samples the memory of a process tree from /proc (Linux): every process that descends from `root`,
 * classified by its command line. Per process it keeps the kernel's own high-water mark (`VmHWM`, the
 * peak resident set, exact even between samples); for the tree as a whole it keeps the largest sum of
 * `VmRSS` seen at one sample (a sampled figure: a spike shorter than the interval can be missed).
 */

export type ProcessRole = 'scalesim' | 'moto' | 'lambda-environment' | 'ecs-task' | 'esbuild' | 'other';

export interface ProcessPeak {
  readonly pid: number;
  readonly role: ProcessRole;
  readonly command: string;
  /** Peak resident set (VmHWM), MiB. */
  readonly peakRssMiB: number;
  /** CPU time (user + system) at the last sample, s. */
  readonly cpuS: number;
}

export interface TreeMemory {
  /** Each process seen, with its peak. */
  readonly processes: readonly ProcessPeak[];
  /** Largest peak per role (the largest single process of that kind). */
  readonly peakByRole: Readonly<Partial<Record<ProcessRole, number>>>;
  /** CPU seconds per role, summed over its processes (up to each one's last sample). */
  readonly cpuByRole: Readonly<Partial<Record<ProcessRole, number>>>;
  /** Largest single process, MiB. */
  readonly peakProcessMiB: number;
  /** Largest sum of VmRSS over the tree at one sample, MiB. */
  readonly peakTotalMiB: number;
  readonly samples: number;
}

export function classify(cmdline: string): ProcessRole {
  if (/launcher\.py/.test(cmdline)) return 'moto';
  if (/bootstrap\.cjs/.test(cmdline)) return 'lambda-environment';
  if (/task-runner/.test(cmdline)) return 'ecs-task';
  if (/esbuild/.test(cmdline) && /--service/.test(cmdline)) return 'esbuild';
  if (/scalesim/.test(cmdline)) return 'scalesim';
  return 'other';
}

/** Clock ticks per second (USER_HZ), the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

function cmdlineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

export class ProcessSampler {
  private readonly seen = new Map<number, { role: ProcessRole; command: string; hwmKiB: number; settled: boolean; cpuS: number }>();
  private peakTotalKiB = 0;
  private samples = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    private readonly intervalMs = 500,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    let total = 0;
    for (const { pid, utimeTicks, stimeTicks } of treeStats(this.root)) {
      const rss = statusKb(pid, 'VmRSS');
      if (rss === undefined) continue;
      total += rss;
      const hwm = statusKb(pid, 'VmHWM') ?? rss;
      const cpuS = (utimeTicks + stimeTicks) / TICKS_PER_SECOND;
      const prev = this.seen.get(pid);
      if (prev && prev.settled) {
        prev.hwmKiB = Math.max(prev.hwmKiB, hwm);
        prev.cpuS = Math.max(prev.cpuS, cpuS);
      } else {
        // A child is first seen between fork and exec with its parent's command line: read it again
        // until it has been the same twice.
        const command = cmdlineOf(pid).slice(0, 160);
        this.seen.set(pid, { role: classify(command), command, hwmKiB: Math.max(prev?.hwmKiB ?? 0, hwm), settled: prev?.command === command, cpuS });
      }
    }
    this.samples++;
    this.peakTotalKiB = Math.max(this.peakTotalKiB, total);
  }

  /** Live PIDs of a role. */
  pidsOf(role: ProcessRole): number[] {
    return [...this.seen.entries()].filter(([pid, p]) => p.role === role && fs.existsSync(`/proc/${pid}`)).map(([pid]) => pid);
  }

  stop(): TreeMemory {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const mib = (k: number) => Math.round((k / 1024) * 10) / 10;
    const processes = [...this.seen.entries()].map(([pid, p]) => ({ pid, role: p.role, command: p.command, peakRssMiB: mib(p.hwmKiB), cpuS: Math.round(p.cpuS * 10) / 10 }));
    const peakByRole: Partial<Record<ProcessRole, number>> = {};
    const cpuByRole: Partial<Record<ProcessRole, number>> = {};
    for (const p of processes) {
      peakByRole[p.role] = Math.max(peakByRole[p.role] ?? 0, p.peakRssMiB);
      cpuByRole[p.role] = Math.round(((cpuByRole[p.role] ?? 0) + p.cpuS) * 10) / 10;
    }
    return {
      processes: processes.sort((a, b) => b.peakRssMiB - a.peakRssMiB),
      peakByRole,
      cpuByRole,
      peakProcessMiB: Math.max(0, ...processes.map((p) => p.peakRssMiB)),
      peakTotalMiB: mib(this.peakTotalKiB),
      samples: this.samples,
    };
  }
}

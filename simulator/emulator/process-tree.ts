import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process bookkeeping on Linux's /proc. Every process scalesim starts is the leader of its own process
 * group (spawned with `detached: true`), so stopping it means signalling exactly that group by its id,
 * never a name.
 */

/** Sends `signal` to the process group led by `pgid`. Returns false if it no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** True while a process with this id exists (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  if (stat) return stat.state !== 'Z' && stat.state !== 'X';
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The fields scalesim uses of /proc/<pid>/stat. */
export interface ProcStat {
  readonly pid: number;
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  /** CPU time in user mode, clock ticks. */
  readonly utimeTicks: number;
  /** CPU time in kernel mode, clock ticks. */
  readonly stimeTicks: number;
}

/** After the command name: state(0) ppid(1) pgrp(2) ... utime(11) stime(12) (proc(5)). */
const STAT_STATE = 0;
const STAT_PPID = 1;
const STAT_PGRP = 2;
const STAT_UTIME = 11;
const STAT_STIME = 12;

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may contain spaces or parentheses: split after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: rest[STAT_STATE]!,
    ppid: Number(rest[STAT_PPID]),
    pgrp: Number(rest[STAT_PGRP]),
    utimeTicks: Number(rest[STAT_UTIME]),
    stimeTicks: Number(rest[STAT_STIME]),
  };
}

function allStats(): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const s = readStat(Number(n));
    if (s && s.state !== 'Z' && s.state !== 'X') out.push(s);
  }
  return out;
}

/** Live (non-zombie) descendants of `root` among `stats`, at any depth, breadth first. */
function descendantsIn(stats: readonly ProcStat[], root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid) ?? [];
    list.push(s);
    children.set(s.ppid, list);
  }
  const out: ProcStat[] = [];
  const queue = [root];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

/** Live (non-zombie) descendants of `root`, at any depth. Empty where /proc is unavailable. */
export function descendants(root: number): number[] {
  return descendantsIn(allStats(), root).map((s) => s.pid);
}

/**
 * The stat of `root` (first, when it is live) and of its live descendants, from one read of each
 * process's /proc/<pid>/stat. Empty where /proc is unavailable.
 */
export function treeStats(root: number): ProcStat[] {
  const stats = allStats();
  const self = stats.find((s) => s.pid === root);
  return [...(self ? [self] : []), ...descendantsIn(stats, root)];
}

/** Live members of a process group. */
export function groupMembers(pgid: number): number[] {
  return allStats()
    .filter((s) => s.pgrp === pgid)
    .map((s) => s.pid);
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined when unreadable. */
export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Sum of VmRSS over a process group, in kB: a container's memory, as a cgroup would count it (roughly). */
export function groupRssKb(pgid: number): number {
  let total = 0;
  for (const pid of groupMembers(pgid)) total += statusKb(pid, 'VmRSS') ?? 0;
  return total;
}

/**
 * SIGTERM the group, wait up to `graceMs` for its leader to exit, then SIGKILL the group. Resolves once
 * the leader is gone or after the SIGKILL.
 */
export async function stopGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0 && !isAlive(pgid)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  signalGroup(pgid, 'SIGKILL');
}

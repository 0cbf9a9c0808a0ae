import type { StageProfile } from '../../lib/workload/profile';
import type { Timeline } from '../results/design';
import type { RawMeasurements } from './collect-design';
import { attemptPartitions } from './execution-history';

/**
 * The raw timing evidence of one execution, as the target recorded it (results.json
 * `designs.<d>.timeline`): task attempts and Map iterations from the execution history, the ECS
 * task's own timestamps from the RunTask.sync output, and one REPORT line per Lambda invocation.
 * `scalesim calibrate` fits the AWS platform constants from these. Pure.
 */
export function timelineOf(raw: RawMeasurements): Timeline {
  const h = raw.history;
  return {
    taskAttempts: h.taskAttempts.map((a) => {
      const partitions = attemptPartitions(a);
      return { scheduledMs: a.scheduledMs, ...(a.endMs !== undefined ? { endMs: a.endMs } : {}), outcome: a.outcome, ...(partitions.length ? { partitions } : {}) };
    }),
    mapIterations: h.mapIterations.map((i) => ({ index: i.index, startMs: i.startMs, ...(i.endMs !== undefined ? { endMs: i.endMs } : {}), status: i.status })),
    ecsTasks: h.taskAttempts.flatMap((a) => {
      const t = ecsTask(a.output);
      return t ? [t] : [];
    }),
    reports: raw.reports.map((r) => ({
      durationMs: r.durationMs,
      billedDurationMs: r.billedDurationMs,
      memorySizeMb: r.memorySizeMb,
      maxMemoryUsedMb: r.maxMemoryUsedMb,
      ...(r.initDurationMs !== undefined ? { initDurationMs: r.initDurationMs } : {}),
    })),
    cpuScope: cpuScopeOf(raw.profiles),
  };
}

interface EcsTaskTimes {
  CreatedAt?: unknown;
  PullStartedAt?: unknown;
  PullStoppedAt?: unknown;
  StartedAt?: unknown;
  StoppedAt?: unknown;
}

/** RunTask.sync ends with the stopped task, or a DescribeTasks-shaped `{Tasks: [...]}`. */
function ecsTask(output: unknown): Timeline['ecsTasks'][number] | undefined {
  const o = output as (EcsTaskTimes & { Tasks?: EcsTaskTimes[] }) | undefined;
  const t = o?.Tasks?.[0] ?? o;
  if (!t || typeof t !== 'object') return undefined;
  const out = {
    ...opt('createdMs', toMs(t.CreatedAt)),
    ...opt('pullStartedMs', toMs(t.PullStartedAt)),
    ...opt('pullStoppedMs', toMs(t.PullStoppedAt)),
    ...opt('startedMs', toMs(t.StartedAt)),
    ...opt('stoppedMs', toMs(t.StoppedAt)),
  };
  return Object.keys(out).length ? out : undefined;
}

function opt<K extends string>(k: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [k]: v } as Record<K, number>);
}

function toMs(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v > 1e12 ? v : v * 1000;
  const t = Date.parse(String(v));
  return Number.isNaN(t) ? undefined : t;
}

function cpuScopeOf(profiles: readonly StageProfile[]): Timeline['cpuScope'] {
  const scopes = new Set(profiles.map((p) => p.cpuScope));
  if (!scopes.size) return undefined;
  return scopes.size === 1 ? [...scopes][0] : 'mixed';
}

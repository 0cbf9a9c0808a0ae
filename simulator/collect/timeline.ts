import type { StageProfile } from '../../lib/workload/profile';
import type { Timeline } from '../results/design';
import type { RawMeasurements } from './collect-design';
import { ecsTaskTimes } from './ecs-task-times';
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
      const t = ecsTaskTimes(a.output);
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

function cpuScopeOf(profiles: readonly StageProfile[]): Timeline['cpuScope'] {
  const scopes = new Set(profiles.map((p) => p.cpuScope));
  if (!scopes.size) return undefined;
  return scopes.size === 1 ? [...scopes][0] : 'mixed';
}

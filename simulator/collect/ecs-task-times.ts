import type { Timeline } from '../results/design';

/** The ECS task's own timestamps, epoch ms, as results.json `designs.<d>.timeline.ecsTasks` records them. */
export type EcsTaskTimes = Timeline['ecsTasks'][number];

/** The timestamp fields of an ECS task object, as a RunTask.sync output carries them. */
interface EcsTaskFields {
  CreatedAt?: unknown;
  PullStartedAt?: unknown;
  PullStoppedAt?: unknown;
  StartedAt?: unknown;
  StoppedAt?: unknown;
}

/** Epoch seconds below this are seconds (the SDK's), at or above it milliseconds: 1e12 ms is 2001-09-09. */
const EPOCH_MS_THRESHOLD = 1e12;

/**
 * The timestamps of the ECS task a task attempt ran. RunTask.sync ends with the stopped task (the task
 * object itself, or a DescribeTasks-shaped `{Tasks: [...]}`). Undefined when the output holds none.
 */
export function ecsTaskTimes(output: unknown): EcsTaskTimes | undefined {
  const o = output as (EcsTaskFields & { Tasks?: EcsTaskFields[] }) | undefined;
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

/** A timestamp as epoch ms: a number (seconds or ms) or a date string. */
function toMs(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v > EPOCH_MS_THRESHOLD ? v : v * 1000;
  const t = Date.parse(String(v));
  return Number.isNaN(t) ? undefined : t;
}

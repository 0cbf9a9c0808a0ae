import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { STATE_IDS } from '../../lib/workload/contract';

/** What one execution's history says about orchestration: transitions, retries, failures, iterations. */
export interface HistorySummary {
  readonly events: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Execution wall time from the history's first to last event, ms (measured). */
  readonly wallMs: number;
  /**
   * Billable state transitions: every state entered, plus every retry attempt (AWS bills retries as
   * transitions; "Step Functions pricing": "including retries").
   */
  readonly transitions: number;
  readonly statesEntered: number;
  /** Task attempts beyond the first, per state entry. */
  readonly retries: number;
  readonly tasks: { readonly scheduled: number; readonly succeeded: number; readonly failed: number; readonly timedOut: number };
  /** Failed task attempts by error name, e.g. `Lambda.TooManyRequestsException`. */
  readonly errors: Readonly<Record<string, number>>;
  /** Failures a Catch recorded (entries into the `STATE_IDS.recordFailedBatch` state) with their input. */
  readonly caught: readonly { readonly state: string; readonly input: unknown }[];
  readonly mapIterations: readonly MapIteration[];
  /** Per state name: entries and total time inside (entered → exited), ms. */
  readonly states: Readonly<Record<string, { readonly entered: number; readonly totalMs: number }>>;
  /** Task attempts with their start and end, ms since epoch, in order (for the critical path). */
  readonly taskAttempts: readonly TaskAttempt[];
}

export interface MapIteration {
  readonly index: number;
  readonly startMs: number;
  readonly endMs?: number;
  readonly status: 'succeeded' | 'failed' | 'aborted' | 'running';
}

export interface TaskAttempt {
  readonly scheduledMs: number;
  /** The task's parameters as scheduled (for a Lambda task, its payload holds the batch). */
  readonly parameters?: unknown;
  readonly endMs?: number;
  readonly outcome: 'succeeded' | 'failed' | 'timed-out' | 'running';
  readonly error?: string;
  readonly output?: unknown;
}

/** Pure: summarizes a Step Functions execution history (as GetExecutionHistory returns it, oldest first). */
export function summarizeHistory(history: readonly HistoryEvent[]): HistorySummary {
  const events = [...history].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const ms = (e: HistoryEvent) => (e.timestamp instanceof Date ? e.timestamp.getTime() : Number(e.timestamp ?? 0));
  const startMs = events.length ? ms(events[0]) : 0;
  const endMs = events.length ? ms(events[events.length - 1]) : 0;

  let statesEntered = 0;
  let taskStatesEntered = 0;
  const tasks = { scheduled: 0, succeeded: 0, failed: 0, timedOut: 0 };
  const errors: Record<string, number> = {};
  const caught: { state: string; input: unknown }[] = [];
  const iterations = new Map<number, MapIteration>();
  const states: Record<string, { entered: number; totalMs: number }> = {};
  const openStates = new Map<string, number[]>();
  const attempts: TaskAttempt[] = [];
  const openAttempts: number[] = [];
  const byId = new Map(events.map((e) => [e.id ?? -1, e]));
  const attemptOfScheduled = new Map<number, number>();
  // The attempt an end event belongs to: follow previousEventId back to its TaskScheduled event.
  const attemptFor = (e: HistoryEvent): number | undefined => {
    let cur: HistoryEvent | undefined = e;
    for (let hops = 0; cur && hops < 8; hops++) {
      const a = attemptOfScheduled.get(cur.id ?? -1);
      if (a !== undefined) return a;
      cur = byId.get(cur.previousEventId ?? -1);
    }
    return undefined;
  };
  const close = (e: HistoryEvent, t: number, outcome: TaskAttempt['outcome'], error?: string, output?: unknown) => {
    const linked = attemptFor(e);
    const i = linked !== undefined && openAttempts.includes(linked) ? linked : openAttempts[0];
    if (i === undefined) return;
    openAttempts.splice(openAttempts.indexOf(i), 1);
    attempts[i] = { ...attempts[i], endMs: t, outcome, ...(error ? { error } : {}), ...(output !== undefined ? { output } : {}) };
  };

  for (const e of events) {
    const type = e.type ?? '';
    const t = ms(e);
    if (type.endsWith('StateEntered')) {
      statesEntered++;
      if (type === 'TaskStateEntered') taskStatesEntered++;
      const name = e.stateEnteredEventDetails?.name ?? '?';
      (states[name] ??= { entered: 0, totalMs: 0 }).entered++;
      const open = openStates.get(name) ?? [];
      open.push(t);
      openStates.set(name, open);
      if (name === STATE_IDS.recordFailedBatch) caught.push({ state: name, input: parseJson(e.stateEnteredEventDetails?.input) });
    } else if (type.endsWith('StateExited')) {
      const name = e.stateExitedEventDetails?.name ?? '?';
      const entered = openStates.get(name)?.shift();
      if (entered !== undefined) (states[name] ??= { entered: 0, totalMs: 0 }).totalMs += t - entered;
    } else if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') {
      tasks.scheduled++;
      const parameters = parseJson(e.taskScheduledEventDetails?.parameters);
      attempts.push({ scheduledMs: t, outcome: 'running', ...(parameters !== undefined ? { parameters } : {}) });
      openAttempts.push(attempts.length - 1);
      attemptOfScheduled.set(e.id ?? -1, attempts.length - 1);
    } else if (type === 'TaskSucceeded' || type === 'LambdaFunctionSucceeded') {
      tasks.succeeded++;
      close(e, t, 'succeeded', undefined, parseJson(e.taskSucceededEventDetails?.output ?? e.lambdaFunctionSucceededEventDetails?.output));
    } else if (type === 'TaskFailed' || type === 'LambdaFunctionFailed' || type === 'TaskStartFailed' || type === 'TaskSubmitFailed' || type === 'LambdaFunctionStartFailed') {
      tasks.failed++;
      const err = e.taskFailedEventDetails?.error ?? e.lambdaFunctionFailedEventDetails?.error ?? e.taskStartFailedEventDetails?.error ?? e.taskSubmitFailedEventDetails?.error ?? e.lambdaFunctionStartFailedEventDetails?.error ?? 'unknown';
      errors[err] = (errors[err] ?? 0) + 1;
      close(e, t, 'failed', err);
    } else if (type === 'TaskTimedOut' || type === 'LambdaFunctionTimedOut') {
      tasks.timedOut++;
      const err = e.taskTimedOutEventDetails?.error ?? e.lambdaFunctionTimedOutEventDetails?.error ?? 'States.Timeout';
      errors[err] = (errors[err] ?? 0) + 1;
      close(e, t, 'timed-out', err);
    } else if (type === 'MapIterationStarted') {
      const index = e.mapIterationStartedEventDetails?.index ?? iterations.size;
      iterations.set(index, { index, startMs: t, status: 'running' });
    } else if (type === 'MapIterationSucceeded' || type === 'MapIterationFailed' || type === 'MapIterationAborted') {
      const details = e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails ?? e.mapIterationAbortedEventDetails;
      const index = details?.index ?? -1;
      const it = iterations.get(index);
      const status = type === 'MapIterationSucceeded' ? 'succeeded' : type === 'MapIterationFailed' ? 'failed' : 'aborted';
      iterations.set(index, { index, startMs: it?.startMs ?? t, endMs: t, status });
    }
  }
  const retries = Math.max(0, tasks.scheduled - taskStatesEntered);
  return {
    events: events.length,
    startMs,
    endMs,
    wallMs: endMs - startMs,
    transitions: statesEntered + retries,
    statesEntered,
    retries,
    tasks,
    errors,
    caught,
    mapIterations: [...iterations.values()].sort((a, b) => a.index - b.index),
    states,
    taskAttempts: attempts,
  };
}

function parseJson(s: string | undefined): unknown {
  if (s === undefined) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Partition keys a task attempt worked on: its Lambda payload's `partitions` (any nesting AWS uses). */
export function attemptPartitions(a: TaskAttempt): string[] {
  const p = a.parameters as { Payload?: { partitions?: unknown }; partitions?: unknown; FunctionName?: string } | undefined;
  const list = p?.Payload?.partitions ?? p?.partitions;
  return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
}

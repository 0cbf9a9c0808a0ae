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

const TASK_SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);
const TASK_SUCCEEDED = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded']);
const TASK_FAILED = new Set(['TaskFailed', 'LambdaFunctionFailed', 'TaskStartFailed', 'TaskSubmitFailed', 'LambdaFunctionStartFailed']);
const TASK_TIMED_OUT = new Set(['TaskTimedOut', 'LambdaFunctionTimedOut']);
const MAP_ITERATION_ENDED: ReadonlyMap<string, MapIteration['status']> = new Map([
  ['MapIterationSucceeded', 'succeeded'],
  ['MapIterationFailed', 'failed'],
  ['MapIterationAborted', 'aborted'],
]);
/** How far back an end event's previousEventId chain is followed to find its TaskScheduled event. */
const MAX_LINK_HOPS = 8;

const eventMs = (e: HistoryEvent): number => (e.timestamp instanceof Date ? e.timestamp.getTime() : Number(e.timestamp ?? 0));

/** Reads one history, event by event, into the counters a HistorySummary reports. */
class HistoryReader {
  statesEntered = 0;
  taskStatesEntered = 0;
  readonly tasks = { scheduled: 0, succeeded: 0, failed: 0, timedOut: 0 };
  readonly errors: Record<string, number> = {};
  readonly caught: { state: string; input: unknown }[] = [];
  readonly iterations = new Map<number, MapIteration>();
  readonly states: Record<string, { entered: number; totalMs: number }> = {};
  readonly attempts: TaskAttempt[] = [];
  private readonly openStates = new Map<string, number[]>();
  private readonly openAttempts: number[] = [];
  private readonly attemptOfScheduled = new Map<number, number>();
  private readonly byId: ReadonlyMap<number, HistoryEvent>;

  constructor(events: readonly HistoryEvent[]) {
    this.byId = new Map(events.map((e) => [e.id ?? -1, e]));
  }

  read(e: HistoryEvent): void {
    const type = e.type ?? '';
    const t = eventMs(e);
    if (type.endsWith('StateEntered')) this.stateEntered(e, type, t);
    else if (type.endsWith('StateExited')) this.stateExited(e, t);
    else if (TASK_SCHEDULED.has(type)) this.taskScheduled(e, t);
    else if (TASK_SUCCEEDED.has(type)) {
      this.tasks.succeeded++;
      this.close(e, t, 'succeeded', undefined, parseJson(e.taskSucceededEventDetails?.output ?? e.lambdaFunctionSucceededEventDetails?.output));
    } else if (TASK_FAILED.has(type)) {
      this.tasks.failed++;
      this.taskError(e, t, 'failed', e.taskFailedEventDetails?.error ?? e.lambdaFunctionFailedEventDetails?.error ?? e.taskStartFailedEventDetails?.error ?? e.taskSubmitFailedEventDetails?.error ?? e.lambdaFunctionStartFailedEventDetails?.error ?? 'unknown');
    } else if (TASK_TIMED_OUT.has(type)) {
      this.tasks.timedOut++;
      this.taskError(e, t, 'timed-out', e.taskTimedOutEventDetails?.error ?? e.lambdaFunctionTimedOutEventDetails?.error ?? 'States.Timeout');
    } else if (type === 'MapIterationStarted') {
      const index = e.mapIterationStartedEventDetails?.index ?? this.iterations.size;
      this.iterations.set(index, { index, startMs: t, status: 'running' });
    } else if (MAP_ITERATION_ENDED.has(type)) this.iterationEnded(e, MAP_ITERATION_ENDED.get(type)!, t);
  }

  private stateEntered(e: HistoryEvent, type: string, t: number): void {
    this.statesEntered++;
    if (type === 'TaskStateEntered') this.taskStatesEntered++;
    const name = e.stateEnteredEventDetails?.name ?? '?';
    (this.states[name] ??= { entered: 0, totalMs: 0 }).entered++;
    const open = this.openStates.get(name) ?? [];
    open.push(t);
    this.openStates.set(name, open);
    if (name === STATE_IDS.recordFailedBatch) this.caught.push({ state: name, input: parseJson(e.stateEnteredEventDetails?.input) });
  }

  private stateExited(e: HistoryEvent, t: number): void {
    const name = e.stateExitedEventDetails?.name ?? '?';
    const entered = this.openStates.get(name)?.shift();
    if (entered !== undefined) (this.states[name] ??= { entered: 0, totalMs: 0 }).totalMs += t - entered;
  }

  private taskScheduled(e: HistoryEvent, t: number): void {
    this.tasks.scheduled++;
    const parameters = parseJson(e.taskScheduledEventDetails?.parameters);
    this.attempts.push({ scheduledMs: t, outcome: 'running', ...(parameters !== undefined ? { parameters } : {}) });
    this.openAttempts.push(this.attempts.length - 1);
    this.attemptOfScheduled.set(e.id ?? -1, this.attempts.length - 1);
  }

  private taskError(e: HistoryEvent, t: number, outcome: 'failed' | 'timed-out', error: string): void {
    this.errors[error] = (this.errors[error] ?? 0) + 1;
    this.close(e, t, outcome, error);
  }

  private iterationEnded(e: HistoryEvent, status: MapIteration['status'], t: number): void {
    const details = e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails ?? e.mapIterationAbortedEventDetails;
    const index = details?.index ?? -1;
    const it = this.iterations.get(index);
    this.iterations.set(index, { index, startMs: it?.startMs ?? t, endMs: t, status });
  }

  /** The attempt an end event belongs to: follow previousEventId back to its TaskScheduled event. */
  private attemptFor(e: HistoryEvent): number | undefined {
    let cur: HistoryEvent | undefined = e;
    for (let hops = 0; cur && hops < MAX_LINK_HOPS; hops++) {
      const a = this.attemptOfScheduled.get(cur.id ?? -1);
      if (a !== undefined) return a;
      cur = this.byId.get(cur.previousEventId ?? -1);
    }
    return undefined;
  }

  /** Ends the attempt `e` belongs to, or the oldest open one when the history does not link them. */
  private close(e: HistoryEvent, t: number, outcome: TaskAttempt['outcome'], error?: string, output?: unknown): void {
    const linked = this.attemptFor(e);
    const i = linked !== undefined && this.openAttempts.includes(linked) ? linked : this.openAttempts[0];
    if (i === undefined) return;
    this.openAttempts.splice(this.openAttempts.indexOf(i), 1);
    this.attempts[i] = { ...this.attempts[i]!, endMs: t, outcome, ...(error ? { error } : {}), ...(output !== undefined ? { output } : {}) };
  }
}

/** Pure: summarizes a Step Functions execution history (as GetExecutionHistory returns it, oldest first). */
export function summarizeHistory(history: readonly HistoryEvent[]): HistorySummary {
  const events = [...history].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const startMs = events.length ? eventMs(events[0]!) : 0;
  const endMs = events.length ? eventMs(events[events.length - 1]!) : 0;
  const r = new HistoryReader(events);
  for (const e of events) r.read(e);
  const retries = Math.max(0, r.tasks.scheduled - r.taskStatesEntered);
  return {
    events: events.length,
    startMs,
    endMs,
    wallMs: endMs - startMs,
    transitions: r.statesEntered + retries,
    statesEntered: r.statesEntered,
    retries,
    tasks: r.tasks,
    errors: r.errors,
    caught: r.caught,
    mapIterations: [...r.iterations.values()].sort((a, b) => a.index - b.index),
    states: r.states,
    taskAttempts: r.attempts,
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

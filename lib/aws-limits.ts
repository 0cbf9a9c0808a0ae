/**
 * AWS limits and sizes: the rules a scenario must respect (simulator/scenario), the stacks enforce
 * (lib/stacks) and the model projects against (simulator/model). A leaf module: it imports nothing, so
 * the CDK app and the pure math can both use it without loading each other. Sources: shared/AWS-FACTS.md
 * and the Fargate "task CPU and memory" table in the ECS developer guide.
 */

/** Fargate vCPU → allowed task memory in MiB. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [0.25, [512, 1024, 2048]],
  [0.5, range(1024, 4096, 1024)],
  [1, range(2048, 8192, 1024)],
  [2, range(4096, 16384, 1024)],
  [4, range(8192, 30720, 1024)],
  [8, range(16384, 61440, 4096)],
  [16, range(32768, 122880, 8192)],
]);

/** The largest Fargate task's memory (16 vCPU). */
export const FARGATE_MAX_MEMORY_MIB = 122880;

export const LAMBDA_MIN_MEMORY_MIB = 128;
export const LAMBDA_MAX_MEMORY_MIB = 10240;
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
/** Lambda allocates one full vCPU at 1,769 MB. */
export const LAMBDA_MB_PER_VCPU = 1769;
export const LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY = 1000;

/** Inline Map: about 40 concurrent iterations in practice; history capped at 25,000 events. */
export const INLINE_MAP_MAX_CONCURRENCY = 40;
const SFN_HISTORY_EVENT_LIMIT = 25000;
export const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10000;
/**
 * Step Functions' largest state input or output, and so an execution's input: 256 KiB (AWS Step
 * Functions quotas, "Maximum input or output size for a task, state, or execution"; AWS-FACTS).
 */
export const STATE_PAYLOAD_LIMIT_BYTES = 262_144;

/**
 * History events one inline Map iteration with a Lambda task costs, measured on the emulator
 * (IterationStarted, TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited,
 * IterationSucceeded). Used to decide when an inline Map would run into the history cap.
 */
const HISTORY_EVENTS_PER_ITERATION = 7;

/** Above this many Map items, the distributed design switches to a Distributed Map. */
export const INLINE_MAP_MAX_ITEMS = Math.floor((SFN_HISTORY_EVENT_LIMIT * 0.5) / HISTORY_EVENTS_PER_ITERATION);

/** The two Map states the distributed design can use. */
export const MAP_KINDS = ['inline', 'distributed'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

/** What the Map kind depends on; a `Scenario` has these fields. */
export interface MapKindInput {
  readonly workload: { readonly partitions: number };
  readonly distributed: { readonly map: { readonly mode: 'auto' | MapKind; readonly maxConcurrency: number; readonly partitionsPerInvocation: number } };
}

/** Number of Map items: one per Lambda invocation. */
function mapItemCount(s: MapKindInput): number {
  return Math.ceil(s.workload.partitions / s.distributed.map.partitionsPerInvocation);
}

/**
 * `auto` picks a Distributed Map when an inline Map would carry too many items for its execution
 * history, or when the requested concurrency is beyond what an inline Map reaches.
 */
export function resolveMapKind(s: MapKindInput): MapKind {
  const mode = s.distributed.map.mode;
  if (mode !== 'auto') return mode;
  return mapItemCount(s) > INLINE_MAP_MAX_ITEMS || s.distributed.map.maxConcurrency > INLINE_MAP_MAX_CONCURRENCY ? 'distributed' : 'inline';
}

export function describeFargateSizes(): string {
  return [...FARGATE_SIZES.entries()]
    .map(([cpu, mem]) => `${cpu} vCPU: ${mem[0]}-${mem[mem.length - 1]} MiB`)
    .join(', ');
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

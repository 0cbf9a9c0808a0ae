/**
 * AWS sizing rules that a scenario must respect. Source: shared/AWS-FACTS.md and the Fargate
 * "task CPU and memory" table in the ECS developer guide.
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

export const FARGATE_MAX_VCPU = 16;
export const FARGATE_MAX_MEMORY_MIB = 122880;

export const LAMBDA_MIN_MEMORY_MIB = 128;
export const LAMBDA_MAX_MEMORY_MIB = 10240;
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
/** Lambda allocates one full vCPU at 1,769 MB. */
export const LAMBDA_MB_PER_VCPU = 1769;
export const LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY = 1000;

/** Inline Map: about 40 concurrent iterations in practice; history capped at 25,000 events. */
export const INLINE_MAP_MAX_CONCURRENCY = 40;
export const SFN_HISTORY_EVENT_LIMIT = 25000;
export const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10000;

/**
 * History events one inline Map iteration with a Lambda task costs, measured on the emulator
 * (IterationStarted, TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited,
 * IterationSucceeded). Used to decide when an inline Map would run into the history cap.
 */
export const HISTORY_EVENTS_PER_ITERATION = 7;

/** Above this many Map items, the distributed design switches to a Distributed Map. */
export const INLINE_MAP_MAX_ITEMS = Math.floor((SFN_HISTORY_EVENT_LIMIT * 0.5) / HISTORY_EVENTS_PER_ITERATION);

export function fargateCpuUnits(vcpu: number): number {
  return Math.round(vcpu * 1024);
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

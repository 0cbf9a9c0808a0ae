import {
  describeFargateSizes,
  DISTRIBUTED_MAP_MAX_CONCURRENCY,
  FARGATE_SIZES,
  LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY,
  LAMBDA_MAX_MEMORY_MIB,
  LAMBDA_MB_PER_VCPU,
  LAMBDA_MIN_MEMORY_MIB,
} from '../../lib/aws-limits';
import type { DesignName } from '../../lib/workload/contract';
import type { Configuration, DistributedConfiguration, SingleNodeConfiguration } from '../results/tune';
import { ARCHITECTURES, MAX_PARTITIONS, MAX_TASK_WORKERS, singleNodeWorkers, type Scenario } from '../scenario/schema';

/**
 * The knobs `scalesim tune` turns, per design, and what a configuration does to a scenario. Pure.
 *
 * distributed: Lambda memory on a grid from 128 MB to 10,240 MB (denser below one vCPU's 1,769 MB,
 * where memory buys CPU), both architectures, Map maxConcurrency in powers of two up to one invocation
 * per item, partitionsPerInvocation (the handler processes a batch of partitions, one after the
 * other: lib/workload/lambda-handler.ts) and the partition count (a quarter to four times the
 * scenario's: the partition size is events / partitions).
 * single-node: every Fargate vCPU / memory pair, both architectures, and the worker pool (powers of two
 * up to twice the vCPUs).
 * The scenario's own value of each knob is always on the grid, so its current configuration is evaluated.
 */

const LAMBDA_MEMORY_GRID_MB: readonly number[] = [128, 256, 512, 1024, 1536, LAMBDA_MB_PER_VCPU, 2048, 3008, 4096, 6144, 8192, LAMBDA_MAX_MEMORY_MIB];
const BATCH_SIZES: readonly number[] = [1, 2, 4, 8];
/** Partition counts tried, as factors of the scenario's. */
const PARTITION_FACTORS: readonly number[] = [0.25, 0.5, 1, 2, 4];
/** Worker pools tried, capped at twice the task's vCPUs (at least one) and at MAX_TASK_WORKERS. */
const WORKER_GRID: readonly number[] = [1, 2, 4, 8, 16, 32];

/** A knob and the values searched, for the report. */
export interface Knob {
  readonly name: string;
  readonly values: readonly (number | string)[];
  readonly note?: string;
}

const uniqueSorted = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** The partition counts searched: the scenario's, scaled, within 1..events and the scenario cap. */
export function partitionGrid(s: Scenario): number[] {
  const max = Math.min(s.workload.events, MAX_PARTITIONS);
  return uniqueSorted(PARTITION_FACTORS.map((f) => Math.min(max, Math.max(1, Math.round(s.workload.partitions * f)))));
}

/** Map concurrencies for `items` Map items: powers of two below it, then the item count itself (or the limit). */
/** The most Map iterations that can run at once: the account's Lambda concurrency or the Distributed Map's cap, whichever is lower. */
const MAX_MAP_CONCURRENCY = Math.min(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY, DISTRIBUTED_MAP_MAX_CONCURRENCY);

export function concurrencyGrid(items: number, current: number): number[] {
  const top = Math.min(items, MAX_MAP_CONCURRENCY);
  const out: number[] = [];
  for (let c = 1; c < top; c *= 2) out.push(c);
  out.push(top);
  if (current <= top) out.push(current);
  return uniqueSorted(out);
}

export function distributedSpace(s: Scenario): DistributedConfiguration[] {
  const memories = uniqueSorted([...LAMBDA_MEMORY_GRID_MB, s.distributed.lambda.memoryMiB]).filter((m) => m >= LAMBDA_MIN_MEMORY_MIB && m <= LAMBDA_MAX_MEMORY_MIB);
  const out: DistributedConfiguration[] = [];
  for (const partitions of partitionGrid(s)) {
    for (const batch of uniqueSorted([...BATCH_SIZES, s.distributed.map.partitionsPerInvocation]).filter((b) => b <= partitions)) {
      const items = Math.ceil(partitions / batch);
      for (const maxConcurrency of concurrencyGrid(items, s.distributed.map.maxConcurrency)) {
        for (const memoryMiB of memories) {
          for (const architecture of ARCHITECTURES) {
            out.push({ design: 'distributed', memoryMiB, architecture, maxConcurrency, partitionsPerInvocation: batch, partitions });
          }
        }
      }
    }
  }
  return out;
}

export function singleNodeSpace(s: Scenario): SingleNodeConfiguration[] {
  const out: SingleNodeConfiguration[] = [];
  const current = singleNodeWorkers(s.singleNode);
  for (const [vcpu, memories] of FARGATE_SIZES) {
    const cap = Math.min(MAX_TASK_WORKERS, Math.max(1, 2 * Math.floor(vcpu)));
    const workers = uniqueSorted([...WORKER_GRID, ...(vcpu === s.singleNode.fargate.vcpu ? [current] : [])]).filter((w) => w <= cap);
    for (const memoryMiB of memories) {
      for (const w of workers) {
        for (const architecture of ARCHITECTURES) out.push({ design: 'single-node', vcpu, memoryMiB, architecture, workers: w });
      }
    }
  }
  return out;
}

/** The knobs of each design and the values its space tries, for the report. */
export function knobsOf(design: DesignName, s: Scenario): Knob[] {
  if (design === 'distributed') {
    return [
      { name: 'Lambda memory (MB)', values: uniqueSorted([...LAMBDA_MEMORY_GRID_MB, s.distributed.lambda.memoryMiB]) },
      { name: 'architecture', values: [...ARCHITECTURES] },
      { name: 'Map maxConcurrency', values: [`powers of two below the Map items, and the item count (at most ${MAX_MAP_CONCURRENCY.toLocaleString('en-US')})`], note: 'reserved concurrency follows it, keeping the scenario’s headroom' },
      { name: 'partitionsPerInvocation', values: uniqueSorted([...BATCH_SIZES, s.distributed.map.partitionsPerInvocation]), note: 'the handler processes its batch one partition after the other' },
      { name: 'partitions', values: partitionGrid(s), note: 'the partition size is events / partitions; tuned.yaml carries the distributed pick’s count, which the single node is tuned at' },
    ];
  }
  return [
    { name: 'Fargate vCPU / memory', values: [describeFargateSizes()], note: 'every valid pair' },
    { name: 'architecture', values: [...ARCHITECTURES] },
    { name: 'workers', values: WORKER_GRID.filter((w) => w <= MAX_TASK_WORKERS), note: 'up to twice the vCPUs; workers beyond the vCPUs only overlap S3 waits' },
  ];
}

/** Stable id of a configuration, e.g. `distributed/1769MB-arm64-c16-b1-p32`. */
export function configurationId(c: Configuration): string {
  return c.design === 'distributed'
    ? `distributed/${c.memoryMiB}MB-${c.architecture}-c${c.maxConcurrency}-b${c.partitionsPerInvocation}-p${c.partitions}`
    : `single-node/${c.vcpu}vCPU-${c.memoryMiB}MiB-${c.architecture}-w${c.workers}`;
}

/**
 * How big a configuration is, compared element by element: the smaller one wins a tie between two
 * configurations that cost and take the same (fewer resources reserved, less to go wrong).
 */
export function sizeKey(c: Configuration): number[] {
  return c.design === 'distributed' ? [c.memoryMiB, c.maxConcurrency, c.partitions, c.partitionsPerInvocation] : [c.vcpu, c.memoryMiB, c.workers];
}

/** A configuration in words. */
export function describeConfiguration(c: Configuration): string {
  return c.design === 'distributed'
    ? `Lambda ${c.memoryMiB} MB ${c.architecture}, Map concurrency ${c.maxConcurrency}, ${c.partitionsPerInvocation} partition${c.partitionsPerInvocation === 1 ? '' : 's'}/invocation, ${c.partitions} partitions`
    : `Fargate ${c.vcpu} vCPU / ${c.memoryMiB} MiB ${c.architecture}, ${c.workers} worker${c.workers === 1 ? '' : 's'}`;
}

/** The scenario's own configuration of a design. */
export function currentConfiguration(design: DesignName, s: Scenario): Configuration {
  return design === 'distributed'
    ? {
        design,
        memoryMiB: s.distributed.lambda.memoryMiB,
        architecture: s.distributed.lambda.architecture,
        maxConcurrency: s.distributed.map.maxConcurrency,
        partitionsPerInvocation: s.distributed.map.partitionsPerInvocation,
        partitions: s.workload.partitions,
      }
    : { design, vcpu: s.singleNode.fargate.vcpu, memoryMiB: s.singleNode.fargate.memoryMiB, architecture: s.singleNode.fargate.architecture, workers: singleNodeWorkers(s.singleNode) };
}

export interface ApplyOptions {
  /** Lambda timeout to set, s. @default - the scenario's */
  readonly lambdaTimeoutSeconds?: number;
}

/**
 * The scenario with a configuration applied. Distributed: reserved concurrency follows the Map's
 * concurrency with the scenario's own headroom (room for retries), within the account's 1,000; the
 * partition count changes the partition size, not the events. Single node: the task size and pool.
 */
export function applyConfiguration(s: Scenario, c: Configuration, o: ApplyOptions = {}): Scenario {
  if (c.design === 'single-node') {
    return { ...s, singleNode: { ...s.singleNode, fargate: { vcpu: c.vcpu, memoryMiB: c.memoryMiB, architecture: c.architecture }, workers: c.workers } };
  }
  const headroom = s.distributed.lambda.reservedConcurrency / s.distributed.map.maxConcurrency;
  const reserved = Math.min(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY, Math.max(c.maxConcurrency, Math.ceil(c.maxConcurrency * Math.max(1, headroom))));
  return {
    ...s,
    workload: { ...s.workload, partitions: c.partitions },
    distributed: {
      ...s.distributed,
      lambda: {
        ...s.distributed.lambda,
        memoryMiB: c.memoryMiB,
        architecture: c.architecture,
        reservedConcurrency: reserved,
        timeoutSeconds: o.lambdaTimeoutSeconds ?? s.distributed.lambda.timeoutSeconds,
      },
      map: { ...s.distributed.map, maxConcurrency: c.maxConcurrency, partitionsPerInvocation: c.partitionsPerInvocation },
    },
  };
}

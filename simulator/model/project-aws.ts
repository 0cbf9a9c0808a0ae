import { costPerRun } from '../cost/run-cost';
import type { PriceTable } from '../cost/price-table';
import { FARGATE_MAX_MEMORY_MIB, FARGATE_SIZES, INLINE_MAP_MAX_CONCURRENCY, resolveMapKind } from '../../lib/aws-limits';
import { defaultWorkers } from '../../lib/workload/contract';
import { singleNodeWorkers, type Scenario } from '../scenario/schema';
import type { AwsAssumptions } from './assumptions';
import { bandOf, type Draw, midDraw } from './bands';
import type { WorkloadRates } from './workload-rates';
import type { DesignUsage } from '../results/usage';
import type { Band } from '../results/model';

export type { WorkloadRates } from './workload-rates';

/** One design at one volume under one draw of the uncertain inputs. */
export interface PointProjection {
  readonly runtimeMs: number;
  readonly costUsd: number;
  /** null when the design fits; otherwise why not. */
  readonly infeasible: string | null;
  readonly configuration: string;
  readonly usage: DesignUsage;
}

/** One design at one volume: the point estimate with its Monte Carlo band. */
export interface Projection {
  readonly runtimeMs: Band;
  readonly costUsd: Band;
  /** null when the design fits (at the point estimate); otherwise why not. */
  readonly infeasible: string | null;
  readonly configuration: string;
  /** Projected usage at the point estimate, priced for costUsd.mid. */
  readonly usage: DesignUsage;
  /** The workload CPU per event this projection used, ms (the same for both designs). */
  readonly cpuPerEventMs: number;
}

/**
 * One configuration projected exactly as the scenario sizes it (no concurrency raised, no task
 * upsized), with what a tuner needs to judge it: memory needed and had, and the parts of the runtime a
 * limit applies to, each with its band over the draws. Only the point estimate is priced: `costUsd` is
 * that point (low = mid = high); the tuner prices the usage with the templates itself.
 * See projectDistributedConfigured and projectSingleNodeConfigured.
 */
export interface ConfiguredProjection extends Projection {
  /** Memory the configuration needs: one partition in flight per invocation, or the whole worker pool of the task, MB. */
  readonly memoryNeedMb: number;
  /** Memory the configuration has: the function's or the task's, MB. */
  readonly memoryMb: number;
  /** Distributed: one cold invocation, init and JIT warm-up included, ms (the Lambda timeout applies to it). */
  readonly invocationMs?: Band;
  /** Single node: the Fargate task start within runtimeMs, ms. */
  readonly startupMs?: Band;
}

export function partitionsFor(events: number, scenario: Scenario): { partitions: number; eventsPerPartition: number } {
  events = Math.max(1, Math.round(events));
  const eventsPerPartition = Math.max(1, scenario.workload.events / scenario.workload.partitions);
  return { partitions: Math.max(1, Math.ceil(events / eventsPerPartition)), eventsPerPartition };
}

function partitionMemoryMb(rates: WorkloadRates, eventsPerPartition: number): number {
  return rates.memoryBaseMb + rates.memoryPerEventMb * eventsPerPartition;
}

/** A point projection and its band over draws. */
function banded(point: PointProjection, draws: readonly Draw[] | undefined, at: (d: Draw) => PointProjection, cpuPerEventMs: number): Projection {
  const xs = (draws ?? []).map(at);
  return {
    runtimeMs: bandOf(point.runtimeMs, xs.map((x) => x.runtimeMs)),
    costUsd: bandOf(point.costUsd, xs.map((x) => x.costUsd)),
    infeasible: point.infeasible,
    configuration: point.configuration,
    usage: point.usage,
    cpuPerEventMs,
  };
}

/**
 * The distributed design at `events` per run, with its band over `draws` (none: the point only). See
 * distributedPoint.
 */
export function projectDistributed(
  events: number,
  scenario: Scenario,
  rates: WorkloadRates,
  a: AwsAssumptions,
  prices: PriceTable,
  override: { memoryMb?: number } = {},
  draws?: readonly Draw[],
): Projection {
  const mid = midDraw(rates, a);
  return banded(distributedPoint(events, scenario, rates, a, prices, mid, override), draws, (d) => distributedPoint(events, scenario, rates, a, prices, d, override), mid.cpuPerEventMs);
}

/**
 * The distributed design exactly as the scenario configures it: its Lambda memory and its Map
 * concurrency (capped by reserved concurrency), never raised, with bands over `draws`. For the tuner
 * (simulator/tune), which searches the sizes itself. Only the runtimes are drawn: pricing each draw is
 * what makes a projection slow, and the tuner prices the point's usage itself.
 */
export function projectDistributedConfigured(events: number, scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable, draws?: readonly Draw[]): ConfiguredProjection {
  events = Math.max(1, Math.round(events));
  const cap = Math.min(scenario.distributed.map.maxConcurrency, scenario.distributed.lambda.reservedConcurrency);
  const mid = midDraw(rates, a);
  const t = distributedTiming(events, scenario, rates, a, mid, undefined, cap);
  const point = priceDistributed(t, events, scenario, rates, prices, mid);
  const timings = (draws ?? []).map((d) => ({ d, t: distributedTiming(events, scenario, rates, a, d, undefined, cap) }));
  const cold = (x: Draw, y: DistributedTiming) => y.warmMs + y.warmupMs + x.lambdaColdStartMs;
  return {
    runtimeMs: bandOf(point.runtimeMs, timings.map((x) => x.t.runtimeMs)),
    costUsd: { mid: point.costUsd, low: point.costUsd, high: point.costUsd },
    infeasible: point.infeasible,
    configuration: point.configuration,
    usage: point.usage,
    cpuPerEventMs: mid.cpuPerEventMs,
    memoryNeedMb: partitionMemoryMb(rates, t.eventsPerPartition),
    memoryMb: t.memoryMb,
    invocationMs: bandOf(cold(mid, t), timings.map((x) => cold(x.d, x.t))),
  };
}

/** The single-node design at `events` per run, with its band over `draws`. See singleNodePoint. */
export function projectSingleNode(events: number, scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable, draws?: readonly Draw[]): Projection {
  const mid = midDraw(rates, a);
  return banded(singleNodePoint(events, scenario, rates, a, prices, mid), draws, (d) => singleNodePoint(events, scenario, rates, a, prices, d), mid.cpuPerEventMs);
}

/**
 * The distributed design at `events` per run under one draw: the scenario's Lambda memory (or an
 * override) and its Map concurrency, raised (with reserved concurrency) in steps up to the account
 * limit when the scenario's cap would miss the SLA. Scaling out is this design's knob, as upsizing is
 * the single node's; the configuration string says when it was turned.
 */
export function distributedPoint(
  events: number,
  scenario: Scenario,
  rates: WorkloadRates,
  a: AwsAssumptions,
  prices: PriceTable,
  x: Draw,
  override: { memoryMb?: number } = {},
): PointProjection {
  events = Math.max(1, Math.round(events));
  const configured = Math.min(scenario.distributed.map.maxConcurrency, scenario.distributed.lambda.reservedConcurrency);
  const deadlineMs = scenario.sla.deadlineMinutes * 60_000;
  let cap = configured;
  let t = distributedTiming(events, scenario, rates, a, x, override.memoryMb, cap);
  while (t.runtimeMs > deadlineMs && cap < a.accountConcurrency) {
    cap = Math.min(a.accountConcurrency, cap * 2);
    t = distributedTiming(events, scenario, rates, a, x, override.memoryMb, cap);
  }
  const p = priceDistributed(t, events, scenario, rates, prices, x);
  return cap === configured ? p : { ...p, configuration: `${p.configuration} (raised from the configured ${configured} to meet the SLA)` };
}

interface DistributedTiming {
  readonly runtimeMs: number;
  /** A warm invocation's duration, and the extra of a cold one's first partition (JIT warm-up). */
  readonly warmMs: number;
  readonly warmupMs: number;
  readonly memoryMb: number;
  readonly partitions: number;
  readonly eventsPerPartition: number;
  readonly invocations: number;
  readonly concurrency: number;
  readonly mapKind: string;
}

function distributedTiming(events: number, scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, x: Draw, memoryOverride: number | undefined, concurrencyCap: number): DistributedTiming {
  const { partitions, eventsPerPartition } = partitionsFor(events, scenario);
  const memoryMb = memoryOverride ?? scenario.distributed.lambda.memoryMiB;
  const perInvocation = Math.min(scenario.distributed.map.partitionsPerInvocation, partitions);
  const invocations = Math.ceil(partitions / perInvocation);
  const scaled: Scenario = {
    ...scenario,
    workload: { ...scenario.workload, events, partitions },
    distributed: { ...scenario.distributed, map: { ...scenario.distributed.map, maxConcurrency: concurrencyCap } },
  };
  const mapKind = resolveMapKind(scaled);
  const mapCap = mapKind === 'inline' ? Math.min(concurrencyCap, INLINE_MAP_MAX_CONCURRENCY) : concurrencyCap;
  const concurrency = Math.max(1, Math.min(mapCap, a.accountConcurrency, invocations));
  // A single-threaded handler gets at most one vCPU's worth of speed, however much memory it has.
  const cpuShare = Math.min(1, memoryMb / a.lambdaMbPerVcpu);
  const speed = x.cpuSpeedFactor[scenario.distributed.lambda.architecture];
  const compute = (perInvocation * (x.cpuPerEventMs * eventsPerPartition + rates.cpuPerPartitionMs) * speed) / cpuShare;
  const io = (perInvocation * eventsPerPartition * (rates.rawBytesPerEvent / x.s3ReadMBps + rates.outBytesPerEvent / x.s3WriteMBps)) / 1000;
  const warmMs = compute + io;
  // The first invocation in each environment also pays its JIT warm-up.
  const warmupMs = (x.warmupCpuMs * speed) / cpuShare;
  const waves = Math.ceil(invocations / concurrency);
  // Lambda adds environments at a bounded rate; above it, the first waves wait for capacity.
  const rampMs = concurrency > a.lambdaScalePer10s ? ((concurrency - a.lambdaScalePer10s) / a.lambdaScalePer10s) * 10_000 : 0;
  const runtimeMs = waves * (warmMs + x.mapIterationOverheadMs) + x.lambdaColdStartMs + warmupMs + rampMs;
  return { runtimeMs, warmMs, warmupMs, memoryMb, partitions, eventsPerPartition, invocations, concurrency, mapKind };
}

function priceDistributed(t: DistributedTiming, events: number, scenario: Scenario, rates: WorkloadRates, prices: PriceTable, x: Draw): PointProjection {
  const cold = Math.min(t.concurrency, t.invocations);
  const usage: DesignUsage = {
    events,
    lambda: {
      architecture: scenario.distributed.lambda.architecture,
      invocations: [
        ...(t.invocations - cold > 0 ? [{ durationMs: t.warmMs, memoryMb: t.memoryMb, count: t.invocations - cold }] : []),
        { durationMs: t.warmMs + t.warmupMs, initMs: x.lambdaColdStartMs, memoryMb: t.memoryMb, count: cold },
      ],
    },
    // Map state + one task state per item + the final Succeed.
    stepFunctions: { standardTransitions: t.invocations + 2 },
    s3: {
      putRequests: Math.round(t.partitions * rates.putsPerPartition),
      listRequests: 0,
      getRequests: t.partitions + cold,
      storedBytes: events * rates.outBytesPerEvent,
    },
    logs: { ingestedBytes: t.invocations * rates.logBytesPerInvocation },
  };
  const reasons: string[] = [];
  const coldInvocationMs = t.warmMs + t.warmupMs + x.lambdaColdStartMs;
  if (coldInvocationMs > scenario.distributed.lambda.timeoutSeconds * 1000) {
    reasons.push(`an invocation needs ${fmtS(coldInvocationMs)} but the Lambda timeout is ${scenario.distributed.lambda.timeoutSeconds} s`);
  }
  const memNeed = partitionMemoryMb(rates, t.eventsPerPartition);
  if (memNeed > t.memoryMb) reasons.push(`a partition needs ${Math.round(memNeed)} MB, the function has ${t.memoryMb} MB`);
  if (t.runtimeMs > scenario.sla.deadlineMinutes * 60_000) reasons.push(`SLA missed: ${fmtS(t.runtimeMs)} > ${scenario.sla.deadlineMinutes} min`);
  return {
    runtimeMs: t.runtimeMs,
    costUsd: costPerRun(prices, usage, { runsPerMonth: scenario.schedule.runsPerMonth, events }).perRunUsd,
    infeasible: reasons.length ? reasons.join('; ') : null,
    configuration: `${t.memoryMb} MB ${scenario.distributed.lambda.architecture}, ${t.mapKind} Map, concurrency ${t.concurrency}, ${t.invocations} invocations`,
    usage,
  };
}

/**
 * The single-node design at `events` per run under one draw: the scenario's Fargate size, upsized to
 * the smallest size that meets the SLA and holds the worker pool in memory. Infeasible when even
 * 16 vCPU / 120 GB cannot.
 */
export function singleNodePoint(events: number, scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable, x: Draw): PointProjection {
  events = Math.max(1, Math.round(events));
  const { partitions, eventsPerPartition } = partitionsFor(events, scenario);
  const deadlineMs = scenario.sla.deadlineMinutes * 60_000;
  const sizes = [...FARGATE_SIZES.keys()].filter((v) => v >= scenario.singleNode.fargate.vcpu).sort((p, q) => p - q);
  let last: SingleNodeTiming | undefined;
  for (const vcpu of sizes) {
    // The scenario's own size keeps its worker pool; a size the projection moves to gets the default pool.
    const workers = vcpu === scenario.singleNode.fargate.vcpu ? singleNodeWorkers(scenario.singleNode) : defaultWorkers(vcpu);
    const need = singleNodeMemoryNeedMb(workers, partitions, eventsPerPartition, rates, a);
    const floor = vcpu === scenario.singleNode.fargate.vcpu ? scenario.singleNode.fargate.memoryMiB : 0;
    const memoryMiB = (FARGATE_SIZES.get(vcpu) ?? []).find((m) => m >= need && m >= floor);
    if (memoryMiB === undefined) continue;
    const p = singleNodeAt(vcpu, memoryMiB, workers, events, partitions, scenario, rates, x);
    last = p;
    if (p.runtimeMs <= deadlineMs) return priceSingleNode(p, events, partitions, scenario, rates, prices, null);
  }
  if (!last) {
    const need = singleNodeMemoryNeedMb(16, partitions, eventsPerPartition, rates, a);
    const fallback = singleNodeAt(16, FARGATE_MAX_MEMORY_MIB, 16, events, partitions, scenario, rates, x);
    return priceSingleNode(fallback, events, partitions, scenario, rates, prices, `memory: 16 workers need ${Math.round(need)} MB, more than the largest Fargate task (${FARGATE_MAX_MEMORY_MIB} MB)`);
  }
  const p = priceSingleNode(last, events, partitions, scenario, rates, prices, null);
  return { ...p, infeasible: `SLA missed even at ${p.configuration}: ${fmtS(p.runtimeMs)} > ${scenario.sla.deadlineMinutes} min` };
}

/**
 * The single-node design exactly as the scenario sizes it: its Fargate vCPU, memory and worker pool,
 * never upsized, with bands over `draws` (runtimes only, as projectDistributedConfigured). For the
 * tuner (simulator/tune).
 */
export function projectSingleNodeConfigured(events: number, scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable, draws?: readonly Draw[]): ConfiguredProjection {
  events = Math.max(1, Math.round(events));
  const { partitions, eventsPerPartition } = partitionsFor(events, scenario);
  const f = scenario.singleNode.fargate;
  const workers = singleNodeWorkers(scenario.singleNode);
  const mid = midDraw(rates, a);
  const at = (x: Draw) => singleNodeAt(f.vcpu, f.memoryMiB, workers, events, partitions, scenario, rates, x);
  const memoryNeedMb = singleNodeMemoryNeedMb(workers, partitions, eventsPerPartition, rates, a);
  const point = priceSingleNode(
    at(mid),
    events,
    partitions,
    scenario,
    rates,
    prices,
    memoryNeedMb > f.memoryMiB ? `memory: ${workers} worker${workers > 1 ? 's' : ''} need ${Math.round(memoryNeedMb)} MB, the task has ${f.memoryMiB} MiB` : null,
  );
  const xs = draws ?? [];
  return {
    runtimeMs: bandOf(point.runtimeMs, xs.map((x) => at(x).runtimeMs)),
    costUsd: { mid: point.costUsd, low: point.costUsd, high: point.costUsd },
    infeasible: point.infeasible,
    configuration: point.configuration,
    usage: point.usage,
    cpuPerEventMs: mid.cpuPerEventMs,
    memoryNeedMb,
    memoryMb: f.memoryMiB,
    startupMs: bandOf(mid.fargateStartupS * 1000, xs.map((x) => x.fargateStartupS * 1000)),
  };
}

/** The task's resident memory: the runner plus one partition in flight per busy worker, MB. */
function singleNodeMemoryNeedMb(workers: number, partitions: number, eventsPerPartition: number, rates: WorkloadRates, a: AwsAssumptions): number {
  return a.singleNodeBaseMemoryMb + Math.min(workers, partitions) * partitionMemoryMb(rates, eventsPerPartition);
}

interface SingleNodeTiming {
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly workers: number;
  readonly runtimeMs: number;
}

function singleNodeAt(vcpu: number, memoryMiB: number, workers: number, events: number, partitions: number, scenario: Scenario, rates: WorkloadRates, x: Draw): SingleNodeTiming {
  // Workers beyond the partitions have nothing to do; workers beyond the vCPUs share them, so they add
  // no CPU, only more S3 streams in flight.
  const busy = Math.max(1, Math.min(workers, partitions));
  const cores = Math.min(busy, vcpu);
  const speed = x.cpuSpeedFactor[scenario.singleNode.fargate.architecture];
  // Every busy worker thread warms up its own JIT once.
  const cpuWork = (x.cpuPerEventMs * events + rates.cpuPerPartitionMs * partitions + busy * x.warmupCpuMs) * speed;
  // Fractional vCPUs are a CPU share; whole vCPUs each run a worker.
  const parallel = vcpu < 1 ? vcpu : cores <= 1 ? 1 : cores * x.workerEfficiency;
  const io = (events * (rates.rawBytesPerEvent / x.s3ReadMBps + rates.outBytesPerEvent / x.s3WriteMBps)) / 1000 / busy;
  return { vcpu, memoryMiB, workers, runtimeMs: x.fargateStartupS * 1000 + cpuWork / parallel + io };
}

function priceSingleNode(
  p: SingleNodeTiming,
  events: number,
  partitions: number,
  scenario: Scenario,
  rates: WorkloadRates,
  prices: PriceTable,
  infeasible: string | null,
): PointProjection {
  const workers = p.workers;
  const usage: DesignUsage = {
    events,
    fargate: { vcpu: p.vcpu, memoryGb: p.memoryMiB / 1024, architecture: scenario.singleNode.fargate.architecture, taskSeconds: [p.runtimeMs / 1000] },
    // One task state + the final Succeed.
    stepFunctions: { standardTransitions: 2 },
    s3: { putRequests: Math.round(partitions * rates.putsPerPartition), listRequests: 0, getRequests: partitions + 1, storedBytes: events * rates.outBytesPerEvent },
    logs: { ingestedBytes: partitions * rates.logBytesPerInvocation },
  };
  return {
    runtimeMs: p.runtimeMs,
    costUsd: costPerRun(prices, usage, { runsPerMonth: scenario.schedule.runsPerMonth, events }).perRunUsd,
    infeasible,
    configuration: `Fargate ${p.vcpu} vCPU / ${p.memoryMiB} MiB ${scenario.singleNode.fargate.architecture}, ${workers} worker${workers > 1 ? 's' : ''}`,
    usage,
  };
}

export function fmtS(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

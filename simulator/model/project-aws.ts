import { costPerRun } from '../cost/run-cost';
import type { PriceTable } from '../cost/price-table';
import { FARGATE_SIZES, INLINE_MAP_MAX_CONCURRENCY, resolveMapKind } from '../../lib/aws-limits';
import type { Scenario } from '../scenario/schema';
import { at, AwsAssumptions, BandPoint } from './assumptions';
import type { DesignUsage } from '../results/usage';
import type { Band } from '../results/model';

/**
 * Rates fitted from emulator measurements (simulator/model/fit.ts). Everything the projection knows
 * about the workload itself comes from here; everything about AWS from AwsAssumptions and AWS-FACTS.
 */
export interface WorkloadRates {
  /** CPU per event, ms, on one emulator core. */
  readonly cpuPerEventMs: number;
  readonly cpuPerEventStderrMs: number;
  /** CPU per partition regardless of size, ms. */
  readonly cpuPerPartitionMs: number;
  /** Lambda init (cold start), ms. */
  readonly coldStartMs: number;
  /** Raw (landed, possibly compressed) bytes per event. */
  readonly rawBytesPerEvent: number;
  /** Output bytes (curated + quarantine + audit) per event. */
  readonly outBytesPerEvent: number;
  /** S3 PUTs per partition (its outputs). */
  readonly putsPerPartition: number;
  /** Log bytes per invocation (distributed) or per partition (single-node). */
  readonly logBytesPerInvocation: number;
  /** Peak memory of one partition in flight: base + per event, MB. */
  readonly memoryBaseMb: number;
  readonly memoryPerEventMb: number;
}

export interface Projection {
  readonly runtimeMs: Band;
  readonly costUsd: Band;
  /** null when the design fits; otherwise why not. */
  readonly infeasible: string | null;
  readonly configuration: string;
  /** Projected usage at the mid point, priced for costUsd.mid. */
  readonly usage: DesignUsage;
}

const POINTS: readonly BandPoint[] = ['mid', 'low', 'high'];

function partitionsFor(events: number, scenario: Scenario): { partitions: number; eventsPerPartition: number } {
  events = Math.max(1, Math.round(events));
  const eventsPerPartition = Math.max(1, scenario.workload.events / scenario.workload.partitions);
  return { partitions: Math.max(1, Math.ceil(events / eventsPerPartition)), eventsPerPartition };
}

function partitionMemoryMb(rates: WorkloadRates, eventsPerPartition: number): number {
  return rates.memoryBaseMb + rates.memoryPerEventMb * eventsPerPartition;
}

/**
 * The distributed design at `events` per run: the scenario's Lambda memory (or an override) and its
 * Map concurrency, raised (with reserved concurrency) in steps up to the account limit when the
 * scenario's cap would miss the SLA. Scaling out is this design's knob, as upsizing is the single
 * node's; the configuration string says when it was turned.
 */
export function projectDistributed(
  events: number,
  scenario: Scenario,
  rates: WorkloadRates,
  a: AwsAssumptions,
  prices: PriceTable,
  override: { memoryMb?: number } = {},
): Projection {
  events = Math.max(1, Math.round(events));
  const configured = Math.min(scenario.distributed.map.maxConcurrency, scenario.distributed.lambda.reservedConcurrency);
  const deadlineMs = scenario.sla.deadlineMinutes * 60_000;
  let cap = configured;
  let p = distributedAt(events, scenario, rates, a, prices, override.memoryMb, cap);
  while (p.runtimeMs.mid > deadlineMs && cap < a.accountConcurrency) {
    cap = Math.min(a.accountConcurrency, cap * 2);
    p = distributedAt(events, scenario, rates, a, prices, override.memoryMb, cap);
  }
  return cap === configured ? p : { ...p, configuration: `${p.configuration} (raised from the configured ${configured} to meet the SLA)` };
}

function distributedAt(
  events: number,
  scenario: Scenario,
  rates: WorkloadRates,
  a: AwsAssumptions,
  prices: PriceTable,
  memoryOverride: number | undefined,
  concurrencyCap: number,
): Projection {
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

  const runtime = {} as Record<BandPoint, number>;
  const durations = {} as Record<BandPoint, number>;
  for (const p of POINTS) {
    const cpuPerEvent = rates.cpuPerEventMs + (p === 'low' ? -1 : p === 'high' ? 1 : 0) * rates.cpuPerEventStderrMs;
    const compute = (perInvocation * (Math.max(0, cpuPerEvent) * eventsPerPartition + rates.cpuPerPartitionMs) * at(a.cpuSpeedFactor, p)) / cpuShare;
    const io = perInvocation * eventsPerPartition * ((rates.rawBytesPerEvent / at(a.s3ReadMBps, invert(p))) + rates.outBytesPerEvent / at(a.s3WriteMBps, invert(p))) / 1000;
    const d = compute + io;
    durations[p] = d;
    const waves = Math.ceil(invocations / concurrency);
    // Lambda adds environments at a bounded rate; above it, the first waves wait for capacity.
    const rampMs = concurrency > a.lambdaScalePer10s ? ((concurrency - a.lambdaScalePer10s) / a.lambdaScalePer10s) * 10_000 : 0;
    runtime[p] = waves * (d + at(a.mapIterationOverheadMs, p)) + rates.coldStartMs + rampMs;
  }
  const cold = Math.min(concurrency, invocations);
  const usage: DesignUsage = {
    events,
    lambda: {
      architecture: scenario.distributed.lambda.architecture,
      invocations: [
        ...(invocations - cold > 0 ? [{ durationMs: durations.mid, memoryMb: memoryMb, count: invocations - cold }] : []),
        { durationMs: durations.mid, initMs: rates.coldStartMs, memoryMb: memoryMb, count: cold },
      ],
    },
    // Map state + one task state per item + the final Succeed.
    stepFunctions: { standardTransitions: invocations + 2 },
    s3: {
      putRequests: Math.round(partitions * rates.putsPerPartition),
      listRequests: 0,
      getRequests: partitions + cold,
      storedBytes: events * rates.outBytesPerEvent,
    },
    logs: { ingestedBytes: invocations * rates.logBytesPerInvocation },
  };
  const cost = costBand(prices, usage, scenario, events, durations);
  const reasons: string[] = [];
  const timeoutMs = scenario.distributed.lambda.timeoutSeconds * 1000;
  if (durations.mid + rates.coldStartMs > timeoutMs) {
    reasons.push(`an invocation needs ${fmtS(durations.mid + rates.coldStartMs)} but the Lambda timeout is ${scenario.distributed.lambda.timeoutSeconds} s`);
  }
  const memNeed = partitionMemoryMb(rates, eventsPerPartition);
  if (memNeed > memoryMb) reasons.push(`a partition needs ${Math.round(memNeed)} MB, the function has ${memoryMb} MB`);
  if (runtime.mid > scenario.sla.deadlineMinutes * 60_000) reasons.push(`SLA missed: ${fmtS(runtime.mid)} > ${scenario.sla.deadlineMinutes} min`);
  return {
    runtimeMs: { mid: runtime.mid, low: runtime.low, high: runtime.high },
    costUsd: cost,
    infeasible: reasons.length ? reasons.join('; ') : null,
    configuration: `${memoryMb} MB ${scenario.distributed.lambda.architecture}, ${mapKind} Map, concurrency ${concurrency}, ${invocations} invocations`,
    usage,
  };
}

/**
 * The single-node design at `events` per run: the scenario's Fargate size, upsized to the smallest size
 * that meets the SLA and holds the worker pool in memory. Infeasible when even 16 vCPU / 120 GB cannot.
 */
export function projectSingleNode(events: number, scenario: Scenario, rates: WorkloadRates, a: AwsAssumptions, prices: PriceTable): Projection {
  events = Math.max(1, Math.round(events));
  const { partitions, eventsPerPartition } = partitionsFor(events, scenario);
  const deadlineMs = scenario.sla.deadlineMinutes * 60_000;
  const sizes = [...FARGATE_SIZES.keys()].filter((v) => v >= scenario.singleNode.fargate.vcpu).sort((x, y) => x - y);
  let last: Projection | undefined;
  for (const vcpu of sizes) {
    const p = singleNodeAt(vcpu, events, partitions, eventsPerPartition, scenario, rates, a, prices);
    if (!p) continue;
    last = p;
    if (p.runtimeMs.mid <= deadlineMs) return p;
  }
  if (!last) {
    const need = a.singleNodeBaseMemoryMb + 16 * partitionMemoryMb(rates, eventsPerPartition);
    const fallback = singleNodeAt(16, events, partitions, eventsPerPartition, scenario, rates, a, prices, true)!;
    return { ...fallback, infeasible: `memory: 16 workers need ${Math.round(need)} MB, more than the largest Fargate task (122880 MB)` };
  }
  return { ...last, infeasible: `SLA missed even at ${last.configuration}: ${fmtS(last.runtimeMs.mid)} > ${scenario.sla.deadlineMinutes} min` };
}

function singleNodeAt(
  vcpu: number,
  events: number,
  partitions: number,
  eventsPerPartition: number,
  scenario: Scenario,
  rates: WorkloadRates,
  a: AwsAssumptions,
  prices: PriceTable,
  ignoreMemory = false,
): Projection | undefined {
  const workers = Math.max(1, Math.floor(vcpu));
  const need = a.singleNodeBaseMemoryMb + workers * partitionMemoryMb(rates, eventsPerPartition);
  const allowed = FARGATE_SIZES.get(vcpu) ?? [];
  const floor = vcpu === scenario.singleNode.fargate.vcpu ? scenario.singleNode.fargate.memoryMiB : 0;
  const memoryMiB = allowed.find((m) => m >= need && m >= floor) ?? (ignoreMemory ? allowed[allowed.length - 1] : undefined);
  if (memoryMiB === undefined) return undefined;
  const runtime = {} as Record<BandPoint, number>;
  for (const p of POINTS) {
    const cpuPerEvent = rates.cpuPerEventMs + (p === 'low' ? -1 : p === 'high' ? 1 : 0) * rates.cpuPerEventStderrMs;
    const cpuWork = (Math.max(0, cpuPerEvent) * events + rates.cpuPerPartitionMs * partitions) * at(a.cpuSpeedFactor, p);
    // Fractional vCPUs are a CPU share; whole vCPUs each run a worker.
    const parallel = vcpu < 1 ? vcpu : workers === 1 ? 1 : workers * at(a.workerEfficiency, invert(p));
    const io = (events * (rates.rawBytesPerEvent / at(a.s3ReadMBps, invert(p)) + rates.outBytesPerEvent / at(a.s3WriteMBps, invert(p)))) / 1000 / workers;
    runtime[p] = at(a.fargateStartupS, p) * 1000 + cpuWork / parallel + io;
  }
  const usage: DesignUsage = {
    events,
    fargate: { vcpu, memoryGb: memoryMiB / 1024, architecture: scenario.singleNode.fargate.architecture, taskSeconds: [runtime.mid / 1000] },
    // One task state + the final Succeed.
    stepFunctions: { standardTransitions: 2 },
    s3: { putRequests: Math.round(partitions * rates.putsPerPartition), listRequests: 0, getRequests: partitions + 1, storedBytes: events * rates.outBytesPerEvent },
    logs: { ingestedBytes: partitions * rates.logBytesPerInvocation },
  };
  const cost = {} as Record<BandPoint, number>;
  for (const p of POINTS) {
    const u: DesignUsage = { ...usage, fargate: { ...usage.fargate!, taskSeconds: [runtime[p] / 1000] } };
    cost[p] = costPerRun(prices, u, { runsPerMonth: scenario.schedule.runsPerMonth, events }).perRunUsd;
  }
  return {
    runtimeMs: { mid: runtime.mid, low: runtime.low, high: runtime.high },
    costUsd: { mid: cost.mid, low: Math.min(cost.low, cost.mid), high: Math.max(cost.high, cost.mid) },
    infeasible: null,
    configuration: `Fargate ${vcpu} vCPU / ${memoryMiB} MiB ${scenario.singleNode.fargate.architecture}, ${workers} worker${workers > 1 ? 's' : ''}`,
    usage,
  };
}

function costBand(prices: PriceTable, usage: DesignUsage, scenario: Scenario, events: number, durations: Record<BandPoint, number>): Band {
  const out = {} as Record<BandPoint, number>;
  for (const p of POINTS) {
    const u: DesignUsage = {
      ...usage,
      lambda: { ...usage.lambda!, invocations: usage.lambda!.invocations.map((i) => ({ ...i, durationMs: durations[p] })) },
    };
    out[p] = costPerRun(prices, u, { runsPerMonth: scenario.schedule.runsPerMonth, events }).perRunUsd;
  }
  return { mid: out.mid, low: Math.min(out.low, out.mid), high: Math.max(out.high, out.mid) };
}

/** For throughput-like assumptions the fast end of the band is the high value. */
function invert(p: BandPoint): BandPoint {
  return p === 'low' ? 'high' : p === 'high' ? 'low' : 'mid';
}

export function fmtS(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

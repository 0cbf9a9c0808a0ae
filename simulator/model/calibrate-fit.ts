import type { DesignName } from '../../lib/workload/contract';
import type { DesignResult } from '../results/design';
import type { Results } from '../results/results';
import { singleNodeWorkers, type Architecture } from '../scenario/schema';
import type { PriceTable } from '../cost/price-table';
import type { Scenario } from '../scenario/schema';
import type { AwsAssumptions } from './assumptions';
import { midDraw } from './bands';
import { bin, type CalibrationProfile, type CalibrationSource } from './calibration';
import { fitRuns, type SweepRun } from './fit';
import { distributedPoint, singleNodePoint } from './project-aws';
import { quantile } from './stats';
import type { WorkloadCost } from './workload-cost';

/**
 * `scalesim calibrate`: the AWS platform constants fitted from a real AWS run's own records (the
 * execution history, the Lambda REPORT lines, the ECS task's timestamps and the stage profiles the
 * workload wrote inside AWS), written as a calibration profile of the same shape as the default. Pure:
 * results in, profile and fit report out.
 *
 * What each constant is fitted from:
 * - CPU speed factor (per architecture): CPU per event in AWS (stage profiles of the warm partitions)
 *   ÷ the CPU per event the same scalesim run measured locally (model.workloadCost). Only from exact
 *   CPU clocks: one partition per Lambda at a time, or per-thread clocks in the task.
 * - Lambda cold start: Init Duration of the REPORT lines.
 * - Map iteration dispatch: each iteration's span (MapIterationStarted → Succeeded) minus its
 *   invocation's Duration + Init Duration, matched by rank.
 * - Fargate task start: the ECS task's StartedAt − CreatedAt.
 * - S3 GET and PUT per stream: read and write bytes ÷ the stage time beyond its CPU at that share.
 * - Lambda MB per vCPU: memory ÷ the CPU share (CPU ÷ wall of the CPU-only stages), when memory is below one vCPU.
 * - Worker efficiency: summed partition wall ÷ (workers × the task's processing wall).
 * A constant that one run cannot identify keeps the base profile's value, and the report says why.
 */

export interface FittedConstant {
  readonly key: string;
  readonly name: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly p95?: number;
  readonly samples: number;
  readonly method: string;
  /** The base profile's value it replaces. */
  readonly previous: number;
}

export interface CalibrationFit {
  readonly fitted: readonly FittedConstant[];
  readonly notFitted: readonly { readonly key: string; readonly reason: string }[];
  readonly profile: CalibrationProfile;
}

type Ranged = { value: number; low: number; high: number; p95?: number; derivation?: string; sources: CalibrationSource[] };

export interface FitCalibrationOptions {
  /** How the results file is named in the fitted sources. */
  readonly resultsFile: string;
  /** The new profile's name. */
  readonly name: string;
  /** Today, for `updated`. */
  readonly today: string;
}

type Constants = CalibrationProfile['constants'];
type StageTotals = DesignResult['profile']['stages'][string];
type NotFitted = { key: string; reason: string };

/** What every step of the fit reads (the run) and writes (the constants, and what it fitted or not). */
interface FitContext {
  readonly r: Results;
  readonly resultsFile: string;
  readonly c: Constants;
  readonly fitted: FittedConstant[];
  readonly notFitted: NotFitted[];
  readonly dist: DesignResult | undefined;
  readonly single: DesignResult | undefined;
}

export function fitCalibration(r: Results, base: CalibrationProfile, o: FitCalibrationOptions): CalibrationFit {
  const x: FitContext = {
    r,
    resultsFile: o.resultsFile,
    c: structuredClone(base.constants) as Constants,
    fitted: [],
    notFitted: [],
    dist: r.designs.distributed,
    single: r.designs['single-node'],
  };
  fitCpuSpeedFactor(x);
  fitLambdaColdStart(x);
  fitMapIterationDispatch(x);
  fitFargateTaskStart(x);
  const share = fitLambdaCpuShare(x);
  fitS3Throughput(x, share);
  fitWorkerEfficiency(x);
  return {
    fitted: x.fitted,
    notFitted: x.notFitted,
    profile: { ...base, name: o.name, updated: o.today, description: `Fitted by scalesim calibrate from ${o.resultsFile} (a run of ${r.scenario.name} on ${r.generatedAt.slice(0, 10)}); constants it could not fit keep the values of ${base.name}.`, constants: x.c },
  };
}

function sourceOf(x: FitContext, method: string, samples: number): CalibrationSource {
  return { kind: 'fitted', results: x.resultsFile, runAt: x.r.generatedAt, method, samples };
}

/** Record a fitted constant and write it, with its range and source, over the base profile's. */
function put(x: FitContext, key: string, name: string, target: Ranged, v: Omit<FittedConstant, 'key' | 'name' | 'previous'>): void {
  const previous = target.value;
  x.fitted.push({ key, name, previous, ...v });
  target.value = round(v.value);
  target.low = round(Math.min(v.low, v.value));
  target.high = round(Math.max(v.high, v.value));
  if (v.p95 !== undefined) target.p95 = round(Math.max(v.p95, v.value));
  else delete target.p95;
  target.derivation = `Fitted by scalesim calibrate from one AWS run (the base profile had ${round(previous)}).`;
  target.sources = [sourceOf(x, v.method, v.samples)];
}

/** One aggregate sample: keep the base profile's relative range around the fitted value. */
function scaled(base: Ranged, value: number): { low: number; high: number; p95?: number } {
  return {
    low: (value * base.low) / base.value,
    high: (value * base.high) / base.value,
    ...(base.p95 !== undefined ? { p95: (value * base.p95) / base.value } : {}),
  };
}

/** The single-node task's worker pool as the run configured it (`singleNode.workers`, set by `scalesim tune`). */
function runWorkers(r: Results): number {
  return singleNodeWorkers(r.scenario.spec.singleNode);
}

/** CPU speed factor, per architecture. */
function fitCpuSpeedFactor(x: FitContext): void {
  const wc = x.r.model?.workloadCost;
  if (!wc) {
    x.notFitted.push({ key: 'cpuSpeedFactor', reason: 'the results carry no local workload calibration (model.workloadCost) to divide by' });
    return;
  }
  const spec = x.r.scenario.spec;
  const speedSamples: Partial<Record<Architecture, number[]>> = {};
  // The first partition in each environment (Lambda) or worker (task) also pays the JIT warm-up: the
  // most expensive `cold` partitions are left out, so the factor describes steady state, like the
  // local calibration it is divided by.
  const add = (arch: Architecture, d: DesignResult | undefined, cold: number, exact: boolean, why: string): void => {
    if (!d) return;
    if (!exact) {
      x.notFitted.push({ key: `cpuSpeedFactor.${arch}`, reason: why });
      return;
    }
    const per = d.profile.partitions
      .filter((p) => p.events > 0)
      .map((p) => p.cpuMs / p.events / wc.cpuPerEventMs.value)
      .sort((a, b) => a - b);
    const warm = per.length > cold ? per.slice(0, per.length - cold) : per;
    if (warm.length) (speedSamples[arch] ??= []).push(...warm);
  };
  const coldLambdas = (x.dist?.timeline?.reports ?? []).filter((t) => t.initDurationMs !== undefined).length;
  add(spec.distributed.lambda.architecture, x.dist, coldLambdas, true, '');
  const scope = x.single?.timeline?.cpuScope;
  add(spec.singleNode.fargate.architecture, x.single, runWorkers(x.r), scope === 'thread', `single-node stage profiles use a ${scope ?? 'unknown'} CPU clock shared by the worker threads, so per-partition CPU is not exact`);
  for (const [arch, xs] of Object.entries(speedSamples) as [Architecture, number[]][]) {
    put(x, `cpuSpeedFactor.${arch}`, `CPU speed factor ${arch}`, x.c.cpuSpeedFactor.byArchitecture[arch], {
      value: quantile(xs, 0.5),
      low: quantile(xs, 0.05),
      high: quantile(xs, 0.95),
      samples: xs.length,
      method: 'AWS CPU per event of the warm partitions (stage profiles; the first partition of each environment or worker left out) ÷ this run\'s local workload calibration; median, 5th–95th percentile',
    });
  }
}

/** Lambda cold start: the Init Duration of the REPORT lines, in the bin of the run's package size. */
function fitLambdaColdStart(x: FitContext): void {
  const inits = (x.dist?.timeline?.reports ?? []).flatMap((t) => (t.initDurationMs !== undefined ? [t.initDurationMs] : []));
  if (inits.length < 2) {
    x.notFitted.push({ key: 'lambdaColdStartMs', reason: `${inits.length} REPORT line(s) with an Init Duration; need 2 or more` });
    return;
  }
  const pkg = x.r.model?.calibration?.sizes?.lambdaPackageMb ?? 1;
  const b = bin(x.c.lambdaColdStartMs.byPackageSize, 'maxPackageMb', pkg);
  put(x, 'lambdaColdStartMs', `Lambda cold start (package ≤ ${b.maxPackageMb} MB)`, b, {
    value: quantile(inits, 0.5),
    low: Math.min(...inits),
    high: Math.max(...inits),
    p95: quantile(inits, 0.95),
    samples: inits.length,
    method: 'Init Duration of the REPORT lines: median, p95, min–max',
  });
}

/** Map iteration dispatch: each iteration's span minus its invocation's work, matched by rank. */
function fitMapIterationDispatch(x: FitContext): void {
  const tl = x.dist?.timeline;
  const spans = (tl?.mapIterations ?? []).flatMap((i) => (i.endMs !== undefined && i.status === 'succeeded' ? [i.endMs - i.startMs] : []));
  const work = (tl?.reports ?? []).map((t) => t.durationMs + (t.initDurationMs ?? 0));
  if (spans.length < 2 || work.length !== spans.length) {
    x.notFitted.push({ key: 'mapIterationDispatchMs', reason: `${spans.length} finished Map iterations and ${work.length} REPORT lines; need matching counts of 2 or more` });
    return;
  }
  const a = [...spans].sort((p, q) => p - q);
  const b = [...work].sort((p, q) => p - q);
  const d = a.map((v, i) => v - b[i]);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  put(x, 'mapIterationDispatchMs', 'Map iteration dispatch', x.c.mapIterationDispatchMs, {
    value: Math.max(0, mean),
    low: Math.max(0, quantile(d, 0.1)),
    high: Math.max(0, quantile(d, 0.9)),
    samples: d.length,
    method: 'Map iteration span (MapIterationStarted → Succeeded) minus Duration + Init Duration of its invocation, matched by rank; mean, 10th–90th percentile',
  });
}

/** Below this many ECS tasks, the fitted start keeps the base profile's relative range. */
const MIN_TASKS_FOR_OWN_RANGE = 3;

/** Fargate task start: the ECS task's StartedAt − CreatedAt, in the bin of the run's image size. */
function fitFargateTaskStart(x: FitContext): void {
  const starts = (x.single?.timeline?.ecsTasks ?? []).flatMap((t) => {
    const from = t.createdMs ?? t.pullStartedMs;
    return from !== undefined && t.startedMs !== undefined && t.startedMs >= from ? [(t.startedMs - from) / 1000] : [];
  });
  if (!starts.length) {
    x.notFitted.push({ key: 'fargateTaskStartS', reason: 'no ECS task with CreatedAt and StartedAt in the single-node execution history' });
    return;
  }
  const imageMb = x.r.model?.calibration?.sizes?.taskImageMb ?? x.c.fargateTaskStartS.taskImageMb.value;
  const b = bin(x.c.fargateTaskStartS.byImageSize, 'maxImageMb', imageMb);
  const value = quantile(starts, 0.5);
  const own = starts.length >= MIN_TASKS_FOR_OWN_RANGE;
  put(x, 'fargateTaskStartS', `Fargate task start (image ≤ ${b.maxImageMb} MB)`, b, {
    value,
    ...(own ? { low: Math.min(...starts), high: Math.max(...starts), p95: quantile(starts, 0.95) } : scaled(b, value)),
    samples: starts.length,
    method: `ECS StartedAt − CreatedAt${own ? '' : '; range: the base profile\'s relative range around it (too few tasks for one of its own)'}`,
  });
}

/** The stages that only compute: at the Lambda's CPU share, their wall is CPU ÷ share. */
const CPU_ONLY_STAGES = ['decompress', 'parse', 'validate', 'aggregate'] as const;
/** A measured CPU share at or above this is taken as a whole vCPU: too close to 1 to fit MB per vCPU from. */
const WHOLE_VCPU_SHARE = 0.97;

/**
 * Lambda CPU share (CPU ÷ wall of the CPU-only stages of the distributed design, one stream per
 * Lambda), and from it the Lambda MB per vCPU when the run's memory is below one vCPU. Returns the share.
 */
function fitLambdaCpuShare(x: FitContext): number {
  const st = x.dist?.profile.stages;
  const reports = x.dist?.timeline?.reports ?? [];
  if (!x.dist || !st || !reports.length) return 1;
  const cpuOnly = CPU_ONLY_STAGES.map((k) => st[k]).filter((v) => v !== undefined);
  const cpu = cpuOnly.reduce((n, v) => n + v.cpuMs, 0);
  const wall = cpuOnly.reduce((n, v) => n + v.wallMs, 0);
  const share = wall > 0 ? Math.min(1, cpu / wall) : 1;
  const memory = reports[0].memorySizeMb;
  const c = x.c.lambdaMbPerVcpu;
  if (memory < c.value && share < WHOLE_VCPU_SHARE) {
    const v = round(memory / share);
    const samples = x.dist.profile.partitions.length;
    const method = 'memory ÷ CPU share, the share being CPU ÷ wall of the CPU-only stages (decompress, parse, validate, aggregate)';
    x.fitted.push({ key: 'lambdaMbPerVcpu', name: 'Lambda MB per vCPU', value: v, low: v, high: v, samples, method, previous: c.value });
    c.value = v;
    c.derivation = `Fitted by scalesim calibrate at ${memory} MB (CPU share ${share.toFixed(3)}).`;
    c.sources = [sourceOf(x, method, samples)];
  } else {
    x.notFitted.push({
      key: 'lambdaMbPerVcpu',
      reason: `the run used ${memory} MB; at or above one vCPU (${c.value} MB) the CPU share is 1 (measured ${share.toFixed(2)}): run the workload below ${c.value} MB to fit it`,
    });
  }
  return share;
}

/** S3 GET and PUT per stream: what read and write spend beyond their CPU at the CPU share is waiting on S3. */
function fitS3Throughput(x: FitContext, share: number): void {
  const st = x.dist?.profile.stages;
  const samples = x.dist?.profile.partitions.length ?? 0;
  const waitOf = (s: { wallMs: number; cpuMs: number }) => s.wallMs - s.cpuMs / share;
  const one = (stage: StageTotals | undefined, key: 's3GetMBpsPerStream' | 's3PutMBpsPerStream', name: string, what: string, verb: string): void => {
    if (!stage || stage.bytes <= 0 || waitOf(stage) <= 0) {
      x.notFitted.push({ key, reason: `no distributed ${what} stage with bytes and time waiting on ${verb}s` });
      return;
    }
    const v = stage.bytes / waitOf(stage) / 1000;
    put(x, key, name, x.c[key], { value: v, ...scaled(x.c[key], v), samples, method: `${what}-stage bytes ÷ (${what}-stage wall − its CPU at the CPU share) over every Lambda partition; range: the base profile's relative range` });
  };
  one(st?.read, 's3GetMBpsPerStream', 'S3 GET per stream', 'read', 'GET');
  one(st?.write, 's3PutMBpsPerStream', 'S3 PUT per stream', 'write', 'PUT');
}

/** Worker efficiency of the single-node pool: summed partition wall ÷ (workers × the task's processing wall). */
function fitWorkerEfficiency(x: FitContext): void {
  const task = x.single?.timeline?.ecsTasks.find((t) => t.startedMs !== undefined && t.stoppedMs !== undefined);
  const workers = runWorkers(x.r);
  if (!x.single || !task || workers <= 1) {
    x.notFitted.push({ key: 'workerEfficiency', reason: workers > 1 ? 'no single-node task with StartedAt and StoppedAt' : 'the task ran one worker' });
    return;
  }
  const processing = task.stoppedMs! - task.startedMs!;
  const partWall = x.single.profile.partitions.reduce((s, p) => s + p.wallMs, 0);
  const v = Math.min(1, partWall / (workers * processing));
  put(x, 'workerEfficiency', 'single-node worker efficiency', x.c.workerEfficiency, { value: v, ...scaled(x.c.workerEfficiency, v), samples: x.single.profile.partitions.length, method: 'summed partition wall ÷ (workers × the task\'s StoppedAt − StartedAt; its boot and exit count against it, so fit from a large run); range: the base profile\'s relative range' });
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

/** Which designs a results file can calibrate from, and why not when it cannot. */
export function calibrationInputs(r: Results): { designs: DesignName[]; problems: string[] } {
  const problems: string[] = [];
  const designs = (['single-node', 'distributed'] as const).filter((d) => {
    const x = r.designs[d];
    if (!x) return false;
    if (x.executionStatus !== 'SUCCEEDED') {
      problems.push(`${d}: execution ${x.executionStatus}`);
      return false;
    }
    if (!x.timeline) problems.push(`${d}: no timeline (results.json written before scalesim recorded one)`);
    return !!x.timeline;
  });
  return { designs, problems };
}

/** One design of a backtest: what a profile projects for the run's own volume against what AWS measured. */
export interface BacktestRow {
  readonly design: DesignName;
  readonly events: number;
  /** Wall time of the AWS execution, ms (measured). */
  readonly measuredMs: number;
  /** The profile's point projection at that volume, ms. */
  readonly projectedMs: number;
  /** projected ÷ measured − 1, %. */
  readonly errorPct: number;
}

/**
 * The projection error of a profile against the run it is checked on: each design projected at the
 * run's own volume with the run's own workload rates, at the profile's point estimates. Pure.
 */
export function backtest(runs: readonly SweepRun[], scenario: Scenario, prices: PriceTable, a: AwsAssumptions, workloadCost?: WorkloadCost): BacktestRow[] {
  if (!runs.length) return [];
  const rates = fitRuns(runs, workloadCost).rates;
  const x = midDraw(rates, a);
  return runs.map((r) => {
    const s: Scenario = { ...scenario, workload: { ...scenario.workload, events: r.events, partitions: r.partitions } };
    const p = r.design === 'single-node' ? singleNodePoint(r.events, s, rates, a, prices, x) : distributedPoint(r.events, s, rates, a, prices, x);
    const measuredMs = r.result.runtime.measured.wallMs;
    return { design: r.design, events: r.events, measuredMs, projectedMs: Math.round(p.runtimeMs), errorPct: Number(((p.runtimeMs / measuredMs - 1) * 100).toFixed(1)) };
  });
}

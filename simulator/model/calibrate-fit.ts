import type { DesignName } from '../../lib/workload/contract';
import type { DesignResult } from '../results/design';
import type { Results } from '../results/results';
import type { Architecture } from '../scenario/schema';
import type { PriceTable } from '../cost/price-table';
import type { Scenario } from '../scenario/schema';
import type { AwsAssumptions } from './assumptions';
import { midDraw } from './bands';
import type { ArtifactSizes, CalibrationProfile, CalibrationSource } from './calibration';
import { fitRuns, type SweepRun } from './fit';
import { distributedPoint, singleNodePoint } from './project-aws';
import { quantile, type WorkloadCost } from './workload-cost';

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

export function fitCalibration(r: Results, base: CalibrationProfile, o: FitCalibrationOptions): CalibrationFit {
  const fitted: FittedConstant[] = [];
  const notFitted: { key: string; reason: string }[] = [];
  const c = structuredClone(base.constants) as CalibrationProfile['constants'];
  const spec = r.scenario.spec;
  const sizes: ArtifactSizes | undefined = r.model?.calibration?.sizes;
  const wc = r.model?.workloadCost;
  const dist = r.designs.distributed;
  const single = r.designs['single-node'];
  const source = (method: string, samples: number): CalibrationSource => ({ kind: 'fitted', results: o.resultsFile, runAt: r.generatedAt, method, samples });

  const put = (key: string, name: string, target: Ranged, v: Omit<FittedConstant, 'key' | 'name' | 'previous'>) => {
    const previous = target.value;
    fitted.push({ key, name, previous, ...v });
    target.value = round(v.value);
    target.low = round(Math.min(v.low, v.value));
    target.high = round(Math.max(v.high, v.value));
    if (v.p95 !== undefined) target.p95 = round(Math.max(v.p95, v.value));
    else delete target.p95;
    target.derivation = `Fitted by scalesim calibrate from one AWS run (the base profile had ${round(previous)}).`;
    target.sources = [source(v.method, v.samples)];
  };
  /** One aggregate sample: keep the base profile's relative range around the fitted value. */
  const scaled = (base: Ranged, value: number) => ({
    low: (value * base.low) / base.value,
    high: (value * base.high) / base.value,
    ...(base.p95 !== undefined ? { p95: (value * base.p95) / base.value } : {}),
  });

  // CPU speed factor, per architecture.
  const speedSamples: Partial<Record<Architecture, number[]>> = {};
  if (!wc) notFitted.push({ key: 'cpuSpeedFactor', reason: 'the results carry no local workload calibration (model.workloadCost) to divide by' });
  else {
    // The first partition in each environment (Lambda) or worker (task) also pays the JIT warm-up: the
    // most expensive `cold` partitions are left out, so the factor describes steady state, like the
    // local calibration it is divided by.
    const add = (arch: Architecture, d: DesignResult | undefined, cold: number, exact: boolean, why: string): void => {
      if (!d) return;
      if (!exact) {
        notFitted.push({ key: `cpuSpeedFactor.${arch}`, reason: why });
        return;
      }
      const per = d.profile.partitions
        .filter((p) => p.events > 0)
        .map((p) => p.cpuMs / p.events / wc.cpuPerEventMs.value)
        .sort((a, b) => a - b);
      const warm = per.length > cold ? per.slice(0, per.length - cold) : per;
      if (warm.length) (speedSamples[arch] ??= []).push(...warm);
    };
    const coldLambdas = (dist?.timeline?.reports ?? []).filter((x) => x.initDurationMs !== undefined).length;
    add(spec.distributed.lambda.architecture, dist, coldLambdas, true, '');
    const scope = single?.timeline?.cpuScope;
    add(spec.singleNode.fargate.architecture, single, Math.max(1, Math.floor(spec.singleNode.fargate.vcpu)), scope === 'thread', `single-node stage profiles use a ${scope ?? 'unknown'} CPU clock shared by the worker threads, so per-partition CPU is not exact`);
    for (const [arch, xs] of Object.entries(speedSamples) as [Architecture, number[]][]) {
      put(`cpuSpeedFactor.${arch}`, `CPU speed factor ${arch}`, c.cpuSpeedFactor.byArchitecture[arch], {
        value: quantile(xs, 0.5),
        low: quantile(xs, 0.05),
        high: quantile(xs, 0.95),
        samples: xs.length,
        method: 'AWS CPU per event of the warm partitions (stage profiles; the first partition of each environment or worker left out) ÷ this run\'s local workload calibration; median, 5th–95th percentile',
      });
    }
  }

  // Lambda cold start.
  const inits = (dist?.timeline?.reports ?? []).flatMap((x) => (x.initDurationMs !== undefined ? [x.initDurationMs] : []));
  if (inits.length >= 2) {
    const pkg = sizes?.lambdaPackageMb ?? 1;
    const bin = binFor(c.lambdaColdStartMs.byPackageSize, 'maxPackageMb', pkg);
    put('lambdaColdStartMs', `Lambda cold start (package ≤ ${bin.maxPackageMb} MB)`, bin, {
      value: quantile(inits, 0.5),
      low: Math.min(...inits),
      high: Math.max(...inits),
      p95: quantile(inits, 0.95),
      samples: inits.length,
      method: 'Init Duration of the REPORT lines: median, p95, min–max',
    });
  } else notFitted.push({ key: 'lambdaColdStartMs', reason: `${inits.length} REPORT line(s) with an Init Duration; need 2 or more` });

  // Map iteration dispatch.
  const tl = dist?.timeline;
  const spans = (tl?.mapIterations ?? []).flatMap((i) => (i.endMs !== undefined && i.status === 'succeeded' ? [i.endMs - i.startMs] : []));
  const work = (tl?.reports ?? []).map((x) => x.durationMs + (x.initDurationMs ?? 0));
  if (spans.length >= 2 && work.length === spans.length) {
    const a = [...spans].sort((x, y) => x - y);
    const b = [...work].sort((x, y) => x - y);
    const d = a.map((x, i) => x - b[i]);
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    put('mapIterationDispatchMs', 'Map iteration dispatch', c.mapIterationDispatchMs, {
      value: Math.max(0, mean),
      low: Math.max(0, quantile(d, 0.1)),
      high: Math.max(0, quantile(d, 0.9)),
      samples: d.length,
      method: 'Map iteration span (MapIterationStarted → Succeeded) minus Duration + Init Duration of its invocation, matched by rank; mean, 10th–90th percentile',
    });
  } else notFitted.push({ key: 'mapIterationDispatchMs', reason: `${spans.length} finished Map iterations and ${work.length} REPORT lines; need matching counts of 2 or more` });

  // Fargate task start.
  const starts = (single?.timeline?.ecsTasks ?? []).flatMap((t) => {
    const from = t.createdMs ?? t.pullStartedMs;
    return from !== undefined && t.startedMs !== undefined && t.startedMs >= from ? [(t.startedMs - from) / 1000] : [];
  });
  if (starts.length) {
    const imageMb = sizes?.taskImageMb ?? c.fargateTaskStartS.taskImageMb.value;
    const bin = binFor(c.fargateTaskStartS.byImageSize, 'maxImageMb', imageMb);
    const value = quantile(starts, 0.5);
    put('fargateTaskStartS', `Fargate task start (image ≤ ${bin.maxImageMb} MB)`, bin, {
      value,
      ...(starts.length >= 3 ? { low: Math.min(...starts), high: Math.max(...starts), p95: quantile(starts, 0.95) } : scaled(bin, value)),
      samples: starts.length,
      method: `ECS StartedAt − CreatedAt${starts.length < 3 ? '; range: the base profile\'s relative range around it (too few tasks for one of its own)' : ''}`,
    });
  } else notFitted.push({ key: 'fargateTaskStartS', reason: 'no ECS task with CreatedAt and StartedAt in the single-node execution history' });

  // Lambda CPU share, then S3 throughput per stream, from the distributed design (one stream per
  // Lambda). The CPU-only stages run at the CPU share (wall = CPU ÷ share); what read and write spend
  // beyond their CPU at that share is waiting on S3.
  const st = dist?.profile.stages;
  const reports = tl?.reports ?? [];
  let share = 1;
  if (dist && st && reports.length) {
    const cpuOnly = ['decompress', 'parse', 'validate', 'aggregate'].map((k) => st[k]).filter((x) => x !== undefined);
    const cpu = cpuOnly.reduce((n, x) => n + x.cpuMs, 0);
    const wall = cpuOnly.reduce((n, x) => n + x.wallMs, 0);
    share = wall > 0 ? Math.min(1, cpu / wall) : 1;
    const memory = reports[0].memorySizeMb;
    if (memory < c.lambdaMbPerVcpu.value && share < 0.97) {
      const v = memory / share;
      const method = 'memory ÷ CPU share, the share being CPU ÷ wall of the CPU-only stages (decompress, parse, validate, aggregate)';
      fitted.push({ key: 'lambdaMbPerVcpu', name: 'Lambda MB per vCPU', value: round(v), low: round(v), high: round(v), samples: dist.profile.partitions.length, method, previous: c.lambdaMbPerVcpu.value });
      c.lambdaMbPerVcpu.value = round(v);
      c.lambdaMbPerVcpu.derivation = `Fitted by scalesim calibrate at ${memory} MB (CPU share ${share.toFixed(3)}).`;
      c.lambdaMbPerVcpu.sources = [source(method, dist.profile.partitions.length)];
    } else {
      notFitted.push({
        key: 'lambdaMbPerVcpu',
        reason: `the run used ${memory} MB; at or above one vCPU (${c.lambdaMbPerVcpu.value} MB) the CPU share is 1 (measured ${share.toFixed(2)}): run the workload below ${c.lambdaMbPerVcpu.value} MB to fit it`,
      });
    }
  }
  const waitOf = (x: { wallMs: number; cpuMs: number }) => x.wallMs - x.cpuMs / share;
  if (st?.read && st.read.bytes > 0 && waitOf(st.read) > 0) {
    const v = st.read.bytes / waitOf(st.read) / 1000;
    put('s3GetMBpsPerStream', 'S3 GET per stream', c.s3GetMBpsPerStream, { value: v, ...scaled(c.s3GetMBpsPerStream, v), samples: dist!.profile.partitions.length, method: 'read-stage bytes ÷ (read-stage wall − its CPU at the CPU share) over every Lambda partition; range: the base profile\'s relative range' });
  } else notFitted.push({ key: 's3GetMBpsPerStream', reason: 'no distributed read stage with bytes and time waiting on GETs' });
  if (st?.write && st.write.bytes > 0 && waitOf(st.write) > 0) {
    const v = st.write.bytes / waitOf(st.write) / 1000;
    put('s3PutMBpsPerStream', 'S3 PUT per stream', c.s3PutMBpsPerStream, { value: v, ...scaled(c.s3PutMBpsPerStream, v), samples: dist!.profile.partitions.length, method: 'write-stage bytes ÷ (write-stage wall − its CPU at the CPU share) over every Lambda partition; range: the base profile\'s relative range' });
  } else notFitted.push({ key: 's3PutMBpsPerStream', reason: 'no distributed write stage with bytes and time waiting on PUTs' });

  // Worker efficiency of the single-node pool.
  const task = single?.timeline?.ecsTasks.find((t) => t.startedMs !== undefined && t.stoppedMs !== undefined);
  const workers = Math.max(1, Math.floor(spec.singleNode.fargate.vcpu));
  if (single && task && workers > 1) {
    const processing = task.stoppedMs! - task.startedMs!;
    const partWall = single.profile.partitions.reduce((s, p) => s + p.wallMs, 0);
    const v = Math.min(1, partWall / (workers * processing));
    put('workerEfficiency', 'single-node worker efficiency', c.workerEfficiency, { value: v, ...scaled(c.workerEfficiency, v), samples: single.profile.partitions.length, method: 'summed partition wall ÷ (workers × the task\'s StoppedAt − StartedAt; its boot and exit count against it, so fit from a large run); range: the base profile\'s relative range' });
  } else notFitted.push({ key: 'workerEfficiency', reason: workers > 1 ? 'no single-node task with StartedAt and StoppedAt' : 'the task ran one worker' });

  return {
    fitted,
    notFitted,
    profile: { ...base, name: o.name, updated: o.today, description: `Fitted by scalesim calibrate from ${o.resultsFile} (a run of ${r.scenario.name} on ${r.generatedAt.slice(0, 10)}); constants it could not fit keep the values of ${base.name}.`, constants: c },
  };
}

function binFor<T extends Record<K, number>, K extends string>(bins: T[], key: K, size: number): T {
  const sorted = [...bins].sort((a, b) => a[key] - b[key]);
  return sorted.find((b) => size <= b[key]) ?? sorted[sorted.length - 1];
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

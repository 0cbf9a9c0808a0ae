import type { DesignName } from '../../lib/workload/contract';
import type { ConfiguredProjection, WorkloadRates } from '../model/project-aws';
import type { DesignResult } from '../results/design';
import type { ComparisonRow, EvaluatedPoint, Verification } from '../results/tune';
import type { DesignUsage } from '../results/usage';

/**
 * The verification of a pick: what the model predicted for the verification run itself (its volume,
 * partitions and configuration) against what the emulator measured, row by row, and the accounting.
 * Pure: the run's results and the prediction are arguments (simulator/run/tune.ts runs it).
 *
 * Counts (invocations, requests, transitions, tasks) mean the same on the emulator and on AWS, so a gap
 * there is the model's. Durations and cost are measured on the emulator against a projection for AWS:
 * their gap mixes the model's error with the difference between this machine and AWS, and says so.
 * The workload rates the model assumed (CPU per event, memory per partition) are compared with what
 * the run measured.
 */

export interface VerifyInput {
  readonly design: DesignName;
  readonly point: EvaluatedPoint;
  /** Events generated for the run: the input the accounting must see. */
  readonly events: number;
  readonly partitions: number;
  /** The model's projection of the verification run. */
  readonly predicted: ConfiguredProjection;
  readonly rates: WorkloadRates;
  /** Run-dependent cost of one run, USD: the predicted usage and the measured usage, priced the same way. */
  readonly predictedRunUsd: number;
  readonly measuredRunUsd?: number;
  /** What the design's run recorded; undefined when it did not run. */
  readonly measured?: DesignResult;
  /** Why it did not run or failed, from the run. */
  readonly problem?: string;
  readonly fixedCost?: { readonly evaluatedUsd: number; readonly synthesizedUsd: number };
  /**
   * The design's evaluated points and the tuned partition size, events: when the run's partitions have
   * that size, its measured peak memory is checked against every point the search called feasible.
   * @default - no memory check
   */
  readonly memoryCheck?: { readonly points: readonly EvaluatedPoint[]; readonly tunedPartitions: number; readonly tunedEventsPerPartition: number };
}

export function gapPct(predicted: number, measured: number): number | null {
  return predicted === 0 ? (measured === 0 ? 0 : null) : ((measured - predicted) / predicted) * 100;
}

function row(quantity: string, unit: string, predicted: number, measured: number, basis: ComparisonRow['basis'], note?: string): ComparisonRow {
  return { quantity, unit, predicted, measured, gapPct: gapPct(predicted, measured), basis, ...(note ? { note } : {}) };
}

const countOf = (xs: readonly { readonly count?: number }[]) => xs.reduce((n, x) => n + (x.count ?? 1), 0);
const weightedMean = (xs: readonly { readonly durationMs: number; readonly count?: number }[]) => {
  const n = countOf(xs);
  return n ? xs.reduce((s, x) => s + x.durationMs * (x.count ?? 1), 0) / n : 0;
};

/** The rows both designs share: requests and transitions (counts), CPU per event (an assumption), cost. */
function commonRows(p: DesignUsage, m: DesignUsage, i: VerifyInput): ComparisonRow[] {
  const r = i.measured!;
  const rows = [
    row('Step Functions state transitions', 'transitions', p.stepFunctions.standardTransitions, m.stepFunctions.standardTransitions, 'count'),
    row('S3 PUT requests', 'requests', p.s3.putRequests, m.s3.putRequests, 'count'),
    row('S3 GET requests', 'requests', p.s3.getRequests, m.s3.getRequests, 'count'),
    row('CPU per event', 'ms', i.rates.cpuPerEventMs, i.events > 0 ? r.runtime.measured.cpuMs / i.events : 0, 'assumption', 'the workload rate the model used, against the CPU the run’s stage profiles recorded per event (emulator)'),
  ];
  if (i.measuredRunUsd !== undefined) {
    rows.push(row('run-dependent cost of this run', 'USD', i.predictedRunUsd, i.measuredRunUsd, 'emulator-vs-aws', 'the same price table and template: measured usage × list price against the projected usage'));
  }
  return rows;
}

function designRows(i: VerifyInput): ComparisonRow[] {
  const p = i.predicted.usage;
  const m = i.measured?.usage;
  if (!m) return [];
  if (i.design === 'distributed') {
    const pi = p.lambda?.invocations ?? [];
    const mi = m.lambda?.invocations ?? [];
    const maxMemory = i.measured?.profile.invocations?.maxMemoryUsedMb;
    return [
      row('Lambda invocations', 'invocations', countOf(pi), countOf(mi), 'count'),
      row('Lambda duration, mean', 'ms', weightedMean(pi), weightedMean(mi), 'emulator-vs-aws', 'measured on the emulator’s shared cores, projected for a Lambda of this memory'),
      ...(maxMemory !== undefined ? [row('peak memory of an invocation', 'MB', i.predicted.memoryNeedMb, maxMemory, 'assumption', 'the memory need the model used (out-of-memory rule) against the REPORT lines’ Max Memory Used')] : []),
      ...commonRows(p, m, i),
    ];
  }
  const pt = p.fargate?.taskSeconds ?? [];
  const mt = m.fargate?.taskSeconds ?? [];
  return [
    row('Fargate tasks', 'tasks', pt.length, mt.length, 'count'),
    row('task time', 's', pt.reduce((a, b) => a + b, 0), mt.reduce((a, b) => a + b, 0), 'emulator-vs-aws', 'the projection includes the Fargate task start on AWS; the emulator starts a local process'),
    ...commonRows(p, m, i),
  ];
}

/**
 * Distributed: when the run's partitions have the tuned size (within PARTITION_SIZE_TOLERANCE, 2%), a measured peak memory above
 * a configuration's memory means the model's memory rate was low and that configuration would run out
 * of memory: a warning counts the feasible points it rules out, and says whether the pick is one.
 */
/**
 * How far the verify run's partition size may be from the tuned one for its peak memory to speak for the
 * tuned configurations. The run's events divided by its partitions seldom equal the tuned size exactly
 * (a smaller verify volume rounds); peak memory grows with events per partition, so 2% more or fewer
 * events moves only the per-event part of the peak, by 2%. A judgement, not a measured bound.
 */
const PARTITION_SIZE_TOLERANCE = 0.02;

export function memoryWarnings(i: VerifyInput): string[] {
  const peak = i.measured?.profile.invocations?.maxMemoryUsedMb;
  if (i.design !== 'distributed' || peak === undefined || !i.memoryCheck || i.partitions < 1) return [];
  const runSize = i.events / i.partitions;
  if (Math.abs(runSize - i.memoryCheck.tunedEventsPerPartition) > PARTITION_SIZE_TOLERANCE * i.memoryCheck.tunedEventsPerPartition) return [];
  const { tunedPartitions } = i.memoryCheck;
  // Only configurations with the tuned partition count hold partitions of the size the run measured.
  const feasible = i.memoryCheck.points.filter((p) => p.feasible && p.configuration.design === 'distributed' && p.configuration.partitions === tunedPartitions);
  const ruledOut = feasible.filter((p) => p.memoryMb < peak);
  if (!ruledOut.length) return [];
  const pick = i.point.memoryMb < peak ? ' The verified configuration is one of them.' : '';
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    `measured peak memory ${Math.round(peak)} MB per invocation against the ${Math.round(i.predicted.memoryNeedMb)} MB the model assumed: ${n(ruledOut.length)} of the ${n(feasible.length)} configurations with ${n(tunedPartitions)} partitions it called feasible have less memory (${[...new Set(ruledOut.map((p) => p.memoryMb))].sort((a, b) => a - b).join(', ')} MB) and would run out of memory.${pick}`,
  ];
}

export function verifyDesign(i: VerifyInput): Verification {
  const base = { design: i.design, pointId: i.point.id, label: i.point.label, events: i.events, partitions: i.partitions };
  const r = i.measured;
  if (!r) return { ...base, status: 'not-run', reason: i.problem ?? 'the design did not run', comparisons: [], warnings: [] };
  const a = r.accounting;
  const holds = a.invariantHolds && a.input === i.events && a.curated + a.quarantined + a.duplicatesDropped === a.input && a.missingPartitions.length === 0 && a.failedPartitions.length === 0;
  const problems = [
    ...(r.executionStatus !== 'SUCCEEDED' ? [`execution ${r.executionStatus}`] : []),
    ...(!a.invariantHolds ? [`accounting invariant broken: ${a.violations[0] ?? 'see results'}`] : []),
    ...(a.input !== i.events ? [`input ${a.input} ≠ the ${i.events} events generated`] : []),
    ...(a.missingPartitions.length ? [`${a.missingPartitions.length} partitions lost`] : []),
    ...(a.failedPartitions.length ? [`${a.failedPartitions.length} partitions failed`] : []),
    ...(i.problem ? [i.problem] : []),
  ];
  return {
    ...base,
    status: problems.length ? 'failed' : 'verified',
    ...(problems.length ? { reason: problems.join('; ') } : {}),
    executionStatus: r.executionStatus,
    accounting: {
      basis: 'measured',
      expectedInput: i.events,
      input: a.input,
      curated: a.curated,
      quarantined: a.quarantined,
      duplicatesDropped: a.duplicatesDropped,
      holds,
      missingPartitions: a.missingPartitions.length,
      failedPartitions: a.failedPartitions.length,
    },
    comparisons: designRows(i),
    ...(i.fixedCost ? { fixedCost: i.fixedCost } : {}),
    wallMs: r.runtime.measured.wallMs,
    warnings: memoryWarnings(i),
  };
}

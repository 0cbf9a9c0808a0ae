import type { DesignName, RunManifest } from '../../lib/workload/contract';
import type { InvocationRecord } from '../emulator/types';
import type { FaultEvidence, InjectedFault } from '../results/faults';
import type { Scenario } from '../scenario/schema';
import type { RawMeasurements } from './collect-design';
import { attemptPartitions } from './execution-history';

export interface FaultEvidenceInput {
  readonly design: DesignName;
  readonly raw: RawMeasurements;
  readonly manifest: RunManifest;
  readonly scenario: Scenario;
  /** The gateway's invocation log for this design's run; undefined where the target has none. */
  readonly invocations?: readonly InvocationRecord[];
}

/** Pure: the fault evidence of one design's run. */
export function faultEvidence(i: FaultEvidenceInput): FaultEvidence {
  const { raw, manifest, scenario, design } = i;
  const h = raw.history;
  const injectedLambda: Record<InjectedFault, number> = { throw: 0, timeout: 0, oom: 0, throttle: 0 };
  for (const r of i.invocations ?? []) if (r.injected) injectedLambda[r.injected]++;
  const lambdaRequested = Object.values(scenario.faults.lambda).some((v) => v > 0);

  const failedForGood = h.caught.map((c) => {
    const input = c.input as { partitions?: string[]; error?: { Error?: string; Cause?: string } } | undefined;
    return { partitions: input?.partitions ?? [], error: input?.error?.Error ?? 'unknown', ...(input?.error?.Cause ? { cause: truncate(input.error.Cause) } : {}) };
  });
  // Partitions the workload itself recorded as failed (unreadable data), not caught by the Map.
  const listed = new Set(failedForGood.flatMap((f) => f.partitions));
  for (const u of raw.unaccounted) {
    if (u.reason && !listed.has(u.key)) failedForGood.push({ partitions: [u.key], error: u.reason });
  }
  if (raw.execution.status !== 'SUCCEEDED') {
    failedForGood.push({ partitions: manifest.partitions.map((p) => p.key), error: raw.execution.error ?? raw.execution.status, ...(raw.execution.cause ? { cause: truncate(raw.execution.cause) } : {}) });
  }
  const truncated = manifest.partitions.filter((p) => p.fault === 'truncated_gzip').map((p) => p.key);
  const corrupt = manifest.partitions.reduce((n, p) => n + (p.injected ? p.injected.corrupt.invalid_json + p.injected.corrupt.wrong_type + p.injected.corrupt.truncated_line : 0), 0);

  // Partitions whose task attempt failed: retried batches name them in their input.
  const retriedPartitions = new Set<string>();
  for (const a of h.taskAttempts) {
    if (a.outcome === 'succeeded') continue;
    // A failed single-node attempt touched every partition; a failed Lambda attempt, its batch.
    const keys = design === 'single-node' ? manifest.partitions.map((p) => p.key) : attemptPartitions(a);
    keys.forEach((k) => retriedPartitions.add(k));
  }
  for (const c of failedForGood) c.partitions.forEach((k) => retriedPartitions.add(k));
  const affected = new Set<string>([...retriedPartitions, ...truncated, ...raw.unaccounted.map((u) => u.key)]);

  const failedReports = raw.reports.filter((r) => r.status !== undefined);
  const failedTaskSeconds = design === 'single-node' ? h.taskAttempts.filter((a) => a.outcome !== 'succeeded' && a.endMs !== undefined).reduce((n, a) => n + (a.endMs! - a.scheduledMs) / 1000, 0) : 0;
  return {
    injected: {
      lambda: design === 'distributed' && lambdaRequested && i.invocations ? injectedLambda : null,
      singleNodeCrashAfterPartitions: design === 'single-node' ? scenario.faults.singleNode.crashAfterPartitions : 0,
      truncatedGzipPartitions: truncated,
      corruptRecords: corrupt,
    },
    observedErrors: h.errors,
    retries: h.retries,
    failedForGood,
    affectedPartitions: [...affected].sort(),
    costOfFailure: {
      extraTransitions: h.retries + h.caught.length,
      extraBilledMs: failedReports.reduce((n, r) => n + r.billedDurationMs, 0),
      extraTaskSeconds: Math.round(failedTaskSeconds * 10) / 10,
    },
  };
}

function truncate(s: string): string {
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

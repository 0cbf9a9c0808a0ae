import { AccountingInvariantError, checkAccounting } from '../../lib/workload/accounting';
import type { PartitionAccounting, RunManifest } from '../../lib/workload/contract';
import { STAGES, StageProfile } from '../../lib/workload/profile';
import { emptySummary, failedSummary, mergeSummaries, RunSummary, summaryOf } from '../../lib/workload/quality';
import type { DeployedDesign } from '../deploy/deploy';
import type { Scenario } from '../scenario/schema';
import type { RawMeasurements } from './collect-design';
import { timelineOf } from './timeline';
import type { DesignUsage } from '../results/usage';
import type { AccountingRecord, DesignResult, InvocationStats, OrchestrationRecord, ProfileRecord } from '../results/design';
import { nearestRank } from '../model/stats';

export interface DesignResultInput {
  readonly raw: RawMeasurements;
  readonly manifest: RunManifest;
  readonly scenario: Scenario;
  readonly deployed: DeployedDesign;
  readonly uploadMs: number;
}

/** Pure: turns what the target recorded into the measured part of a design's results. */
export function designResult(input: DesignResultInput): DesignResult {
  const { raw, manifest, scenario, deployed } = input;
  const accounting = accountingRecord(raw, manifest);
  const profile = profileRecord(raw);
  const wallMs = Math.max(0, raw.execution.stopMs - raw.execution.startMs);
  const orchestration = orchestrationRecord(raw, wallMs, scenario, deployed.design);
  return {
    stackName: deployed.stackName,
    executionArn: raw.execution.arn,
    executionStatus: raw.execution.status,
    runtime: {
      measured: {
        basis: 'measured',
        wallMs,
        cpuMs: round(raw.profiles.reduce((n, p) => n + p.totalCpuMs, 0)),
        uploadMs: input.uploadMs,
        deployMs: deployed.deployMs,
      },
      projectedAws: null,
    },
    usage: usageOf(raw, scenario, deployed.design, manifest),
    quality: qualityOf(raw),
    accounting,
    profile,
    orchestration,
    timeline: timelineOf(raw),
  };
}

function accountingRecord(raw: RawMeasurements, manifest: RunManifest): AccountingRecord {
  const violations: string[] = [];
  const expected = new Map(manifest.partitions.map((p) => [p.key, p.events]));
  const truth = new Map(manifest.partitions.filter((p) => p.injected).map((p) => [p.key, p.injected!.expected]));
  const stems = new Map(manifest.partitions.map((p) => [stem(p.key), p.key]));
  for (const a of raw.accounting) {
    try {
      checkAccounting(a);
    } catch (e) {
      if (!(e instanceof AccountingInvariantError)) throw e;
      violations.push(e.message);
    }
    const key = expected.has(a.partition) ? a.partition : stems.get(stem(a.partition));
    const lines = key !== undefined ? expected.get(key) : undefined;
    if (lines === undefined) violations.push(`${a.partition}: not in the manifest`);
    else if (lines !== a.input) violations.push(`${a.partition}: read ${a.input} records, the manifest has ${lines}`);
    // The generator's ground truth: what a correct processor reports for this partition.
    const t = key !== undefined ? truth.get(key) : undefined;
    if (t && (t.curated !== a.curated || t.quarantined !== a.quarantined || t.duplicatesDropped !== a.duplicatesDropped)) {
      violations.push(
        `${a.partition}: curated/quarantined/duplicates ${a.curated}/${a.quarantined}/${a.duplicatesDropped}, the generator's ground truth is ${t.curated}/${t.quarantined}/${t.duplicatesDropped}`,
      );
    }
  }
  const failed = raw.unaccounted.filter((u) => u.reason !== undefined).map((u) => ({ key: u.key, reason: u.reason! }));
  const missing = raw.unaccounted.filter((u) => u.reason === undefined).map((u) => u.key);
  for (const m of missing) violations.push(`${m}: no outputs and no recorded failure (lost)`);
  const sum = (f: (a: PartitionAccounting) => number) => raw.accounting.reduce((n, a) => n + f(a), 0);
  const totals = { input: sum((a) => a.input), curated: sum((a) => a.curated), quarantined: sum((a) => a.quarantined), duplicatesDropped: sum((a) => a.duplicatesDropped) };
  if (totals.input !== totals.curated + totals.quarantined + totals.duplicatesDropped) {
    violations.push(`run total: input ${totals.input} != curated ${totals.curated} + quarantined ${totals.quarantined} + duplicates ${totals.duplicatesDropped}`);
  }
  return { ...totals, invariantHolds: violations.length === 0, violations, partitions: raw.accounting, failedPartitions: failed, missingPartitions: missing };
}

function stem(key: string): string {
  return key.replace(/\.ndjson(\.gz)?$/, '');
}

function profileRecord(raw: RawMeasurements): ProfileRecord {
  const stages: Record<string, { wallMs: number; cpuMs: number; bytes: number }> = {};
  for (const s of STAGES) stages[s] = { wallMs: 0, cpuMs: 0, bytes: 0 };
  for (const p of raw.profiles) {
    for (const s of STAGES) {
      const t = p.stages[s];
      stages[s].wallMs += t.wallMs;
      stages[s].cpuMs += t.cpuMs;
      stages[s].bytes += t.bytes;
    }
  }
  for (const s of STAGES) stages[s] = { wallMs: round(stages[s].wallMs), cpuMs: round(stages[s].cpuMs), bytes: stages[s].bytes };
  const partitions = raw.profiles.map((p: StageProfile) => ({ key: p.partition, events: p.events, wallMs: round(p.totalWallMs), cpuMs: round(p.totalCpuMs) }));
  const walls = partitions.map((p) => p.wallMs).sort((a, b) => a - b);
  const maxMs = walls.length ? walls[walls.length - 1] : 0;
  const medianMs = nearestRank(walls, 0.5);
  return {
    stages,
    partitions,
    stragglers: {
      maxMs,
      medianMs,
      ratio: medianMs > 0 ? round(maxMs / medianMs, 2) : 0,
      slowest: [...partitions].sort((a, b) => b.wallMs - a.wallMs).slice(0, 3).map((p) => p.key),
    },
    ...(raw.reports.length ? { invocations: invocationStats(raw) } : {}),
  };
}

function invocationStats(raw: RawMeasurements): InvocationStats {
  const r = raw.reports;
  const durations = r.map((x) => x.durationMs).sort((a, b) => a - b);
  const inits = r.filter((x) => x.initDurationMs !== undefined).map((x) => x.initDurationMs!).sort((a, b) => a - b);
  return {
    count: r.length,
    cold: inits.length,
    throttled: raw.history.errors['Lambda.TooManyRequestsException'] ?? 0,
    errors: r.filter((x) => x.status !== undefined).length,
    durationMs: { p50: round(nearestRank(durations, 0.5)), p95: round(nearestRank(durations, 0.95)), max: round(durations[durations.length - 1] ?? 0), sum: round(durations.reduce((a, b) => a + b, 0)) },
    initMs: { p50: round(nearestRank(inits, 0.5)), max: round(inits[inits.length - 1] ?? 0), sum: round(inits.reduce((a, b) => a + b, 0)) },
    billedMsSum: r.reduce((n, x) => n + x.billedDurationMs, 0),
    maxMemoryUsedMb: Math.max(0, ...r.map((x) => x.maxMemoryUsedMb)),
    memorySizeMb: r[0]?.memorySizeMb ?? 0,
  };
}

function orchestrationRecord(raw: RawMeasurements, wallMs: number, scenario: Scenario, design: string): OrchestrationRecord {
  const h = raw.history;
  // Time the execution spent outside the work itself. Distributed: the ideal wall is the longer of the
  // slowest invocation and the summed handler time spread over the concurrency cap. Single-node: the
  // task's own run time.
  let workMs: number;
  if (design === 'distributed') {
    const durations = raw.reports.map((r) => r.durationMs + (r.initDurationMs ?? 0));
    const lanes = Math.max(1, Math.min(scenario.distributed.map.maxConcurrency, scenario.distributed.lambda.reservedConcurrency, durations.length || 1));
    workMs = Math.max(Math.max(0, ...durations), durations.reduce((a, b) => a + b, 0) / lanes);
  } else {
    workMs = raw.taskSeconds.reduce((a, b) => a + b, 0) * 1000;
  }
  return {
    transitions: h.transitions,
    statesEntered: h.statesEntered,
    retries: h.retries,
    errors: h.errors,
    caughtFailures: h.caught.length,
    mapIterations: h.mapIterations.length,
    overheadMs: round(Math.max(0, wallMs - workMs)),
    historyEvents: h.events,
  };
}

function usageOf(raw: RawMeasurements, scenario: Scenario, design: string, manifest: RunManifest): DesignUsage {
  const partitionsRead = raw.accounting.length + raw.unaccounted.length;
  const cold = raw.reports.filter((r) => r.initDurationMs !== undefined).length;
  const written = raw.written;
  return {
    events: raw.accounting.reduce((n, a) => n + a.input, 0) || undefined,
    ...(design === 'distributed'
      ? {
          lambda: {
            architecture: scenario.distributed.lambda.architecture,
            invocations: raw.reports.map((r) => ({ durationMs: r.durationMs, ...(r.initDurationMs !== undefined ? { initMs: r.initDurationMs } : {}), memoryMb: r.memorySizeMb })),
          },
        }
      : {
          fargate: {
            vcpu: scenario.singleNode.fargate.vcpu,
            memoryGb: scenario.singleNode.fargate.memoryMiB / 1024,
            architecture: scenario.singleNode.fargate.architecture,
            taskSeconds: raw.taskSeconds,
          },
        }),
    stepFunctions: { standardTransitions: raw.history.transitions },
    s3: {
      putRequests: written.curated.objects + written.quarantine.objects + written.audit.objects,
      listRequests: 0,
      // One GET per partition, plus the manifest once per execution environment (it is cached warm).
      getRequests: partitionsRead + (design === 'distributed' ? Math.max(1, cold) : 1),
      storedBytes: written.curated.bytes + written.quarantine.bytes + written.audit.bytes,
      zones: {
        raw: { bytes: manifest.partitions.reduce((n, p) => n + p.bytes, 0), objects: manifest.partitions.length },
        curated: { bytes: written.curated.bytes, objects: written.curated.objects },
        quarantine: { bytes: written.quarantine.bytes, objects: written.quarantine.objects },
        audit: { bytes: written.audit.bytes, objects: written.audit.objects },
      },
    },
    logs: { ingestedBytes: raw.logBytes },
  };
}

function qualityOf(raw: RawMeasurements): RunSummary {
  let s = emptySummary();
  for (const q of raw.quality) s = mergeSummaries(s, summaryOf(q));
  for (const u of raw.unaccounted) s = mergeSummaries(s, failedSummary(u.key, u.reason ?? 'lost: no outputs and no recorded failure'));
  return s;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

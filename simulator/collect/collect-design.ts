import { FilterLogEventsCommand, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DescribeExecutionOutput, GetExecutionHistoryCommand, HistoryEvent } from '@aws-sdk/client-sfn';
import type { Zone } from '../../lib/constructs/access-matrix';
import { KEYS, PartitionAccounting, RunManifest } from '../../lib/workload/contract';
import type { StageProfile } from '../../lib/workload/profile';
import type { PartitionQuality } from '../../lib/workload/quality';
import type { AwsClients } from '../deploy/aws-clients';
import type { DeployedDesign } from '../deploy/deploy';
import { parseReportLine, ParsedReport } from '../emulator';
import { ecsTaskTimes } from './ecs-task-times';
import { HistorySummary, summarizeHistory } from './execution-history';
import { forEachLimited } from '../concurrency';

/**
 * Everything the target recorded about one design's run, read back through AWS APIs only (Step
 * Functions history, CloudWatch Logs, S3), so the same code works on moto, LocalStack and AWS.
 */
export interface RawMeasurements {
  readonly execution: { readonly arn: string; readonly status: string; readonly startMs: number; readonly stopMs: number; readonly error?: string; readonly cause?: string };
  readonly history: HistorySummary;
  readonly reports: readonly ParsedReport[];
  /** Log lines of the single-node task (its stdout/stderr in CloudWatch Logs). */
  readonly taskLog: readonly string[];
  /** Bytes of log messages the run ingested (worker or task log group). */
  readonly logBytes: number;
  readonly accounting: readonly PartitionAccounting[];
  readonly profiles: readonly StageProfile[];
  readonly quality: readonly PartitionQuality[];
  /** Lineage documents per partition key, as stored. */
  readonly lineage: Readonly<Record<string, unknown>>;
  /** Partitions with no accounting object: failed (with the reason found) or lost. */
  readonly unaccounted: readonly { readonly key: string; readonly reason?: string }[];
  /** Objects and bytes the run wrote, per output zone. */
  readonly written: Readonly<Record<Exclude<Zone, 'raw'>, { readonly objects: number; readonly bytes: number }>>;
  /** Fargate task run times in seconds, from the RunTask.sync output (single-node). */
  readonly taskSeconds: readonly number[];
}

export interface CollectContext {
  readonly clients: AwsClients;
  readonly deployed: DeployedDesign;
  readonly runId: string;
  readonly manifest: RunManifest;
  readonly execution: DescribeExecutionOutput;
  readonly signal?: AbortSignal;
}

export async function collectDesign(ctx: CollectContext): Promise<RawMeasurements> {
  const { clients, deployed, runId, manifest } = ctx;
  const exec = ctx.execution;
  const startMs = exec.startDate?.getTime() ?? 0;
  const stopMs = exec.stopDate?.getTime() ?? Date.now();
  const events = await historyOf(clients, exec.executionArn!);
  const history = summarizeHistory(events);

  const logGroup = await workloadLogGroup(clients, deployed);
  const logLines = logGroup ? await logMessages(clients, logGroup, startMs - 2000, stopMs + 60_000) : [];
  const reports = logLines.map((l) => parseReportLine(l)).filter((r): r is ParsedReport => r !== undefined);

  const accounting: PartitionAccounting[] = [];
  const profiles: StageProfile[] = [];
  const quality: PartitionQuality[] = [];
  const lineage: Record<string, unknown> = {};
  const unaccounted: { key: string; reason?: string }[] = [];
  const audit = deployed.buckets.audit;
  // A batch the state machine's Catch recorded: its partitions failed for good with that error.
  const caughtReason = new Map<string, string>();
  for (const c of history.caught) {
    const input = c.input as { partitions?: string[]; error?: { Error?: string; Cause?: string } } | undefined;
    for (const k of input?.partitions ?? []) caughtReason.set(k, `failed after retries: ${input?.error?.Error ?? 'unknown error'}`);
  }
  await forEachLimited(manifest.partitions, 8, async (p) => {
    const acc = await getJson<PartitionAccounting>(clients, audit, KEYS.accounting(runId, p.key));
    const lin = await getJson<unknown>(clients, audit, KEYS.lineage(runId, p.key));
    if (lin !== undefined) lineage[p.key] = lin;
    if (!acc) {
      unaccounted.push({ key: p.key, reason: failureReason(lin) ?? caughtReason.get(p.key) });
      return;
    }
    accounting.push(acc);
    const prof = await getJson<StageProfile>(clients, audit, KEYS.profile(runId, p.key));
    if (prof) profiles.push(prof);
    const q = await getJson<PartitionQuality>(clients, audit, KEYS.quality(runId, p.key));
    if (q) quality.push(q);
  });

  const written = {
    curated: await prefixStats(clients, deployed.buckets.curated, `${runId}/`),
    quarantine: await prefixStats(clients, deployed.buckets.quarantine, `${runId}/`),
    audit: await prefixStats(clients, deployed.buckets.audit, `${runId}/`),
  };

  return {
    execution: { arn: exec.executionArn!, status: exec.status ?? 'UNKNOWN', startMs, stopMs, error: exec.error, cause: exec.cause },
    history,
    reports,
    taskLog: deployed.design === 'single-node' ? logLines : [],
    logBytes: logLines.reduce((n, l) => n + Buffer.byteLength(l) + 26, 0),
    accounting: accounting.sort((a, b) => a.partition.localeCompare(b.partition)),
    profiles: profiles.sort((a, b) => a.partition.localeCompare(b.partition)),
    quality: quality.sort((a, b) => a.partition.localeCompare(b.partition)),
    lineage,
    unaccounted: unaccounted.sort((a, b) => a.key.localeCompare(b.key)),
    written,
    taskSeconds: taskSecondsFrom(history),
  };
}

async function historyOf(clients: AwsClients, executionArn: string): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const r = await clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: true }));
    out.push(...(r.events ?? []));
    nextToken = r.nextToken;
  } while (nextToken);
  return out;
}

/** The log group the worker (Lambda) or the task (awslogs driver) writes to, from the stack's resources. */
async function workloadLogGroup(_clients: AwsClients, deployed: DeployedDesign): Promise<string | undefined> {
  const logicalPrefix = deployed.design === 'distributed' ? 'PlatformCostControlsWorkerLogs' : 'PlatformCostControlsTaskLogs';
  return deployed.resources.find((r) => r.type === 'AWS::Logs::LogGroup' && r.logicalId.startsWith(logicalPrefix))?.physicalId;
}

async function logMessages(clients: AwsClients, logGroupName: string, startTime: number, endTime: number): Promise<string[]> {
  const out: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const r = await clients.logs.send(new FilterLogEventsCommand({ logGroupName, startTime, endTime, nextToken }));
    out.push(...(r.events ?? []));
    nextToken = r.nextToken;
  } while (nextToken);
  return out.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0)).map((e) => e.message ?? '');
}

async function getJson<T>(clients: AwsClients, bucket: string, key: string): Promise<T | undefined> {
  try {
    const r = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await r.Body!.transformToString()) as T;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
    throw e;
  }
}

async function prefixStats(clients: AwsClients, bucket: string, prefix: string): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const r = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of r.Contents ?? []) {
      objects++;
      bytes += o.Size ?? 0;
    }
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return { objects, bytes };
}

/** The reason an OpenLineage FAIL event (or an error facet) gives, if the partition wrote one. */
function failureReason(lineage: unknown): string | undefined {
  const events = Array.isArray(lineage) ? lineage : (lineage as { events?: unknown[] } | undefined)?.events;
  for (const ev of (events ?? []) as { eventType?: string; run?: { facets?: Record<string, { message?: string }> } }[]) {
    if (ev.eventType !== 'FAIL') continue;
    const facets = ev.run?.facets ?? {};
    const msg = Object.values(facets).find((f) => typeof f?.message === 'string')?.message;
    return msg ?? 'the partition failed (OpenLineage FAIL event)';
  }
  return undefined;
}

/**
 * RunTask.sync ends with the stopped task (the task object itself, or a DescribeTasks-shaped
 * `{Tasks: [...]}`); Fargate bills from image pull start to stop, so those timestamps give the run
 * time. Failed attempts count too: a crashed task was billed until it stopped.
 */
function taskSecondsFrom(history: HistorySummary): number[] {
  const out: number[] = [];
  for (const a of history.taskAttempts) {
    const t = ecsTaskTimes(a.output);
    const from = t?.pullStartedMs ?? t?.startedMs ?? t?.createdMs;
    const to = t?.stoppedMs;
    if (from !== undefined && to !== undefined && to >= from) out.push((to - from) / 1000);
    else if (a.endMs !== undefined) out.push((a.endMs - a.scheduledMs) / 1000);
  }
  return out;
}

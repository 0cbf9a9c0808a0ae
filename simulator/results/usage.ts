import { z } from 'zod';
import { LAMBDA_MAX_MEMORY_MIB, LAMBDA_MIN_MEMORY_MIB } from '../../lib/aws-limits';
import { ARCHITECTURES } from '../scenario/schema';
import { count, nonNegative, type DeepReadonly } from './common';

/**
 * results.json `designs[d].usage`: what one run of one design consumed. The contract between the
 * collector, which fills it from AWS APIs (REPORT lines, execution history, S3 and CloudWatch Logs), and
 * the cost math (simulator/cost), which prices it.
 *
 * Everything is *per run* and in raw units (ms, bytes, request counts). Nothing here is rounded for
 * billing: the cost math applies AWS's rounding (1 ms for Lambda, 100 ms and 64 MB for Express, per
 * second with a 1-minute minimum for Fargate), so the collector records what it observed.
 */

const times = z.number().int().min(1);

/**
 * One invocation as a REPORT line describes it. Pass the unrounded `Duration` and `Init Duration`, not
 * `Billed Duration`: the cost math bills `ceil(durationMs + initMs)`, because AWS bills the INIT phase of
 * on-demand functions, and the emulator's own `Billed Duration` may not include it.
 */
export const lambdaInvocationSchema = z.strictObject({
  /** REPORT `Duration`, in ms (handler time, unrounded). */
  durationMs: nonNegative,
  /**
   * REPORT `Init Duration`, in ms: present on cold starts only.
   * @default 0
   */
  initMs: nonNegative.optional(),
  /** REPORT `Memory Size`: the configured memory in MB (128–10,240). */
  memoryMb: z.number().int().min(LAMBDA_MIN_MEMORY_MIB).max(LAMBDA_MAX_MEMORY_MIB),
  /**
   * How many identical invocations this record stands for, so that projections and aggregated usage
   * do not need one object per invocation.
   * @default 1
   */
  count: times.optional(),
});
export type LambdaInvocation = DeepReadonly<z.output<typeof lambdaInvocationSchema>>;

export const lambdaUsageSchema = z.strictObject({
  architecture: z.enum(ARCHITECTURES),
  /**
   * One record per REPORT line, or per group of identical invocations (see `count`). Retried
   * invocations are separate records: AWS bills every attempt. Throttled invocations never ran and have
   * no REPORT line, so they are not here.
   */
  invocations: z.array(lambdaInvocationSchema),
  /**
   * The function's configured ephemeral storage (/tmp). Above 512 MB, it is billed per GB-second.
   * @default 512
   */
  ephemeralStorageMb: z.number().int().min(512).max(10240).optional(),
});
export type LambdaUsage = DeepReadonly<z.output<typeof lambdaUsageSchema>>;

const expressExecutionSchema = z.strictObject({
  /** Execution duration in ms, unrounded (billed in 100 ms steps). */
  durationMs: nonNegative,
  /**
   * Memory the execution used in MB, e.g. from `billingDetails.billedMemoryUsedInMB` (billed in 64 MB
   * chunks).
   * @default 64 - the smallest chunk: 50 MB base plus a small definition and payload
   */
  memoryMb: z.number().positive().optional(),
  /**
   * How many identical executions this record stands for.
   * @default 1
   */
  count: times.optional(),
});

export const stepFunctionsUsageSchema = z.strictObject({
  /**
   * Billed state transitions of Standard workflows in this run, from the execution history(ies): one
   * per state entered (each `*StateEntered` event, in the parent and in every Map iteration or Standard
   * child execution), plus one per retry attempt of a state. 0 when the design has no Standard workflow.
   */
  standardTransitions: count,
  /**
   * Express executions, e.g. Distributed Map children run with `ExecutionType: EXPRESS`.
   * @default - none
   */
  expressExecutions: z.array(expressExecutionSchema).optional(),
});
export type StepFunctionsUsage = DeepReadonly<z.output<typeof stepFunctionsUsageSchema>>;

export const fargateUsageSchema = z.strictObject({
  vcpu: z.number().positive(),
  memoryGb: z.number().positive(),
  architecture: z.enum(ARCHITECTURES),
  /**
   * Billed run time of each task in seconds, from image pull start (`pullStartedAt`) to the task
   * stopping (`stoppedAt`). A retried task is a second entry; each has its own 1-minute minimum.
   */
  taskSeconds: z.array(nonNegative),
});
export type FargateUsage = DeepReadonly<z.output<typeof fargateUsageSchema>>;

/** The data zones a run stores bytes in (lib/constructs/data-zones.ts). */
export const STORAGE_ZONES = ['raw', 'curated', 'quarantine', 'audit'] as const;
export type StorageZone = (typeof STORAGE_ZONES)[number];

const zoneUsageSchema = z.strictObject({
  /** Bytes one run leaves in the zone. */
  bytes: nonNegative,
  /** Objects one run PUTs into the zone. */
  objects: count,
});

/** S3 Standard requests this run made and bytes it left behind, across all of the run's buckets. */
export const s3UsageSchema = z.strictObject({
  /** PUT requests (tier 1). */
  putRequests: count,
  /**
   * COPY and POST requests (tier 1).
   * @default 0
   */
  copyRequests: count.optional(),
  /** LIST requests (tier 1). */
  listRequests: count,
  /** GET requests, including the ItemReader's (tier 2). */
  getRequests: count,
  /**
   * HEAD and other tier-2 requests.
   * @default 0
   */
  headRequests: count.optional(),
  /** Bytes the run wrote and keeps (curated, quarantine and audit outputs). */
  storedBytes: nonNegative,
  /**
   * The same by zone, so that each bucket's lifecycle rules price its own bytes; `raw` is what the run
   * landed (its input), which `storedBytes` leaves out.
   * @default - no split: results files written before it priced `storedBytes` for 30 days of Standard
   */
  zones: z
    .strictObject({
      raw: zoneUsageSchema.optional(),
      curated: zoneUsageSchema.optional(),
      quarantine: zoneUsageSchema.optional(),
      audit: zoneUsageSchema.optional(),
    })
    .optional(),
});
export type S3Usage = DeepReadonly<z.output<typeof s3UsageSchema>>;

export const logsUsageSchema = z.strictObject({
  /** Bytes ingested into CloudWatch Logs (Standard log class) by this run. */
  ingestedBytes: nonNegative,
});
export type LogsUsage = DeepReadonly<z.output<typeof logsUsageSchema>>;

export const designUsageSchema = z.strictObject({
  /**
   * Events this run processed; cost per million events divides by it.
   * @default - the scenario's `workload.events`
   */
  events: z.number().int().min(1).optional(),
  /**
   * Lambda invocations. Absent for a design without Lambda.
   * @default - no Lambda cost
   */
  lambda: lambdaUsageSchema.optional(),
  stepFunctions: stepFunctionsUsageSchema,
  /**
   * Fargate tasks. Absent for a design without Fargate.
   * @default - no Fargate cost
   */
  fargate: fargateUsageSchema.optional(),
  s3: s3UsageSchema,
  logs: logsUsageSchema,
});
export type DesignUsage = DeepReadonly<z.output<typeof designUsageSchema>>;

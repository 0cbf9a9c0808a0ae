import { z } from 'zod';
import { ARCHITECTURES, type Architecture } from '../scenario/schema';

/**
 * What one run of one design consumed: the contract between the collector, which fills it from AWS
 * APIs (REPORT lines, execution history, S3 and CloudWatch Logs), and the cost math, which prices it.
 *
 * Everything is *per run* and in raw units (ms, bytes, request counts). Nothing here is rounded for
 * billing: the cost math applies AWS's rounding (1 ms for Lambda, 100 ms and 64 MB for Express,
 * per second with a 1-minute minimum for Fargate), so the collector records what it observed.
 *
 * `results.json` stores it at `designs[design].usage`.
 */
export interface DesignUsage {
  /**
   * Events this run processed; cost per million events divides by it.
   * @default - the scenario's `workload.events`
   */
  readonly events?: number;
  /**
   * Lambda invocations. Absent for a design without Lambda.
   * @default - no Lambda cost
   */
  readonly lambda?: LambdaUsage;
  readonly stepFunctions: StepFunctionsUsage;
  /**
   * Fargate tasks. Absent for a design without Fargate.
   * @default - no Fargate cost
   */
  readonly fargate?: FargateUsage;
  readonly s3: S3Usage;
  readonly logs: LogsUsage;
}

export interface LambdaUsage {
  readonly architecture: Architecture;
  /**
   * One record per REPORT line, or per group of identical invocations (see `count`). Retried
   * invocations are separate records: AWS bills every attempt. Throttled invocations never ran and
   * have no REPORT line, so they are not here.
   */
  readonly invocations: readonly LambdaInvocation[];
  /**
   * The function's configured ephemeral storage (/tmp). Above 512 MB, it is billed per GB-second.
   * @default 512
   */
  readonly ephemeralStorageMb?: number;
}

/**
 * One invocation as a REPORT line describes it. Pass the unrounded `Duration` and `Init Duration`,
 * not `Billed Duration`: the cost math bills `ceil(durationMs + initMs)`, because AWS bills the INIT
 * phase of on-demand functions, and the emulator's own `Billed Duration` may not include it.
 */
export interface LambdaInvocation {
  /** REPORT `Duration`, in ms (handler time, unrounded). */
  readonly durationMs: number;
  /**
   * REPORT `Init Duration`, in ms: present on cold starts only.
   * @default 0
   */
  readonly initMs?: number;
  /** REPORT `Memory Size`: the configured memory in MB (128–10,240). */
  readonly memoryMb: number;
  /**
   * How many identical invocations this record stands for, so that projections and aggregated
   * usage do not need one object per invocation.
   * @default 1
   */
  readonly count?: number;
}

export interface StepFunctionsUsage {
  /**
   * Billed state transitions of Standard workflows in this run, from the execution history(ies):
   * one per state entered (each `*StateEntered` event, in the parent and in every Map iteration or
   * Standard child execution), plus one per retry attempt of a state. 0 when the design has no
   * Standard workflow.
   */
  readonly standardTransitions: number;
  /**
   * Express executions, e.g. Distributed Map children run with `ExecutionType: EXPRESS`.
   * @default - none
   */
  readonly expressExecutions?: readonly ExpressExecution[];
}

export interface ExpressExecution {
  /** Execution duration in ms, unrounded (billed in 100 ms steps). */
  readonly durationMs: number;
  /**
   * Memory the execution used in MB, e.g. from `billingDetails.billedMemoryUsedInMB` (billed in
   * 64 MB chunks).
   * @default 64 - the smallest chunk: 50 MB base plus a small definition and payload
   */
  readonly memoryMb?: number;
  /**
   * How many identical executions this record stands for.
   * @default 1
   */
  readonly count?: number;
}

export interface FargateUsage {
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly architecture: Architecture;
  /**
   * Billed run time of each task in seconds, from image pull start (`pullStartedAt`) to the task
   * stopping (`stoppedAt`). A retried task is a second entry; each has its own 1-minute minimum.
   */
  readonly taskSeconds: readonly number[];
}

/** S3 Standard requests this run made and bytes it left behind, across all of the run's buckets. */
export interface S3Usage {
  /** PUT requests (tier 1). */
  readonly putRequests: number;
  /**
   * COPY and POST requests (tier 1).
   * @default 0
   */
  readonly copyRequests?: number;
  /** LIST requests (tier 1). */
  readonly listRequests: number;
  /** GET requests, including the ItemReader's (tier 2). */
  readonly getRequests: number;
  /**
   * HEAD and other tier-2 requests.
   * @default 0
   */
  readonly headRequests?: number;
  /** Bytes the run wrote and keeps (curated, quarantine and audit outputs). */
  readonly storedBytes: number;
  /**
   * The same by zone, so that each bucket's lifecycle rules price its own bytes; `raw` is what the run
   * landed (its input), which `storedBytes` leaves out.
   * @default - no split: results files written before it priced `storedBytes` for 30 days of Standard
   */
  readonly zones?: Readonly<Partial<Record<StorageZone, ZoneUsage>>>;
}

/** The data zones a run stores bytes in (lib/constructs/data-zones.ts). */
export const STORAGE_ZONES = ['raw', 'curated', 'quarantine', 'audit'] as const;
export type StorageZone = (typeof STORAGE_ZONES)[number];

export interface ZoneUsage {
  /** Bytes one run leaves in the zone. */
  readonly bytes: number;
  /** Objects one run PUTs into the zone. */
  readonly objects: number;
}

export interface LogsUsage {
  /** Bytes ingested into CloudWatch Logs (Standard log class) by this run. */
  readonly ingestedBytes: number;
}

const count = z.number().int().min(1);
const nonNegative = z.number().finite().min(0);
const nonNegativeInt = z.number().int().min(0);

/** Validates usage read from a results.json. Kept field for field with the interfaces above. */
export const designUsageSchema: z.ZodType<DesignUsage> = z.strictObject({
  events: z.number().int().min(1).optional(),
  lambda: z
    .strictObject({
      architecture: z.enum(ARCHITECTURES),
      invocations: z.array(
        z.strictObject({
          durationMs: nonNegative,
          initMs: nonNegative.optional(),
          memoryMb: z.number().int().min(128).max(10240),
          count: count.optional(),
        }),
      ),
      ephemeralStorageMb: z.number().int().min(512).max(10240).optional(),
    })
    .optional(),
  stepFunctions: z.strictObject({
    standardTransitions: nonNegativeInt,
    expressExecutions: z
      .array(z.strictObject({ durationMs: nonNegative, memoryMb: z.number().positive().optional(), count: count.optional() }))
      .optional(),
  }),
  fargate: z
    .strictObject({
      vcpu: z.number().positive(),
      memoryGb: z.number().positive(),
      architecture: z.enum(ARCHITECTURES),
      taskSeconds: z.array(nonNegative),
    })
    .optional(),
  s3: z.strictObject({
    putRequests: nonNegativeInt,
    copyRequests: nonNegativeInt.optional(),
    listRequests: nonNegativeInt,
    getRequests: nonNegativeInt,
    headRequests: nonNegativeInt.optional(),
    storedBytes: nonNegative,
    zones: z
      .strictObject(Object.fromEntries(STORAGE_ZONES.map((zone) => [zone, z.strictObject({ bytes: nonNegative, objects: nonNegativeInt }).optional()])) as Record<StorageZone, z.ZodOptional<z.ZodObject<{ bytes: z.ZodNumber; objects: z.ZodNumber }, z.core.$strict>>>)
      .optional(),
  }),
  logs: z.strictObject({ ingestedBytes: nonNegative }),
});

/** Bytes in one GB, as AWS bills S3 storage and CloudWatch Logs (GiB, 2^30). */
export const BYTES_PER_GB = 1024 ** 3;

/** Multiplies every quantity in `usage` by `factor` (an integer, e.g. runs per month). */
export function repeatUsage(usage: DesignUsage, factor: number): DesignUsage {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`repeat factor must be an integer >= 1, got ${factor}`);
  if (factor === 1) return usage;
  return {
    ...usage,
    events: usage.events === undefined ? undefined : usage.events * factor,
    lambda: usage.lambda && {
      ...usage.lambda,
      invocations: usage.lambda.invocations.map((i) => ({ ...i, count: (i.count ?? 1) * factor })),
    },
    stepFunctions: {
      standardTransitions: usage.stepFunctions.standardTransitions * factor,
      expressExecutions: usage.stepFunctions.expressExecutions?.map((e) => ({ ...e, count: (e.count ?? 1) * factor })),
    },
    fargate: usage.fargate && {
      ...usage.fargate,
      taskSeconds: Array.from({ length: factor }, () => usage.fargate!.taskSeconds).flat(),
    },
    s3: {
      putRequests: usage.s3.putRequests * factor,
      copyRequests: (usage.s3.copyRequests ?? 0) * factor,
      listRequests: usage.s3.listRequests * factor,
      getRequests: usage.s3.getRequests * factor,
      headRequests: (usage.s3.headRequests ?? 0) * factor,
      storedBytes: usage.s3.storedBytes * factor,
      ...(usage.s3.zones
        ? { zones: Object.fromEntries(Object.entries(usage.s3.zones).map(([k, v]) => [k, v && { bytes: v.bytes * factor, objects: v.objects * factor }])) }
        : {}),
    },
    logs: { ingestedBytes: usage.logs.ingestedBytes * factor },
  };
}

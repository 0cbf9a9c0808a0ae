import { z } from 'zod';
import { DEFAULT_OUTPUT_COMPRESSION, OUTPUT_COMPRESSIONS } from '../../lib/workload/contract';
import { ACTOR_ROLES, DRIFT_KINDS, PII_CLASSES } from '../../lib/workload/event-schema';
import { defaultWorkers } from '../../lib/workload/contract';
import {
  DISTRIBUTED_MAP_MAX_CONCURRENCY,
  FARGATE_SIZES,
  INLINE_MAP_MAX_ITEMS,
  LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY,
  LAMBDA_MAX_MEMORY_MIB,
  LAMBDA_MAX_TIMEOUT_SECONDS,
  LAMBDA_MIN_MEMORY_MIB,
  describeFargateSizes,
} from '../../lib/aws-limits';
import { gatesSchema } from './gates';

/**
 * The scenario format. One YAML file describes a workload, both designs' sizing, the SLA, the budget
 * and the schedule. Every object is strict: an unknown key is an error, not a silent no-op.
 */

// The event vocabulary belongs to the workload (it runs inside AWS); the scenario reuses it.
export { ACTOR_ROLES, DRIFT_KINDS, PII_CLASSES } from '../../lib/workload/event-schema';

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

const COMPRESSIONS = ['none', 'gzip'] as const;

const MAP_MODES = ['auto', 'inline', 'distributed'] as const;

const SIZE_DISTRIBUTIONS = ['fixed', 'lognormal'] as const;

/** How a sample of real events is replayed (`workload.source.mode`). */
const SOURCE_MODES = ['resample'] as const;

/** Largest workload.events a scenario (or `--events`) may ask for. */
export const MAX_EVENTS = 1e12;
/** Largest workload.partitions a scenario (or `--partitions`) may ask for. */
export const MAX_PARTITIONS = 1_000_000;

/** An AWS region code such as us-east-1 or us-gov-west-1. */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const rate = z.number().min(0).max(1);
const positiveInt = (max: number) => z.number().int().min(1).max(max);
/** A weight table: keys from an enum, non-negative weights, at least one weight above zero. */
const weights = <T extends readonly [string, ...string[]]>(keys: T) =>
  z
    .partialRecord(z.enum(keys), z.number().min(0).max(1e6))
    .refine((w) => Object.values(w as Record<string, number | undefined>).some((v) => (v ?? 0) > 0), { message: 'at least one weight must be above 0' });

const eventSize = z.strictObject({
  distribution: z.enum(SIZE_DISTRIBUTIONS),
  /** Median payload size in bytes. */
  medianBytes: z.number().int().min(16).max(1_000_000),
  /** Log-normal shape; ignored for `fixed`. */
  sigma: z.number().min(0).max(3).default(0.5),
});

/**
 * Replay a sample of real events instead of generating synthetic ones (simulator/generate/replay.ts):
 * the sample is resampled to `events` and `partitions`, deterministically from the seed.
 */
const source = z.strictObject({
  /** An NDJSON (or NDJSON.gz) file, or a folder of them, relative to the scenario and inside its folder. */
  sample: z.string().min(1).max(1000),
  /** `resample`: draw events from the sample with replacement, event ids rewritten. */
  mode: z.enum(SOURCE_MODES),
  /** A field mapping (JSON, see `scenario infer --mapping`) for a sample in another schema; relative to the scenario. */
  mapping: z.string().min(1).max(1000).optional(),
});

const workload = z.strictObject({
  events: positiveInt(MAX_EVENTS),
  partitions: positiveInt(MAX_PARTITIONS),
  datasets: positiveInt(1000).default(8),
  pipelines: positiveInt(1000).default(4),
  eventSize,
  skew: z.strictObject({ zipfExponent: z.number().min(0).max(3) }),
  freshness: z.strictObject({ slaMinutes: z.number().min(1).max(10_080), lateRate: rate }),
  schemaDrift: z.strictObject({ rate, kinds: weights(DRIFT_KINDS) }),
  lineage: z.strictObject({ missingRate: rate }),
  access: z.strictObject({
    piiClasses: weights(PII_CLASSES),
    actorRoles: weights(ACTOR_ROLES),
    crossAccountRate: rate,
  }),
  duplicateRate: rate,
  corruptRate: rate,
  compression: z.enum(COMPRESSIONS).default('none'),
  /** How the workload writes the curated and quarantine zones: gzip (the default) or plain NDJSON. */
  outputCompression: z.enum(OUTPUT_COMPRESSIONS).default(DEFAULT_OUTPUT_COMPRESSION),
  /** Registered schemas (the drift baseline), relative to the scenario file. */
  schemaRegistry: z.string().min(1).default('schemas/registry.json'),
  /**
   * Real events to replay instead of synthetic ones; the rates above then describe the synthetic
   * counterpart the memo compares the sample with.
   * @default - none: synthetic events
   */
  source: source.optional(),
});

const fargate = z
  .strictObject({
    vcpu: z.number().refine((v) => FARGATE_SIZES.has(v), {
      message: `not a Fargate vCPU size; allowed: ${[...FARGATE_SIZES.keys()].join(', ')}`,
    }),
    memoryMiB: z.number().int(),
    architecture: z.enum(ARCHITECTURES),
  })
  .superRefine((f, ctx) => {
    const allowed = FARGATE_SIZES.get(f.vcpu);
    if (allowed && !allowed.includes(f.memoryMiB)) {
      ctx.addIssue({
        code: 'custom',
        path: ['memoryMiB'],
        input: f.memoryMiB,
        message: `not a Fargate size for ${f.vcpu} vCPU; allowed: ${describeFargateSizes()}`,
      });
    }
  });

/** Largest single-node worker pool a scenario may ask for: twice the largest Fargate task's vCPUs. */
export const MAX_TASK_WORKERS = 32;

const singleNode = z.strictObject({
  fargate,
  /**
   * Worker threads the task runs partitions on. More workers than vCPUs share the CPU (they can only
   * overlap S3 waits); each holds one partition in memory.
   * @default - one per whole vCPU, at least one (lib/workload/contract.ts defaultWorkers)
   */
  workers: z.number().int().min(1).max(MAX_TASK_WORKERS).optional(),
  /** The state machine's timeout for the whole single-node run. */
  timeoutMinutes: z.number().int().min(1).max(7 * 24 * 60).default(120),
});

const distributed = z.strictObject({
  lambda: z.strictObject({
    memoryMiB: z.number().int().min(LAMBDA_MIN_MEMORY_MIB).max(LAMBDA_MAX_MEMORY_MIB),
    timeoutSeconds: z.number().int().min(1).max(LAMBDA_MAX_TIMEOUT_SECONDS),
    architecture: z.enum(ARCHITECTURES),
    reservedConcurrency: positiveInt(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY),
  }),
  map: z.strictObject({
    maxConcurrency: positiveInt(DISTRIBUTED_MAP_MAX_CONCURRENCY),
    partitionsPerInvocation: positiveInt(10_000),
    mode: z.enum(MAP_MODES).default('auto'),
  }),
  /** The state machine's timeout for the whole distributed run. */
  timeoutMinutes: z.number().int().min(1).max(7 * 24 * 60).default(120),
});

/** Fault injection (see the README, "Failure modes"). Everything defaults to off. */
const faults = z.strictObject({
  lambda: z
    .strictObject({
      throwRate: rate.default(0),
      timeoutRate: rate.default(0),
      oomRate: rate.default(0),
      throttleRate: rate.default(0),
    })
    .default({ throwRate: 0, timeoutRate: 0, oomRate: 0, throttleRate: 0 }),
  singleNode: z
    .strictObject({
      /** Crash the task (exit 137) after this many partitions, on its first attempt only. 0 = never. */
      crashAfterPartitions: z.number().int().min(0).max(1_000_000).default(0),
    })
    .default({ crashAfterPartitions: 0 }),
  data: z
    .strictObject({
      /** Number of partitions whose gzip stream is truncated (requires compression: gzip). */
      truncatedGzipPartitions: z.number().int().min(0).max(1_000_000).default(0),
      /** Fraction of partitions hit by a schema-breaking drift burst. */
      driftBurstPartitionRate: rate.default(0),
      /** Fraction of partitions hit by a late-data wave. */
      lateWavePartitionRate: rate.default(0),
    })
    .default({ truncatedGzipPartitions: 0, driftBurstPartitionRate: 0, lateWavePartitionRate: 0 }),
});

const scenarioObject = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lowercase letters, digits and dashes, at most 48 characters'),
    description: z.string().max(2000).default(''),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    region: z.string().regex(REGION_PATTERN, 'an AWS region code such as us-east-1'),
    workload,
    singleNode,
    distributed,
    sla: z.strictObject({ deadlineMinutes: z.number().min(1).max(7 * 24 * 60) }),
    budget: z.strictObject({
      perRunUsd: z.number().min(0).max(1e7),
      perMonthUsd: z.number().min(1).max(1e9),
    }),
    schedule: z.strictObject({ runsPerMonth: z.number().int().min(1).max(44_640) }),
    /** Limits `scalesim check` enforces; absent: the budget and the SLA (simulator/scenario/gates.ts). */
    gates: gatesSchema.optional(),
    faults: faults.default({
      lambda: { throwRate: 0, timeoutRate: 0, oomRate: 0, throttleRate: 0 },
      singleNode: { crashAfterPartitions: 0 },
      data: { truncatedGzipPartitions: 0, driftBurstPartitionRate: 0, lateWavePartitionRate: 0 },
    }),
  });

type ScenarioShape = z.output<typeof scenarioObject>;
/** A rule across fields: the issues it finds (path, offending value, message), none when it holds. */
type CrossFieldIssue = { readonly path: (string | number)[]; readonly input: unknown; readonly message: string };
type CrossFieldRule = (s: ScenarioShape) => CrossFieldIssue[];

const partitionsWithinEvents: CrossFieldRule = (s) =>
  s.workload.events < s.workload.partitions ? [{ path: ['workload', 'partitions'], input: s.workload.partitions, message: `must not exceed workload.events (${s.workload.events})` }] : [];

const batchWithinPartitions: CrossFieldRule = (s) =>
  s.distributed.map.partitionsPerInvocation > s.workload.partitions
    ? [{ path: ['distributed', 'map', 'partitionsPerInvocation'], input: s.distributed.map.partitionsPerInvocation, message: `must not exceed workload.partitions (${s.workload.partitions})` }]
    : [];

const truncatedGzipNeedsGzip: CrossFieldRule = (s) =>
  s.faults.data.truncatedGzipPartitions > 0 && s.workload.compression !== 'gzip'
    ? [{ path: ['faults', 'data', 'truncatedGzipPartitions'], input: s.faults.data.truncatedGzipPartitions, message: 'needs workload.compression: gzip' }]
    : [];

/** The four Lambda faults are shares of the same invocations: one invocation gets at most one fault. */
const lambdaFaultsAtMostOne: CrossFieldRule = (s) => {
  const f = s.faults.lambda;
  const lambdaRates = f.throwRate + f.timeoutRate + f.oomRate + f.throttleRate;
  // 1e-9: rates written as decimals may add up to a hair above 1 in floating point.
  return lambdaRates > 1 + 1e-9
    ? [{ path: ['faults', 'lambda'], input: lambdaRates, message: 'throwRate + timeoutRate + oomRate + throttleRate must add up to at most 1 (each invocation gets at most one fault)' }]
    : [];
};

const crashBeforeLastPartition: CrossFieldRule = (s) => {
  const crash = s.faults.singleNode.crashAfterPartitions;
  const n = s.workload.partitions;
  return crash > 0 && crash >= n
    ? [{ path: ['faults', 'singleNode', 'crashAfterPartitions'], input: crash, message: `must be less than workload.partitions (${n}): the task crashes after that many partitions, so at ${n} or more it never would (0 = no crash)` }]
    : [];
};

const noSyntheticShapingOfASample: CrossFieldRule = (s) =>
  (['driftBurstPartitionRate', 'lateWavePartitionRate'] as const)
    .filter((k) => s.workload.source && s.faults.data[k] > 0)
    .map((k) => ({ path: ['faults', 'data', k], input: s.faults.data[k], message: 'shapes synthetic events; with workload.source the events are the sample\'s own, so set it to 0' }));

const inlineMapFitsHistory: CrossFieldRule = (s) => {
  const mapItems = Math.ceil(s.workload.partitions / s.distributed.map.partitionsPerInvocation);
  return s.distributed.map.mode === 'inline' && mapItems > INLINE_MAP_MAX_ITEMS
    ? [{
        path: ['distributed', 'map', 'mode'],
        input: s.distributed.map.mode,
        message: `an inline Map of ${mapItems} items (workload.partitions / map.partitionsPerInvocation) would outgrow the 25,000-event execution history (at most ${INLINE_MAP_MAX_ITEMS} items); use auto or distributed`,
      }]
    : [];
};

const truncatedWithinPartitions: CrossFieldRule = (s) =>
  s.faults.data.truncatedGzipPartitions > s.workload.partitions
    ? [{ path: ['faults', 'data', 'truncatedGzipPartitions'], input: s.faults.data.truncatedGzipPartitions, message: `must not exceed workload.partitions (${s.workload.partitions})` }]
    : [];

/** Checked in this order, so the issues come out in it. */
const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  partitionsWithinEvents,
  batchWithinPartitions,
  truncatedGzipNeedsGzip,
  lambdaFaultsAtMostOne,
  crashBeforeLastPartition,
  noSyntheticShapingOfASample,
  inlineMapFitsHistory,
  truncatedWithinPartitions,
];

export const scenarioSchema = scenarioObject.superRefine((s, ctx) => {
  for (const rule of CROSS_FIELD_RULES) for (const issue of rule(s)) ctx.addIssue({ code: 'custom', ...issue });
});

export type Scenario = z.output<typeof scenarioSchema>;
export type WorkloadSpec = Scenario['workload'];
export type SingleNodeSpec = Scenario['singleNode'];

/** The single-node task's worker pool: `singleNode.workers`, or one per whole vCPU. */
export function singleNodeWorkers(s: Pick<SingleNodeSpec, 'fargate' | 'workers'>): number {
  return s.workers ?? defaultWorkers(s.fargate.vcpu);
}
export type FaultSpec = Scenario['faults'];

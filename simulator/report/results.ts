import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import type { DesignName, PartitionAccounting } from '../../lib/workload/contract';
import type { DesignUsage } from '../cost/usage';
import { UserError } from '../errors';
import type { AccessComparison } from '../access/types';
import type { FaultEvidence } from '../collect/faults';
import type { ModelResult } from '../model/types';
import type { Scenario } from '../scenario/schema';
import { type SampleRecord, sampleRecordSchema } from '../sample/record';
import { type ProxyDataLimits, proxyDataLimitsSchema } from '../run/proxy-limits-schema';

/**
 * results.json: the single source of truth of a run. report.md and report.html are rendered from it,
 * `scalesim cost`, `profile` and `diff` read it. Every number is labelled: `measured` on the emulator,
 * or `projected` for AWS.
 */
export const RESULTS_SCHEMA_VERSION = 1;

export interface Results {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  /** `incomplete` when the run could not finish; the reason says why. Never reports a success it did not have. */
  readonly status: 'complete' | 'incomplete';
  readonly incompleteReason?: string;
  readonly generatedAt: string;
  /** The exact command that reproduces this file. */
  readonly command: string;
  readonly scenario: ScenarioRecord;
  readonly environment: EnvironmentRecord;
  readonly workload: WorkloadRecord;
  readonly designs: Partial<Record<DesignName, DesignResult>>;
  readonly comparison?: Comparison;
  readonly alternatives?: readonly Alternative[];
  readonly recommendation?: Recommendation;
  /** Fit, AWS projection and crossover: from this run's own measurements, or from `scalesim sweep`. */
  readonly model?: ModelResult;
  /** Run-time access probe (persona × zone checks); absent when it did not run. */
  readonly accessProbe?: unknown;
  /** Synthetic vs sample, measured on both (run/proxy-limits.ts); present when the run replayed a sample. */
  readonly proxyDataLimits?: ProxyDataLimits;
}

export interface ScenarioRecord {
  readonly name: string;
  readonly file: string;
  readonly hash: string;
  readonly seed: number;
  readonly spec: Scenario;
}

export interface EnvironmentRecord {
  readonly emulator: { readonly kind: string; readonly name: string; readonly version?: string; readonly details: Readonly<Record<string, string>> };
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly scalesimVersion: string;
  readonly versions: Readonly<Record<string, string>>;
  /** Template resources the emulator did not create, per design (e.g. moto has no model for budgets). */
  readonly notEmulated: Readonly<Record<string, readonly string[]>>;
}

export interface WorkloadRecord {
  readonly events: number;
  readonly partitions: number;
  readonly bytes: number;
  readonly compression: 'none' | 'gzip';
  /** Time to generate the data locally, ms (measured); 0 when reused from the cache. */
  readonly generateMs: number;
  /** The data came from `.cache/generated` (bit-identical: the generator is deterministic). */
  readonly generateCached?: boolean;
  /** The replayed sample of real events (workload.source): aggregates only. */
  readonly sample?: SampleRecord;
}

/** Everything measured for one design in one run. */
export interface DesignResult {
  readonly stackName: string;
  readonly executionArn?: string;
  readonly executionStatus: string;
  readonly runtime: {
    readonly measured: MeasuredRuntime;
    /** Filled by the model (scalesim sweep / projection); null until then. */
    readonly projectedAws: ProjectedRuntime | null;
  };
  readonly usage?: DesignUsage;
  /** Filled by the cost step (simulator/cost). */
  readonly cost?: unknown;
  /** Filled by the access step (simulator/access). */
  readonly access?: unknown;
  readonly quality?: unknown;
  readonly accounting: AccountingRecord;
  readonly profile: ProfileRecord;
  readonly bottleneck?: Bottleneck;
  readonly orchestration: OrchestrationRecord;
  /** What failed and what it cost (simulator/collect/faults.ts); present when faults were injected or seen. */
  readonly faults?: FaultEvidence;
}

export interface MeasuredRuntime {
  readonly basis: 'measured';
  /** StartExecution → terminal status, ms, on the emulator. */
  readonly wallMs: number;
  /** Sum of worker CPU time across partitions, ms. */
  readonly cpuMs: number;
  /** Upload of the raw partitions to this design's raw zone, ms (not part of the batch). */
  readonly uploadMs: number;
  readonly deployMs: number;
}

export interface ProjectedRuntime {
  readonly basis: 'projected';
  readonly wallMs: number;
  readonly lowMs: number;
  readonly highMs: number;
  readonly assumptions: readonly string[];
}

export interface AccountingRecord {
  readonly input: number;
  readonly curated: number;
  readonly quarantined: number;
  readonly duplicatesDropped: number;
  /** input === curated + quarantined + duplicatesDropped for every partition and in total. */
  readonly invariantHolds: boolean;
  readonly violations: readonly string[];
  readonly partitions: readonly PartitionAccounting[];
  /** Partitions that failed for good, by key, with the reason. */
  readonly failedPartitions: readonly { readonly key: string; readonly reason: string }[];
  /** Partitions in the manifest with no outputs at all (lost). Must be empty. */
  readonly missingPartitions: readonly string[];
}

export interface StageTimingRecord {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly bytes: number;
}

export interface PartitionProfileRecord {
  readonly key: string;
  readonly events: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface ProfileRecord {
  /** Summed over partitions (measured). */
  readonly stages: Readonly<Record<string, StageTimingRecord>>;
  readonly partitions: readonly PartitionProfileRecord[];
  readonly stragglers: { readonly maxMs: number; readonly medianMs: number; readonly ratio: number; readonly slowest: readonly string[] };
  readonly invocations?: InvocationStats;
}

export interface InvocationStats {
  readonly count: number;
  readonly cold: number;
  readonly throttled: number;
  readonly errors: number;
  readonly durationMs: { readonly p50: number; readonly p95: number; readonly max: number; readonly sum: number };
  readonly initMs: { readonly p50: number; readonly max: number; readonly sum: number };
  readonly billedMsSum: number;
  readonly maxMemoryUsedMb: number;
  readonly memorySizeMb: number;
}

export interface OrchestrationRecord {
  readonly transitions: number;
  readonly statesEntered: number;
  readonly retries: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly caughtFailures: number;
  readonly mapIterations: number;
  /** Execution wall time not spent inside worker handlers or the task, ms (measured). */
  readonly overheadMs: number;
  readonly historyEvents: number;
}

export const BOTTLENECK_KINDS = ['cpu-bound', 'io-bound', 'orchestration-bound', 'skew-bound', 'cold-start-bound', 'throttle-bound'] as const;
export type BottleneckKind = (typeof BOTTLENECK_KINDS)[number];

export interface Bottleneck {
  readonly kind: BottleneckKind;
  readonly evidence: string;
  readonly lever: string;
  readonly projectedEffect: string;
}

export interface Comparison {
  readonly fasterDesign: DesignName;
  readonly cheaperDesign?: DesignName;
  readonly wallRatio: number;
  readonly costRatio?: number;
  readonly qualityEqual: boolean;
  readonly notes: readonly string[];
  /** Side-by-side IAM scope (simulator/access). */
  readonly access?: AccessComparison;
}

/** The seed's own structure: keep these key names. */
export interface Alternative {
  readonly option: string;
  readonly strength: string;
  readonly risk: string;
  readonly evidence: string;
}

/** The seed's own structure: keep these key names. */
export interface Recommendation {
  readonly decision: string;
  readonly recommended_option: string;
  readonly minimum_evidence_before_pilot: readonly string[];
  readonly monitoring_metric: string;
  readonly rollback_trigger: string;
}

const num = z.number().finite();
const stage = z.strictObject({ wallMs: num, cpuMs: num, bytes: num });

const designSchema = z.object({
  stackName: z.string(),
  executionArn: z.string().optional(),
  executionStatus: z.string(),
  runtime: z.object({
    measured: z.object({ basis: z.literal('measured'), wallMs: num.min(0), cpuMs: num.min(0), uploadMs: num.min(0), deployMs: num.min(0) }),
    projectedAws: z.object({ basis: z.literal('projected'), wallMs: num, lowMs: num, highMs: num, assumptions: z.array(z.string()) }).nullable(),
  }),
  usage: z.unknown().optional(),
  cost: z.unknown().optional(),
  access: z.unknown().optional(),
  quality: z.unknown().optional(),
  accounting: z.object({
    input: z.number().int().min(0),
    curated: z.number().int().min(0),
    quarantined: z.number().int().min(0),
    duplicatesDropped: z.number().int().min(0),
    invariantHolds: z.boolean(),
    violations: z.array(z.string()),
    partitions: z.array(z.object({ partition: z.string(), input: num, curated: num, quarantined: num, duplicatesDropped: num })),
    failedPartitions: z.array(z.object({ key: z.string(), reason: z.string() })),
    missingPartitions: z.array(z.string()),
  }),
  profile: z.object({
    stages: z.record(z.string(), stage),
    partitions: z.array(z.object({ key: z.string(), events: num, wallMs: num, cpuMs: num })),
    stragglers: z.object({ maxMs: num, medianMs: num, ratio: num, slowest: z.array(z.string()) }),
    invocations: z.unknown().optional(),
  }),
  bottleneck: z.object({ kind: z.enum(BOTTLENECK_KINDS), evidence: z.string(), lever: z.string(), projectedEffect: z.string() }).optional(),
  orchestration: z.object({
    transitions: z.number().int().min(0),
    statesEntered: z.number().int().min(0),
    retries: z.number().int().min(0),
    errors: z.record(z.string(), z.number()),
    caughtFailures: z.number().int().min(0),
    mapIterations: z.number().int().min(0),
    overheadMs: num,
    historyEvents: z.number().int().min(0),
  }),
  faults: z.unknown().optional(),
});

export const resultsSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  status: z.enum(['complete', 'incomplete']),
  incompleteReason: z.string().optional(),
  generatedAt: z.string(),
  command: z.string().min(1),
  scenario: z.object({ name: z.string(), file: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/), seed: z.number().int(), spec: z.record(z.string(), z.unknown()) }),
  environment: z.object({
    emulator: z.object({ kind: z.string(), name: z.string(), version: z.string().optional(), details: z.record(z.string(), z.string()) }),
    node: z.string(),
    platform: z.string(),
    cpus: z.number().int().min(1),
    cpuModel: z.string(),
    memoryGb: num,
    scalesimVersion: z.string(),
    versions: z.record(z.string(), z.string()),
    notEmulated: z.record(z.string(), z.array(z.string())),
  }),
  workload: z.object({ events: z.number().int().min(0), partitions: z.number().int().min(0), bytes: num, compression: z.enum(['none', 'gzip']), generateMs: num, generateCached: z.boolean().optional(), sample: sampleRecordSchema.optional() }),
  designs: z.object({ 'single-node': designSchema.optional(), distributed: designSchema.optional() }),
  comparison: z.unknown().optional(),
  alternatives: z.array(z.object({ option: z.string(), strength: z.string(), risk: z.string(), evidence: z.string() })).optional(),
  recommendation: z
    .object({
      decision: z.string(),
      recommended_option: z.string(),
      minimum_evidence_before_pilot: z.array(z.string()),
      monitoring_metric: z.string(),
      rollback_trigger: z.string(),
    })
    .optional(),
  model: z.unknown().optional(),
  accessProbe: z.unknown().optional(),
  proxyDataLimits: proxyDataLimitsSchema.optional(),
});

export function validateResults(raw: unknown, source = 'results.json'): Results {
  const r = resultsSchema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new UserError(`${source}: not a scalesim results file (${first.path.join('.') || 'top level'}: ${first.message})`);
  }
  return r.data as unknown as Results;
}

export function readResults(file: string): Results {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not valid JSON`);
  }
  return validateResults(raw, file);
}

export function writeResults(dir: string, results: Results): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'results.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

import { z } from 'zod';
import { OUTPUT_COMPRESSIONS } from '../../lib/workload/contract';
import { scenarioSchema } from '../scenario/schema';
import { accessComparisonSchema, probeResultSchema } from './access';
import { count, designNameSchema, num, type DeepReadonly } from './common';
import { designResultSchema } from './design';
import { modelResultSchema } from './model';
import { proxyDataLimitsSchema } from './proxy-limits';
import { sampleRecordSchema } from './sample';

/**
 * results.json: the single source of truth of a run. report.md and report.html are rendered from it;
 * `scalesim cost`, `profile` and `diff` read it. Every number is labelled: `measured` on the emulator,
 * or `projected` for AWS.
 *
 * One zod schema per section (this folder); every type is derived from its schema. A file of an
 * older `schemaVersion` is migrated on read (migrate.ts), so old results still render.
 */
export const RESULTS_SCHEMA_VERSION = 2;

const scenarioRecordSchema = z.strictObject({
  name: z.string(),
  file: z.string(),
  /** sha256 of the scenario file. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z.number().int(),
  /** The scenario as run (defaults applied, `--events`/`--partitions` overrides included). */
  spec: scenarioSchema,
});

export const environmentRecordSchema = z.strictObject({
  emulator: z.strictObject({
    kind: z.string(),
    name: z.string(),
    /** @default - the target does not say */
    version: z.string().optional(),
    details: z.record(z.string(), z.string()),
  }),
  node: z.string(),
  platform: z.string(),
  cpus: z.number().int().min(1),
  cpuModel: z.string(),
  memoryGb: num,
  scalesimVersion: z.string(),
  versions: z.record(z.string(), z.string()),
  /** Template resources the emulator did not create, per design (e.g. moto has no model for budgets). */
  notEmulated: z.record(z.string(), z.array(z.string())),
});
export type EnvironmentRecord = DeepReadonly<z.output<typeof environmentRecordSchema>>;

/** The input compression: the same enum as the scenario's `workload.compression`. */
const inputCompressionSchema = scenarioSchema.shape.workload.shape.compression.unwrap();

const workloadRecordSchema = z.strictObject({
  events: count,
  partitions: count,
  bytes: num,
  compression: inputCompressionSchema,
  /**
   * How the workload wrote the curated and quarantine zones (the scenario's `workload.outputCompression`);
   * their bytes as stored are in each design's `usage.s3.zones`.
   * @default 'none' - results written before outputs were compressed (migrate.ts fills it in on read)
   */
  outputCompression: z.enum(OUTPUT_COMPRESSIONS).optional(),
  /** Time to generate the data locally, ms (measured); 0 when reused from the cache. */
  generateMs: num,
  /**
   * The data came from `.cache/generated` (bit-identical: the generator is deterministic).
   * @default false
   */
  generateCached: z.boolean().optional(),
  /**
   * The replayed sample of real events (workload.source): its hash and aggregates, never a value.
   * @default - synthetic events
   */
  sample: sampleRecordSchema.optional(),
});

/** The part of `comparison` the report step derives when both designs ran (`deriveComparison`). */
export const derivedComparisonSchema = z.strictObject({
  fasterDesign: designNameSchema,
  /** @default - a design has no cost */
  cheaperDesign: designNameSchema.optional(),
  wallRatio: num,
  /** @default - a design has no cost */
  costRatio: num.optional(),
  qualityEqual: z.boolean(),
  notes: z.array(z.string()),
});
export type DerivedComparison = DeepReadonly<z.output<typeof derivedComparisonSchema>>;

/**
 * `comparison`: the derived fields (absent until both designs ran and the report step derived them)
 * and `access`, which the access step adds. Either part can be there without the other.
 */
export const comparisonSchema = derivedComparisonSchema.partial().extend({
  /**
   * Side-by-side IAM scope (simulator/access).
   * @default - not analysed
   */
  access: accessComparisonSchema.optional(),
});
export type Comparison = DeepReadonly<z.output<typeof comparisonSchema>>;

/** The seed's own structure: keep these key names. */
export const alternativeSchema = z.strictObject({
  option: z.string(),
  strength: z.string(),
  risk: z.string(),
  evidence: z.string(),
});
export type Alternative = DeepReadonly<z.output<typeof alternativeSchema>>;

/** The seed's own structure: keep these key names. */
export const recommendationSchema = z.strictObject({
  decision: z.string(),
  recommended_option: z.string(),
  minimum_evidence_before_pilot: z.array(z.string()),
  monitoring_metric: z.string(),
  rollback_trigger: z.string(),
});
export type Recommendation = DeepReadonly<z.output<typeof recommendationSchema>>;

/** How a file of an older schemaVersion was brought to this one (migrate.ts). */
const migrationRecordSchema = z.strictObject({
  /** The version the file was written with. */
  schemaVersion: z.number().int().min(1),
  /** Sections whose shape the migration did not recognise, dropped with the reason: `path: why`. */
  dropped: z.array(z.string()),
});

export const resultsSchema = z.strictObject({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  /** `incomplete` when the run could not finish; the reason says why. Never reports a success it did not have. */
  status: z.enum(['complete', 'incomplete']),
  /** @default - complete */
  incompleteReason: z.string().optional(),
  generatedAt: z.string(),
  /** The exact command that reproduces this file. */
  command: z.string().min(1),
  scenario: scenarioRecordSchema,
  environment: environmentRecordSchema,
  workload: workloadRecordSchema,
  designs: z.strictObject({ 'single-node': designResultSchema.optional(), distributed: designResultSchema.optional() }),
  /** @default - not derived */
  comparison: comparisonSchema.optional(),
  /** @default - not derived */
  alternatives: z.array(alternativeSchema).optional(),
  /** @default - not derived */
  recommendation: recommendationSchema.optional(),
  /**
   * Fit, AWS projection and crossover: from this run's own measurements, or from `scalesim sweep`.
   * @default - no model (an incomplete run, or a step that could not fit)
   */
  model: modelResultSchema.optional(),
  /**
   * Run-time access probe (persona × zone checks).
   * @default - the probe did not run
   */
  accessProbe: probeResultSchema.optional(),
  /**
   * Synthetic vs sample, measured on both (run/proxy-limits.ts) and projected.
   * @default - the run did not replay a sample
   */
  proxyDataLimits: proxyDataLimitsSchema.optional(),
  /**
   * Present when the file was written with an older schemaVersion and migrated on read.
   * @default - written with this version
   */
  migratedFrom: migrationRecordSchema.optional(),
});
export type Results = DeepReadonly<z.output<typeof resultsSchema>>;

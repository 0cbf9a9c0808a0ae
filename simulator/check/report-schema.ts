import { z } from 'zod';
import { designNameSchema } from '../results/common';
import { PRINCIPAL_KINDS } from '../results/access';
import { COST_BASES } from '../results/cost';

/**
 * What `scalesim check --format json` prints, as zod schemas; every type is `z.infer` of one. The
 * report carries the facts it judged (`facts`), so a report written on the main branch is also a
 * baseline for the next pull request (`--baseline main-check.json`), with no emulator run on either side.
 */

export const CHECK_REPORT_VERSION = 1;
export const CHECK_REPORT_KIND = 'scalesim-check';

/** Where a construct was created in the CDK app's source, from its `aws:cdk:creationStack` metadata. */
export const sourceLocationSchema = z.strictObject({
  /** Relative to the repository root. */
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive().optional(),
  /** The user-code frames of the creation stack, innermost first, as CDK recorded them. */
  frames: z.array(z.string()),
});
export type SourceLocation = z.infer<typeof sourceLocationSchema>;

/** One template resource: its construct path and, where CDK recorded it, where the app created it. */
export const constructFactsSchema = z.strictObject({
  type: z.string(),
  path: z.string(),
  source: sourceLocationSchema.optional(),
});
export type ConstructFacts = z.infer<typeof constructFactsSchema>;

/** One policy statement of a principal, reduced to what access comparison needs. */
export const grantSchema = z.strictObject({
  effect: z.enum(['Allow', 'Deny']),
  /** Concrete actions, expanded from the patterns with iam-expand; empty with `notAction`. */
  actions: z.array(z.string()),
  /** The NotAction patterns, when the statement uses NotAction (its complement is not enumerated). */
  notAction: z.array(z.string()).optional(),
  /** Resource ARN patterns with physical names as `{LogicalId}` placeholders (simulator/access/cfn.ts). */
  resources: z.array(z.string()),
  notResource: z.boolean(),
  condition: z.record(z.string(), z.unknown()).optional(),
  /** `<policy logical id>#<sid or index>`. */
  statement: z.string(),
  /** Logical id of the policy (or of the resource whose policy it is). */
  policy: z.string(),
});
export type Grant = z.infer<typeof grantSchema>;

const PRINCIPAL_FACT_KINDS = [...PRINCIPAL_KINDS, 'external'] as const;

/**
 * A principal and what it may do. `persona` and `workload` are IAM roles (and users) of the template,
 * keyed by logical id; `external` is a principal a resource policy names that the template does not
 * define (a service, an account, `*`), keyed `<type>:<value>`.
 */
export const principalFactsSchema = z.strictObject({
  key: z.string(),
  kind: z.enum(PRINCIPAL_FACT_KINDS),
  persona: z.string().optional(),
  grants: z.array(grantSchema),
});
export type PrincipalFacts = z.infer<typeof principalFactsSchema>;

export const findingFactsSchema = z.strictObject({
  /** Stable across syntheses: rule, principal, actions and resources. */
  key: z.string(),
  rule: z.string(),
  severity: z.enum(['high', 'medium']),
  principal: z.string().optional(),
  message: z.string(),
});
export type FindingFacts = z.infer<typeof findingFactsSchema>;

export const accessFactsSchema = z.strictObject({
  basis: z.string(),
  principals: z.array(principalFactsSchema),
  /** False when resource policies were not available (a results.json holds identity statements only). */
  resourcePolicies: z.boolean(),
  /** Zone → logical id of its bucket, to name zones in messages. */
  zoneBuckets: z.record(z.string(), z.string()),
  /** High and medium findings only: the lower ones are not gated. */
  findings: z.array(findingFactsSchema),
});
export type AccessFacts = z.infer<typeof accessFactsSchema>;

const unpricedResourceSchema = z.strictObject({ logicalId: z.string(), type: z.string(), cdkPath: z.string() });

/** The totals `scalesim cost` computes (simulator/cost), copied, never recomputed. */
export const costFactsSchema = z.strictObject({
  basis: z.enum(COST_BASES),
  perMonthUsd: z.number(),
  /** Month of operation perMonthUsd describes (storage accumulates); absent for results priced before templates were. */
  horizonMonth: z.number().optional(),
  fixedMonthlyUsd: z.number().optional(),
  runDependentPerRunUsd: z.number().optional(),
  perRunUsd: z.number(),
  runsPerMonth: z.number(),
  /** null when the record does not say (results files priced before templates were). */
  unpricedCount: z.number().int().nullable(),
  unpriced: z.array(unpricedResourceSchema),
  topDriver: z.strictObject({ type: z.string(), monthlyUsd: z.number(), logicalIds: z.array(z.string()) }).optional(),
  priceSnapshot: z.strictObject({ file: z.string(), date: z.string(), sha256: z.string() }),
});
export type CostFacts = z.infer<typeof costFactsSchema>;

/** A projected AWS runtime band, ms, and where it came from. */
export const runtimeFactsSchema = z.strictObject({
  basis: z.literal('projected'),
  lowMs: z.number(),
  midMs: z.number(),
  highMs: z.number(),
  /**
   * The 95th percentile of the projection's Monte Carlo, ms: what the runtime gate compares.
   * @default - not given (a check report or results.json written before the projection had percentiles)
   */
  p95Ms: z.number().optional(),
  /** What produced the band: the run's model, or the static projection's placeholder rates. */
  source: z.string(),
  configuration: z.string().optional(),
  /** Why the design does not fit, when the projection says so. */
  infeasible: z.string().optional(),
  /**
   * Set when the projection had to resize the design to meet the SLA (a larger Fargate task, a higher Map
   * concurrency): the band is for that size, and as configured the design misses the SLA.
   */
  resized: z.string().optional(),
});
export type RuntimeFacts = z.infer<typeof runtimeFactsSchema>;

export const accountingFactsSchema = z.strictObject({
  basis: z.literal('measured'),
  input: z.number(),
  curated: z.number(),
  quarantined: z.number(),
  duplicatesDropped: z.number(),
  invariantHolds: z.boolean(),
  violations: z.array(z.string()),
  failedPartitions: z.number().int(),
  missingPartitions: z.array(z.string()),
});
export type AccountingFacts = z.infer<typeof accountingFactsSchema>;

export const designFactsSchema = z.strictObject({
  cost: costFactsSchema.optional(),
  runtime: runtimeFactsSchema.optional(),
  access: accessFactsSchema.optional(),
  accounting: accountingFactsSchema.optional(),
  /** Logical id → construct path, type and source location, for every resource of the template. */
  constructs: z.record(z.string(), constructFactsSchema),
});
export type DesignFacts = z.infer<typeof designFactsSchema>;

const INPUT_KINDS = ['scenario', 'results', 'check'] as const;

export const factsSourceSchema = z.strictObject({
  /** The path as the user gave it. */
  file: z.string(),
  kind: z.enum(INPUT_KINDS),
  scenario: z.string(),
  scenarioHash: z.string().optional(),
  /** `static`: templates, static access and projections, no run. `measured`: a run's results. */
  basis: z.enum(['static', 'measured']),
});
export type FactsSource = z.infer<typeof factsSourceSchema>;

export const checkFactsSchema = z.strictObject({
  source: factsSourceSchema,
  designs: z.partialRecord(designNameSchema, designFactsSchema),
});
export type CheckFacts = z.infer<typeof checkFactsSchema>;

export const GATE_STATUSES = ['pass', 'fail', 'skip'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

/** One thing a gate found: a new grant, an unpriced resource, a broken partition... */
export const gateItemSchema = z.strictObject({
  message: z.string(),
  principal: z.string().optional(),
  action: z.string().optional(),
  resource: z.string().optional(),
  constructPath: z.string().optional(),
  source: sourceLocationSchema.optional(),
});
export type GateItem = z.infer<typeof gateItemSchema>;

/** A gate's verdict for one design (or for the whole check, when `design` is absent). */
export const gateResultSchema = z.strictObject({
  gate: z.string(),
  title: z.string(),
  design: designNameSchema.optional(),
  status: z.enum(GATE_STATUSES),
  /** The value judged, formatted, e.g. `$48.94`. */
  value: z.string(),
  /** The limit, formatted, e.g. `$50.00 (budget.perMonthUsd)`. */
  limit: z.string(),
  /** The baseline's value, when a baseline was given and has one. */
  baseline: z.string().optional(),
  /**
   * Why the gate was not checked (the text after `SKIP <title>:` in `line`).
   * @default - the gate was checked (status pass or fail), or a report written before skips carried it
   */
  reason: z.string().optional(),
  /** The one line a failed (or skipped) gate prints: what, the value, the limit. */
  line: z.string(),
  items: z.array(gateItemSchema),
});
export type GateResult = z.infer<typeof gateResultSchema>;

export const checkReportSchema = z.strictObject({
  schemaVersion: z.literal(CHECK_REPORT_VERSION),
  kind: z.literal(CHECK_REPORT_KIND),
  verdict: z.enum(['pass', 'fail']),
  /** One line: the verdict and the gates that decided it. */
  summary: z.string(),
  input: factsSourceSchema,
  baseline: factsSourceSchema.optional(),
  gates: z.array(gateResultSchema),
  notes: z.array(z.string()),
  facts: checkFactsSchema,
});
export type CheckReport = z.infer<typeof checkReportSchema>;

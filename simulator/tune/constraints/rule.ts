import type { DesignName } from '../../../lib/workload/contract';
import type { ConfiguredProjection } from '../../model/project-aws';
import type { EvaluatedPoint, InfeasibilityKind } from '../../results/tune';
import type { Scenario } from '../../scenario/schema';

/**
 * A feasibility rule of `scalesim tune`: a pure function from one evaluated configuration and the
 * limits to the reason it cannot be used, or null. One rule per file, registered in `index.ts` (like
 * the IAM risk rules and the pricing rules); a configuration that breaks a rule is marked infeasible
 * with the reason and the search goes on.
 */

/** What the rules see of one configuration. */
export interface PointFacts {
  readonly design: DesignName;
  /** The scenario with the configuration applied. */
  readonly scenario: Scenario;
  readonly projection: ConfiguredProjection;
  /** Runtime of one run at p95 (simulator/tune/runtime-p95.ts), ms. */
  readonly runtimeP95Ms: number;
  /** Distributed: one cold invocation at p95, ms. */
  readonly invocationP95Ms?: number;
  /** Single node: the task start at p95, ms. */
  readonly startupP95Ms?: number;
  readonly monthlyUsd: number;
  readonly perRunUsd: number;
}

/** The limits a configuration must meet. */
export interface TuneLimits {
  /** The scenario's SLA, ms. */
  readonly slaMs: number;
  readonly budgetPerRunUsd: number;
  readonly budgetPerMonthUsd: number;
  /** The longest a Lambda invocation may run, ms (AWS: 900 s). */
  readonly lambdaMaxTimeoutMs: number;
}

/** The limits a user states (in the scenario or on the command line), for limit texts. */
export type StatedLimits = Pick<TuneLimits, 'slaMs' | 'budgetPerRunUsd' | 'budgetPerMonthUsd'>;

export interface ConstraintRule {
  readonly kind: InfeasibilityKind;
  /** The constraint in a few words, for "misses …" and "no configuration meets …", e.g. `the SLA`. */
  readonly words: string;
  /**
   * The user's limit alone, for "(… a run)" after the words, e.g. `30 min at p95`.
   * @default - none: the kind is shown (an AWS or scenario limit, not one the user states)
   */
  limitText?(limits: StatedLimits): string;
  /** The constraint in words, for "nothing meets …", e.g. `the SLA (30 min at p95)`. */
  describe(limits: TuneLimits): string;
  /**
   * When no configuration meets the rule: the one closest to meeting it, in words, e.g. `the fastest, …`.
   * @default - the first configuration and its reason (`e.g. …: …`)
   */
  closest?(points: readonly EvaluatedPoint[], limits: TuneLimits): string;
  /** Why the configuration breaks the rule, or null. */
  check(facts: PointFacts, limits: TuneLimits): string | null;
}

import { z } from 'zod';
import { count, nonNegative, type DeepReadonly } from './common';

/**
 * results.json `designs[d].faults`: what a run shows about failure (injected, retried, failed for good,
 * and what failure cost). Produced by simulator/collect/faults.ts; present when faults were injected or
 * seen.
 */

/** The faults the gateway can inject into a Lambda invocation. */
export const INJECTED_FAULTS = ['throw', 'timeout', 'oom', 'throttle'] as const;
export type InjectedFault = (typeof INJECTED_FAULTS)[number];

export const faultEvidenceSchema = z.strictObject({
  injected: z.strictObject({
    /** Lambda faults by kind, from the gateway's invocation log (emulator ground truth); null when not injected. */
    lambda: z.record(z.enum(INJECTED_FAULTS), count).nullable(),
    singleNodeCrashAfterPartitions: count,
    /** Data faults, from the generator's manifest. */
    truncatedGzipPartitions: z.array(z.string()),
    corruptRecords: count,
  }),
  /** Failed attempts by error name, from the execution history (what AWS would show). */
  observedErrors: z.record(z.string(), count),
  retries: count,
  /** Batches or tasks that failed for good, with their partitions and error. */
  failedForGood: z.array(
    z.strictObject({
      partitions: z.array(z.string()),
      error: z.string(),
      /** @default - no cause recorded */
      cause: z.string().optional(),
    }),
  ),
  /** Partitions touched by any fault: retried, failed, truncated, or processed by a crashed task. */
  affectedPartitions: z.array(z.string()),
  costOfFailure: z.strictObject({
    /** Transitions spent on retries and on recording failures. */
    extraTransitions: count,
    /** Billed Lambda ms of attempts that did not succeed (REPORT lines with a Status). */
    extraBilledMs: nonNegative,
    /** Fargate seconds of task attempts that failed (a crash re-runs everything). */
    extraTaskSeconds: nonNegative,
  }),
});
export type FaultEvidence = DeepReadonly<z.output<typeof faultEvidenceSchema>>;

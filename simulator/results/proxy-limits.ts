import { z } from 'zod';
import { count, nonNegative, num, perDesign, type DeepReadonly } from './common';
import { bandSchema, crossoverPointSchema } from './model';

/**
 * results.json `proxyDataLimits`: what the synthetic proxy data gets wrong, measured. Present when a
 * run replays a sample of real events (`workload.source`): the same processor runs over an equal-size
 * set of each kind, in-process and timed the same way (run/proxy-limits.ts), and the model projects
 * both onto AWS (model/proxy-projection.ts). Aggregates only: nothing from the sample but counts,
 * sizes and times.
 */

/** A crossover point without its reasoning text (the model's section has that). */
const proxyCrossoverPointSchema = crossoverPointSchema.pick({ volume: true, holds: true });

export const proxySideSchema = z.strictObject({
  /** Lines processed per repeat. */
  events: z.number().int().min(1),
  /** Median over the repeats of CPU per event per stage, microseconds (measured, in-process). */
  cpuPerEventUs: z.record(z.string(), nonNegative),
  cpuPerEventUsTotal: nonNegative,
  /** Spread of the total over the repeats (min and max), microseconds per event. */
  cpuPerEventUsRange: z.tuple([num, num]),
  /** Uncompressed NDJSON bytes per line, newline included. */
  bytesPerEvent: nonNegative,
  /** Stored raw bytes per line with the scenario's compression. */
  storedBytesPerEvent: nonNegative,
  /** Uncompressed / gzip (level 6) bytes. */
  compressionRatio: nonNegative,
  /** Quarantined / input, as the processor counted. */
  quarantineRate: z.number().min(0).max(1),
  duplicateRate: z.number().min(0).max(1),
  /** Curated + quarantine bytes the processor wrote, per line. */
  outBytesPerEvent: nonNegative,
});
export type ProxySide = DeepReadonly<z.output<typeof proxySideSchema>>;

export const proxyProjectionSchema = z.strictObject({
  /** Projected AWS wall time per run at the volume, ms. */
  runtimeMs: perDesign(bandSchema),
  /** Projected AWS usage cost per run at the volume, USD (the templates' fixed costs are the same for both sides). */
  costUsd: perDesign(bandSchema),
  /** Reasons single-node is infeasible at the volume, or null. */
  singleNodeInfeasible: z.string().nullable(),
  /** "cheaper" compares monthly totals (fixed + runs × per run) when the run priced its templates, as the model's crossover does. */
  crossover: z.strictObject({
    faster: proxyCrossoverPointSchema,
    cheaper: proxyCrossoverPointSchema,
    singleNodeInfeasible: proxyCrossoverPointSchema,
    sentence: z.string(),
  }),
});
export type ProxyProjection = DeepReadonly<z.output<typeof proxyProjectionSchema>>;

export const proxyDataLimitsSchema = z.strictObject({
  /** Both sides measured (not on the emulator: in-process, same processor and timer), then projected. */
  basis: z.literal('measured-locally+projected'),
  method: z.strictObject({
    repeats: z.number().int().min(1),
    partitions: z.number().int().min(1),
    synthetic: z.string(),
    sample: z.string(),
    projection: z.string(),
  }),
  /** null when the synthetic side could not be measured (`syntheticNotMeasured` says why). */
  synthetic: proxySideSchema.nullable(),
  sample: proxySideSchema,
  /**
   * Why the synthetic side could not be measured (e.g. the registry has nothing the generator can vary).
   * @default - it was measured
   */
  syntheticNotMeasured: z.string().optional(),
  /**
   * Both sides projected at the scenario's volume.
   * @default - absent when the run has no model (`projectionSkipped` says why)
   */
  projected: z
    .strictObject({
      volume: count.min(1),
      synthetic: proxyProjectionSchema.nullable(),
      sample: proxyProjectionSchema,
    })
    .optional(),
  /** @default - projected */
  projectionSkipped: z.string().optional(),
});
export type ProxyDataLimits = DeepReadonly<z.output<typeof proxyDataLimitsSchema>>;

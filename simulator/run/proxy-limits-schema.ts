import { z } from 'zod';

/**
 * results.json `proxyDataLimits`: what the synthetic proxy data gets wrong, measured. Present when a
 * run replays a sample of real events (`workload.source`): the same processor runs over an equal-size
 * set of each kind, in-process and timed the same way (run/proxy-limits.ts), and the model projects
 * both onto AWS (model/proxy-projection.ts). Aggregates only: nothing from the sample but counts,
 * sizes and times. (To move into simulator/results/ with the typed contract.)
 */

const band = z.strictObject({ mid: z.number(), low: z.number(), high: z.number() });
const perDesign = z.strictObject({ 'single-node': band, distributed: band });

const crossoverPoint = z.strictObject({
  volume: z.number().nullable(),
  holds: z.enum(['above', 'below', 'everywhere', 'nowhere']),
});

export const proxySideSchema = z.strictObject({
  /** Lines processed per repeat. */
  events: z.number().int().min(1),
  /** Median over the repeats of CPU per event per stage, microseconds (measured, in-process). */
  cpuPerEventUs: z.record(z.string(), z.number().min(0)),
  cpuPerEventUsTotal: z.number().min(0),
  /** Spread of the total over the repeats (min and max), microseconds per event. */
  cpuPerEventUsRange: z.tuple([z.number(), z.number()]),
  /** Uncompressed NDJSON bytes per line, newline included. */
  bytesPerEvent: z.number().min(0),
  /** Stored raw bytes per line with the scenario's compression. */
  storedBytesPerEvent: z.number().min(0),
  /** Uncompressed / gzip (level 6) bytes. */
  compressionRatio: z.number().min(0),
  /** Quarantined / input, as the processor counted. */
  quarantineRate: z.number().min(0).max(1),
  duplicateRate: z.number().min(0).max(1),
  /** Curated + quarantine bytes the processor wrote, per line. */
  outBytesPerEvent: z.number().min(0),
});

export const proxyProjectionSchema = z.strictObject({
  runtimeMs: perDesign,
  costUsd: perDesign,
  /** Reasons single-node is infeasible at the volume, or null. */
  singleNodeInfeasible: z.string().nullable(),
  crossover: z.strictObject({ faster: crossoverPoint, cheaper: crossoverPoint, singleNodeInfeasible: crossoverPoint, sentence: z.string() }),
});

export const proxyDataLimitsSchema = z.strictObject({
  /** Both sides measured (not the emulator: in-process, same processor and timer), then projected. */
  basis: z.literal('measured-locally+projected'),
  method: z.strictObject({
    repeats: z.number().int().min(1),
    partitions: z.number().int().min(1),
    synthetic: z.string(),
    sample: z.string(),
    projection: z.string(),
  }),
  synthetic: proxySideSchema.nullable(),
  sample: proxySideSchema,
  /** Why the synthetic side could not be measured (e.g. the registry has nothing the generator can vary). */
  syntheticNotMeasured: z.string().optional(),
  /** At the scenario's volume; absent when the run has no model. */
  projected: z
    .strictObject({
      volume: z.number().int().min(1),
      synthetic: proxyProjectionSchema.nullable(),
      sample: proxyProjectionSchema,
    })
    .optional(),
  projectionSkipped: z.string().optional(),
});

export type ProxySide = z.infer<typeof proxySideSchema>;
export type ProxyProjection = z.infer<typeof proxyProjectionSchema>;
export type ProxyDataLimits = z.infer<typeof proxyDataLimitsSchema>;

import { z } from 'zod';

/**
 * results.json `workload.sample`: present when the run replayed a sample of real events
 * (`workload.source`). Its identity (content hash) and aggregates only: counts and rates, never a
 * value, a name or a path from the data. (To move into simulator/results/ with the typed contract.)
 */
export const sampleRecordSchema = z.strictObject({
  /** sha256 over the sample's stored bytes (sample/files.ts sampleSha256). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  files: z.number().int().min(1),
  /** Bytes as stored (compressed when gzip). */
  bytes: z.number().int().min(0),
  /** Non-blank lines, and their uncompressed bytes. */
  lines: z.number().int().min(0),
  contentBytes: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  /** Records the replay drew from (every non-duplicate line, or a reservoir sample of them). */
  poolRecords: z.number().int().min(0),
  /** duplicates / lines: the rate the replay reproduces. */
  duplicateRate: z.number().min(0).max(1),
  /** Records whose event id could not be rewritten in place and were re-serialized. */
  reserialized: z.number().int().min(0),
  /** The sample was read through a field mapping (workload.source.mapping). */
  mapped: z.boolean(),
});

export type SampleRecord = z.infer<typeof sampleRecordSchema>;

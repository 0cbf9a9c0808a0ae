import { z } from 'zod';
import { count, type DeepReadonly } from './common';

/**
 * results.json `workload.sample`: present when the run replayed a sample of real events
 * (`workload.source`). Its identity (content hash) and aggregates only: counts and rates, never a
 * value, a name or a path from the data.
 */
export const sampleRecordSchema = z.strictObject({
  /** sha256 over the sample's stored bytes (sample/files.ts sampleSha256). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  files: count.min(1),
  /** Bytes as stored (compressed when gzip). */
  bytes: count,
  /** Non-blank lines, and their uncompressed bytes. */
  lines: count,
  contentBytes: count,
  duplicates: count,
  quarantined: count,
  /** Records the replay drew from (every non-duplicate line, or a reservoir sample of them). */
  poolRecords: count,
  /** duplicates / lines: the rate the replay reproduces. */
  duplicateRate: z.number().min(0).max(1),
  /** Records whose event id could not be rewritten in place and were re-serialized. */
  reserialized: count,
  /** The sample was read through a field mapping (workload.source.mapping). */
  mapped: z.boolean(),
});
export type SampleRecord = DeepReadonly<z.output<typeof sampleRecordSchema>>;

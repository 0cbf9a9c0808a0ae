/**
 * How long a line of NDJSON may be, shared by the processor (lib/workload/processor.ts) and the
 * readers of user files (simulator/io/read-user-stream.ts), so a sample is cut where a run would cut it.
 * A leaf module: it imports nothing.
 */

/** Longest line kept whole, in characters; beyond it a missing newline could exhaust memory. */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

/** Characters of an oversized line that are kept (the processor's quarantine `raw`, the reader's `text`). */
export const OVERSIZED_KEEP_CHARS = 1024;

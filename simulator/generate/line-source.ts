import type { InjectedCounts } from '../../lib/workload/contract';
import type { CorruptKind, DriftKind } from '../../lib/workload/event-schema';

/**
 * What a partition's lines come from: the synthetic event builder (PartitionEventSource), or a replayed
 * sample of real events (replay.ts). Lines are written into `writer`; generatePartition takes them in
 * chunks.
 */
export interface LineSource {
  readonly done: boolean;
  readonly linesWritten: number;
  readonly writer: { readonly pos: number };
  writeNext(): void;
  takeChunk(): Buffer;
  /** A chunk from takeChunk() that the sink no longer reads: its buffer is reused. */
  releaseChunk(chunk: Buffer): void;
  /** Ground truth of the lines written so far. */
  counts(): InjectedCounts;
}

/** InjectedCounts as a line source builds them up, line by line. */
export type MutableInjected = {
  lines: number;
  duplicates: number;
  corrupt: Record<CorruptKind, number>;
  observed: number;
  late: number;
  lineageMissing: number;
  drift: { events: number; breakingEvents: number; byKind: Record<DriftKind, number> };
  expected: { curated: number; quarantined: number; duplicatesDropped: number };
};

/** Every count at zero: a partition before its first line. */
export function emptyInjected(): MutableInjected {
  return {
    lines: 0,
    duplicates: 0,
    corrupt: { invalid_json: 0, wrong_type: 0, truncated_line: 0 },
    observed: 0,
    late: 0,
    lineageMissing: 0,
    drift: { events: 0, breakingEvents: 0, byKind: { field_added: 0, field_removed: 0, field_renamed: 0, type_changed: 0 } },
    expected: { curated: 0, quarantined: 0, duplicatesDropped: 0 },
  };
}

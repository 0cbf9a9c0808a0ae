import type { InjectedCounts } from '../../lib/workload/contract';

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

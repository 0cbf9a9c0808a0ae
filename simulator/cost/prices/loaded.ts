import type { PriceSnapshotRef } from '../../results/cost';
import type { PriceSnapshot } from './schema';

/**
 * A price snapshot in memory, with where it came from: what the cost math prices with. Reading one from
 * a file is prices/load.ts (I/O); this module is pure.
 */

/** A validated snapshot and where it came from. */
export interface LoadedPriceSnapshot {
  readonly snapshot: PriceSnapshot;
  /** How reports name the file: relative to the repository for bundled snapshots, else absolute. */
  readonly file: string;
  /** Absolute path. */
  readonly path: string;
  /** sha256 of the file's bytes, so that a report pins the exact prices it used. */
  readonly sha256: string;
}

export function snapshotRef(loaded: LoadedPriceSnapshot): PriceSnapshotRef {
  return { file: loaded.file, date: loaded.snapshot.date, sha256: loaded.sha256, source: loaded.snapshot.source.kind };
}

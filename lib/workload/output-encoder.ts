import type { OutputCompression } from './contract';
import { ZlibChunks } from './zlib-chunks';

/**
 * gzip level of the curated and quarantine zones. Levels 1-3 run zlib's fast deflate at the same speed
 * here (about 200 MB/s of NDJSON per core) and 3 compresses best of them (4.5x on curated records, 1 at
 * 4.2x); level 6 (zlib's default) reaches 5.0x at half the speed. bench/RESULTS.md (Workload) has the
 * measured trade-off.
 */
const OUTPUT_GZIP_LEVEL = 3;

/** Turns a zone's NDJSON batches into the bytes of the object that is stored. */
export interface OutputEncoder {
  /** NDJSON batches, in order. */
  push(batches: readonly Buffer[]): Promise<void>;
  /** The stored object, as chunks. */
  end(): Promise<Buffer[]>;
  /** Stop early (the partition failed); must not throw. */
  destroy(): void;
}

export function outputEncoder(compression: OutputCompression): OutputEncoder {
  return compression === 'gzip' ? gzipEncoder() : plainEncoder();
}

function plainEncoder(): OutputEncoder {
  const out: Buffer[] = [];
  return {
    async push(batches) {
      out.push(...batches);
    },
    async end() {
      return out;
    },
    destroy() {
      out.length = 0;
    },
  };
}

/** One gzip stream per object, fed batch by batch, so only compressed bytes accumulate. */
function gzipEncoder(): OutputEncoder {
  const gz = ZlibChunks.gzip(OUTPUT_GZIP_LEVEL);
  const out: Buffer[] = [];
  return {
    async push(batches) {
      if (batches.length === 0) return;
      out.push(...(await gz.push(batches.length === 1 ? batches[0]! : Buffer.concat(batches as Buffer[]))));
    },
    async end() {
      out.push(...(await gz.end()));
      return out;
    },
    destroy() {
      gz.destroy();
      out.length = 0;
    },
  };
}

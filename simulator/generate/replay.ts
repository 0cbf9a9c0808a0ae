import * as fs from 'fs';
import type { InjectedCounts } from '../../lib/workload/contract';
import { CORRUPT_KINDS, DRIFT_KINDS, QUARANTINE_REASONS } from '../../lib/workload/event-schema';
import type { SchemaRegistry } from '../../lib/workload/registry';
import { compileRegistry } from '../../lib/workload/validate';
import { UserError } from '../errors';
import { LINE, LineClassifier, reasonIndex } from '../infer/classify';
import { applyMapping, type FieldMapping } from '../infer/mapping';
import { readUserLines, type UserLine } from '../io/read-user-stream';
import { ByteWriter } from './byte-writer';
import { WINDOW_START_MS } from './event-builder';
import { emptyInjected, type LineSource, type MutableInjected } from './line-source';
import type { PartitionPlan } from './plan';
import { IdPermutation, Rng, STREAM, threshold } from './prng';
import type { SampleFiles } from '../sample/files';

/**
 * Replay of a sample of real events (`workload.source: { sample, mode: resample }`): each partition of
 * the run draws its lines from the sample with replacement, on the partition's own seeded stream, so
 * the replay is deterministic from the seed and scales to any volume and partition count.
 *
 * - **Event ids** of records with a sound envelope are rewritten (16 hex digits from the generator's
 *   bijective permutation of the line's index), so a record drawn twice is not a duplicate by accident;
 *   the bytes around the id are the sample's own.
 * - **Duplicates** are made as the generator makes them: with the sample's measured duplicate rate, a
 *   line is a byte-for-byte copy of one of the last 64 curated lines of the same partition. The sample's
 *   own duplicates are not drawn, so the duplicate rate of the replay is the sample's.
 * - **Ground truth.** Every sample record is classified once, the processor's way (infer/classify.ts),
 *   against the scenario's registry and SLA. A partition's `injected` counts are the sums over the
 *   records drawn; `expected` (curated / quarantined / duplicates dropped) is what the run checks the
 *   processor against, as it does for synthetic data. `corrupt` counts the three generator kinds;
 *   records quarantined as invalid_value or unknown_dataset are in `expected.quarantined` only.
 *
 * The sample's bytes are held in memory (up to MAX_POOL_RECORDS records, reservoir-sampled from a
 * larger sample, deterministically from the seed).
 */

const MAX_POOL_RECORDS = 1_000_000;
/** A replay stream id apart from the generator's (prng.ts STREAM). */
const POOL_STREAM = 6n;
const RING = 64;
const CHUNK_BYTES = 256 * 1024;

// Packed classification of a pool record.
const QUARANTINED = 1;
const REASON_SHIFT = 1; // 3 bits
const OBSERVED = 1 << 4;
const LATE = 1 << 5;
const LINEAGE_MISSING = 1 << 6;
const DRIFT_SHIFT = 7; // 4 bits

const REASON_TO_CORRUPT: readonly (number | -1)[] = QUARANTINE_REASONS.map((r) => (CORRUPT_KINDS as readonly string[]).indexOf(r));
const SCHEMA_DRIFT = reasonIndex('schema_drift');

export interface ReplayPool {
  /** Sample lines (no newline), the processor's bytes. */
  readonly records: readonly Buffer[];
  readonly meta: Uint32Array;
  /** Byte range of the quoted top-level event_id token in each record; -1 when it is not rewritten. */
  readonly idStart: Int32Array;
  readonly idEnd: Int32Array;
  readonly stats: SampleReplayStats;
  /** The earliest event_time of the sample (the manifest's logical window). */
  readonly windowStart: string;
}

/** Aggregates of the sample behind a replay: counts only, never a value (results.json `workload.sample`). */
export interface SampleReplayStats {
  readonly sha256: string;
  readonly files: number;
  /** Bytes as stored (compressed when the sample is gzip). */
  readonly bytes: number;
  /** Non-blank lines of the sample. */
  readonly lines: number;
  /** Uncompressed bytes of those lines, newlines included. */
  readonly contentBytes: number;
  readonly duplicates: number;
  readonly quarantined: number;
  /** Records in the replay pool (all non-duplicate lines, or a reservoir sample of them). */
  readonly poolRecords: number;
  /** Duplicates over lines: the rate the replay reproduces. */
  readonly duplicateRate: number;
  /** Pool records whose id could not be located byte-exactly and were re-serialized. */
  readonly reserialized: number;
}

export interface LoadReplayOptions {
  readonly slaMinutes: number;
  readonly seed: number;
  readonly sha256: string;
  readonly bytes: number;
  readonly mapping?: FieldMapping;
  /** @default MAX_POOL_RECORDS */
  readonly maxRecords?: number;
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesOnDisk: number) => void;
}

/** Reads the sample once, classifies every line against `registry`, and keeps the replay pool. */
export async function loadReplayPool(sample: SampleFiles, registry: SchemaRegistry, o: LoadReplayOptions): Promise<ReplayPool> {
  const pool = new PoolBuilder(registry, o);
  let done = 0;
  for (let f = 0; f < sample.files.length; f++) {
    const base = done;
    for await (const l of readUserLines(sample.files[f]!, { what: 'sample', display: sample.display[f], signal: o.signal, onBytes: (b) => o.onBytes?.(base + b) })) {
      pool.add(l);
    }
    done += fs.statSync(sample.files[f]!).size;
  }
  return pool.build(sample);
}

/** The replay pool as the sample's lines arrive: their counts, and a reservoir of classified records. */
class PoolBuilder {
  private readonly classifier: LineClassifier;
  private readonly max: number;
  private readonly rng: Rng;
  private readonly records: Buffer[] = [];
  private readonly meta: number[] = [];
  private readonly idStart: number[] = [];
  private readonly idEnd: number[] = [];
  private lines = 0;
  private contentBytes = 0;
  private duplicates = 0;
  private quarantined = 0;
  /** Non-duplicate lines offered to the reservoir. */
  private candidates = 0;
  private reserialized = 0;
  private minEventMs = Infinity;

  constructor(
    registry: SchemaRegistry,
    private readonly o: LoadReplayOptions,
  ) {
    this.classifier = new LineClassifier(compileRegistry(registry), o.slaMinutes);
    this.max = o.maxRecords ?? MAX_POOL_RECORDS;
    this.rng = new Rng(o.seed, POOL_STREAM);
  }

  /** Classify one line (mapped first, when the sample has a field mapping) and offer it to the pool. */
  add(l: UserLine): void {
    const c = this.classifier;
    let text = l.text;
    if (this.o.mapping && !l.oversized) text = mapped(text, this.o.mapping);
    const kind = c.classify(text, l.oversized);
    if (kind === LINE.blank) return;
    this.lines++;
    this.contentBytes += l.bytes;
    if (kind === LINE.duplicate) {
      this.duplicates++;
      return;
    }
    let m = 0;
    if (kind === LINE.quarantined) {
      this.quarantined++;
      m |= QUARANTINED | (reasonIndex(c.reason!) << REASON_SHIFT);
    }
    let range: [number, number] | undefined;
    if (c.observed) {
      const v = c.verdict;
      m |= OBSERVED | (v.late ? LATE : 0) | (v.lineageMissing ? LINEAGE_MISSING : 0) | (c.driftKinds << DRIFT_SHIFT);
      if (v.eventMs < this.minEventMs) this.minEventMs = v.eventMs;
      const located = locateId(text, c.parsed as Record<string, unknown>);
      if (located.text !== text) this.reserialized++;
      text = located.text;
      range = located.range;
    }
    this.keep(text, m, range);
  }

  /** Reservoir sampling (Algorithm R): every non-duplicate line has the same chance to be kept. */
  private keep(text: string, m: number, range: [number, number] | undefined): void {
    const slot = this.candidates < this.max ? this.candidates : this.rng.int(this.candidates + 1);
    this.candidates++;
    if (slot >= this.max) return;
    // While the pool fills, slot is its length: these assignments append.
    this.records[slot] = Buffer.from(text, 'utf8');
    this.meta[slot] = m;
    this.idStart[slot] = range ? Buffer.byteLength(text.slice(0, range[0])) : -1;
    this.idEnd[slot] = range ? Buffer.byteLength(text.slice(0, range[1])) : -1;
  }

  build(sample: SampleFiles): ReplayPool {
    const { records, lines, duplicates, o } = this;
    if (records.length === 0) throw new UserError(`sample ${sample.display.join(', ')}: holds no event to replay (${lines} non-blank line${lines === 1 ? '' : 's'}, all duplicates)`);
    return {
      records,
      meta: Uint32Array.from(this.meta),
      idStart: Int32Array.from(this.idStart),
      idEnd: Int32Array.from(this.idEnd),
      windowStart: new Date(Number.isFinite(this.minEventMs) ? this.minEventMs : WINDOW_START_MS).toISOString(),
      stats: {
        sha256: o.sha256,
        files: sample.files.length,
        bytes: o.bytes,
        lines,
        contentBytes: this.contentBytes,
        duplicates,
        quarantined: this.quarantined,
        poolRecords: records.length,
        duplicateRate: lines ? duplicates / lines : 0,
        reserialized: this.reserialized,
      },
    };
  }
}

function mapped(line: string, mapping: FieldMapping): string {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return line;
  }
  return JSON.stringify(applyMapping(rec, mapping));
}

const ID_KEY = /"event_id"\s*:\s*"/g;
const PLACEHOLDER = 'scalesim-replay-id';

/**
 * The character range of the top-level event_id's quoted value in `line`: each `"event_id": "` found
 * is tried, and accepted when replacing it changes the parsed record's top-level event_id (so a nested
 * key of the same name is never rewritten). When none is (an id written with escapes), the record is
 * re-serialized with its keys in order and the range found there.
 */
export function locateId(line: string, rec: Record<string, unknown>): { text: string; range: [number, number] } {
  ID_KEY.lastIndex = 0;
  for (let m = ID_KEY.exec(line); m !== null; m = ID_KEY.exec(line)) {
    const start = m.index + m[0].length - 1;
    const end = stringEnd(line, start);
    if (end < 0) continue;
    const candidate = `${line.slice(0, start)}"${PLACEHOLDER}"${line.slice(end)}`;
    try {
      if ((JSON.parse(candidate) as Record<string, unknown>).event_id === PLACEHOLDER) return { text: line, range: [start, end] };
    } catch {
      // Not a string token after all; try the next one.
    }
  }
  const text = JSON.stringify({ ...rec, event_id: PLACEHOLDER });
  const start = text.indexOf(`"event_id":"${PLACEHOLDER}"`) + '"event_id":'.length;
  return { text: text.replace(`"${PLACEHOLDER}"`, JSON.stringify(rec.event_id)), range: [start, start + JSON.stringify(rec.event_id).length] };
}

/** Index just past the closing quote of the JSON string starting at `start` (a quote), or -1. */
function stringEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return -1;
}

/** The line source generatePartition draws a replayed partition from. */
export function replayLines(pool: ReplayPool, seed: number): (plan: PartitionPlan) => LineSource {
  const ids = new IdPermutation(seed);
  const dupT = threshold(pool.stats.duplicateRate);
  return (plan) => new ReplayPartitionSource(pool, plan, new Rng(seed, STREAM.partition(plan.index)), ids, dupT);
}

class ReplayPartitionSource implements LineSource {
  readonly writer = new ByteWriter(2 * CHUNK_BYTES);
  private line = 0;
  private readonly ringRec = new Int32Array(RING);
  private readonly ringHi = new Uint32Array(RING);
  private readonly ringLo = new Uint32Array(RING);
  private ringLen = 0;
  private ringNext = 0;
  private readonly idPair: [number, number] = [0, 0];
  private readonly injected: MutableInjected = emptyInjected();

  constructor(
    private readonly pool: ReplayPool,
    private readonly plan: PartitionPlan,
    private readonly rng: Rng,
    private readonly ids: IdPermutation,
    private readonly dupT: number,
  ) {}

  get done(): boolean {
    return this.line >= this.plan.events;
  }

  get linesWritten(): number {
    return this.line;
  }

  takeChunk(): Buffer {
    return this.writer.take();
  }

  releaseChunk(chunk: Buffer): void {
    this.writer.release(chunk);
  }

  writeNext(): void {
    const i = this.line++;
    const inj = this.injected;
    inj.lines++;
    if (this.ringLen > 0 && this.rng.u32() < this.dupT) {
      const r = this.rng.int(this.ringLen);
      this.write(this.ringRec[r]!, this.ringHi[r]!, this.ringLo[r]!);
      inj.duplicates++;
      inj.expected.duplicatesDropped++;
      return;
    }
    const j = this.rng.int(this.pool.records.length);
    const id = this.ids.permute(this.plan.offset + i, this.idPair);
    this.write(j, id[0], id[1]);
    const m = this.pool.meta[j]!;
    if (m & QUARANTINED) {
      inj.expected.quarantined++;
      const reason = (m >>> REASON_SHIFT) & 7;
      const corrupt = REASON_TO_CORRUPT[reason]!;
      if (corrupt >= 0) inj.corrupt[CORRUPT_KINDS[corrupt]!]++;
      if (reason === SCHEMA_DRIFT) inj.drift.breakingEvents++;
    } else {
      inj.expected.curated++;
      const slot = this.ringLen < RING ? this.ringLen++ : this.ringNext++ % RING;
      this.ringRec[slot] = j;
      this.ringHi[slot] = id[0];
      this.ringLo[slot] = id[1];
    }
    if (m & OBSERVED) {
      inj.observed++;
      if (m & LATE) inj.late++;
      if (m & LINEAGE_MISSING) inj.lineageMissing++;
      const kinds = (m >>> DRIFT_SHIFT) & 15;
      if (kinds) {
        inj.drift.events++;
        DRIFT_KINDS.forEach((k, b) => {
          if (kinds & (1 << b)) inj.drift.byKind[k]++;
        });
      }
    }
  }

  /** Pool record `j`, its id token replaced by the 16-hex-digit id (hi, lo), and a newline. */
  private write(j: number, hi: number, lo: number): void {
    const w = this.writer;
    const rec = this.pool.records[j]!;
    const s = this.pool.idStart[j]!;
    w.ensure(rec.length + 20);
    if (s < 0) {
      w.slice(rec, 0, rec.length);
    } else {
      w.slice(rec, 0, s);
      w.byte(34);
      w.hex8(hi);
      w.hex8(lo);
      w.byte(34);
      w.slice(rec, this.pool.idEnd[j]!, rec.length);
    }
    w.byte(10);
  }

  counts(): InjectedCounts {
    return structuredClone(this.injected);
  }
}

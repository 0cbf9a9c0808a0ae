import { DRIFT_KINDS, QUARANTINE_REASONS, type QuarantineReason } from '../../lib/workload/event-schema';
import { looksTruncated } from '../../lib/workload/processor';
import type { SchemaRegistry } from '../../lib/workload/registry';
import { type CompiledDataset, type CompiledRegistry, compileRegistry, validateRecord, Verdict } from '../../lib/workload/validate';

/**
 * One sample line classified the way the processor (lib/workload/processor.ts) classifies it: parse,
 * envelope, dataset, drift against the registry, then de-duplication by event_id among records that
 * would be curated. The checks themselves are the processor's own functions (JSON.parse,
 * looksTruncated, validateRecord), so an inferred rate is what the pipeline would count on the same
 * data; only the routing (a dozen lines of PartitionCore.runBatch) is restated here, per line.
 *
 * Differences from a partition of the processor, on purpose:
 * - duplicates are found across the whole sample, not per partition: a real duplicate is one whatever
 *   file it landed in (the replay then places copies inside partitions, where the processor finds them);
 * - the set of curated ids is a sliding window of the most recent MAX_SEEN_IDS ids, so memory stays
 *   bounded on a sample of any size.
 *
 * Pure: no I/O.
 */

export const LINE = { blank: 0, curated: 1, quarantined: 2, duplicate: 3 } as const;
export type LineKind = (typeof LINE)[keyof typeof LINE];

/**
 * Curated event ids remembered for duplicate detection: a sliding window of the most recent 5M (about
 * 400 MB of strings at most). At-least-once redeliveries arrive close to the original; a duplicate of
 * an event more than 5M curated events earlier is not recognised.
 */
const MAX_SEEN_IDS = 5_000_000;

const REASON_INDEX: ReadonlyMap<string, number> = new Map(QUARANTINE_REASONS.map((r, i) => [r, i]));
const KIND_INDEX: ReadonlyMap<string, number> = new Map(DRIFT_KINDS.map((k, i) => [k, i]));

export class LineClassifier {
  /** The verdict of the last classified line that parsed (reused: copy what you keep). */
  readonly verdict = new Verdict();
  /** The parsed value of the last line, when it parsed. */
  parsed: unknown = undefined;
  /** Why the last line was quarantined. */
  reason: QuarantineReason | undefined = undefined;
  /** Bit k set: the last observed record drifted with DRIFT_KINDS[k]. */
  driftKinds = 0;
  private readonly seen = new Set<string>();
  private readonly slaMs: number;

  constructor(
    readonly registry: CompiledRegistry,
    slaMinutes: number,
    private readonly maxSeen = MAX_SEEN_IDS,
  ) {
    this.slaMs = slaMinutes * 60_000;
  }

  /** Classify one line (without its newline); `oversized` when the reader cut it at MAX_LINE_CHARS. */
  classify(line: string, oversized = false): LineKind {
    this.parsed = undefined;
    this.reason = undefined;
    this.driftKinds = 0;
    if (oversized) return this.quarantine('invalid_json');
    if (line.length === 0) return LINE.blank;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (line.trim().length === 0) return LINE.blank;
      return this.quarantine(looksTruncated(line) ? 'truncated_line' : 'invalid_json');
    }
    this.parsed = value;
    const v = validateRecord(value, this.registry, this.slaMs, this.verdict);
    if (!v.observed) return this.quarantine(v.reason!);
    if (v.reason === undefined && this.seen.has(v.eventId!)) return LINE.duplicate;
    if (v.drift !== null) for (const d of v.drift) this.driftKinds |= 1 << KIND_INDEX.get(d.kind)!;
    if (v.reason === 'schema_drift') return this.quarantine('schema_drift');
    this.remember(v.eventId!);
    return LINE.curated;
  }

  /** True when the last line's envelope passed, so its indicators count (curated or drift-quarantined). */
  get observed(): boolean {
    return this.parsed !== undefined && this.verdict.observed;
  }

  private quarantine(reason: QuarantineReason): LineKind {
    this.reason = reason;
    return LINE.quarantined;
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > this.maxSeen) {
      // Forget the oldest tenth: a Set iterates in insertion order.
      let drop = Math.ceil(this.maxSeen / 10);
      for (const old of this.seen) {
        if (drop-- <= 0) break;
        this.seen.delete(old);
      }
    }
  }
}

export function reasonIndex(reason: QuarantineReason): number {
  return REASON_INDEX.get(reason)!;
}

/**
 * A registry that accepts every dataset name (up to `maxDatasets` distinct ones) with no registered
 * fields, for the first pass of inference: validateRecord then checks the envelope exactly as the
 * processor does, and every payload field reads as an addition, which never quarantines.
 */
export function openRegistry(maxDatasets: number): CompiledRegistry & { readonly names: () => readonly string[] } {
  const base = compileRegistry({ registryVersion: 1, pipelines: ['any'], datasets: [{ name: 'any', schemaVersion: 1, owner: 'any', upstream: [], fields: [{ name: 'any', type: 'string' }] }] } satisfies SchemaRegistry);
  const datasets: CompiledDataset[] = [];
  class OpenMap extends Map<string, CompiledDataset> {
    override get(name: string): CompiledDataset | undefined {
      let d = super.get(name);
      if (d !== undefined || this.size >= maxDatasets) return d;
      d = {
        index: datasets.length,
        def: { name, schemaVersion: 1, owner: 'unknown', upstream: [], fields: [] },
        names: [],
        types: [],
        position: new Map(),
        normalized: new Map(),
      };
      datasets.push(d);
      this.set(name, d);
      return d;
    }
  }
  const byName = new OpenMap();
  return { registry: base.registry, datasets, byName, names: () => datasets.map((d) => d.def.name) };
}

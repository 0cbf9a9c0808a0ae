import type { InjectedCounts } from '../../lib/workload/contract';
import {
  ACCESS_PURPOSES,
  ACTOR_ROLES,
  BREAKING_DRIFT,
  CORRUPT_KINDS,
  CorruptKind,
  DRIFT_KINDS,
  DriftKind,
  PII_CLASSES,
} from '../../lib/workload/event-schema';
import { RegisteredDataset, RegisteredField, SchemaRegistry, normalizeFieldName } from '../../lib/workload/registry';
import { UserError } from '../errors';
import type { WorkloadSpec } from '../scenario/schema';
import { ByteWriter, ascii } from './byte-writer';
import { emptyInjected, type MutableInjected } from './line-source';
import type { PartitionPlan } from './plan';
import { IdPermutation, Rng, STREAM, TABLE_SHIFT, cumulative, normalQuantile, pick, tabulate, threshold } from './prng';

/**
 * The generator's hot path: one NDJSON line per call, written as bytes from pieces precomputed per
 * dataset, field and access combination. A line costs a dozen or so PRNG draws, no string
 * concatenation and no JSON.stringify. See lib/workload/EVENT-SCHEMA.md for the event format.
 */

/** The logical day every run's events fall on (event_time), so output never depends on the clock. */
export const WINDOW_START_MS = Date.UTC(2026, 10, 26);
const WINDOW_MS = 86_400_000;
const WEEK_MS = 7 * WINDOW_MS;

/** Access purposes are not a scenario knob; this is their fixed mix. */
const PURPOSE_WEIGHTS: Readonly<Record<(typeof ACCESS_PURPOSES)[number], number>> = {
  training: 30,
  inference: 25,
  analytics: 20,
  monitoring: 15,
  debugging: 7,
  export: 3,
};

/** Candidate names for the field_added drift; the first that does not clash with the dataset wins. */
const ADDED_FIELD_POOL = ['trace_id', 'ingest_region', 'cost_center', 'sample_weight', 'source_system', 'tenant_id', 'debug_flag', 'retry_count'];

/** Envelope keys; payload fields must not reuse them. */
const ENVELOPE_KEYS = new Set([
  'event_id', 'pipeline', 'dataset', 'schema_version', 'event_time', 'ingest_time', 'payload', 'lineage', 'upstream',
  'volume', 'records', 'bytes', 'access', 'classification', 'actor_role', 'purpose', 'cross_account',
]);

/** Dataset popularity: a mild skew, 1/sqrt(rank), so per-dataset volumes differ as they do in practice. */
const datasetWeight = (rank: number) => 1 / Math.sqrt(rank + 1);

/*
 * Module-local aliases of what the per-event code uses from other modules. Run from source (tsx),
 * imported bindings are getters on the exporting module, read on every use; these are read once.
 */
const pickOne = pick;
const SHIFT = TABLE_SHIFT;
const N_ROLES = ACTOR_ROLES.length;
const N_PURPOSES = ACCESS_PURPOSES.length;
const N_CORRUPT = CORRUPT_KINDS.length;
const CORRUPT_KIND_NAMES: readonly CorruptKind[] = [...CORRUPT_KINDS];
const DRIFT_KIND_NAMES: readonly DriftKind[] = [...DRIFT_KINDS];
const IS_BREAKING: readonly boolean[] = DRIFT_KINDS.map((k) => BREAKING_DRIFT.has(k));

// An event's corrupt kind and drift kind are drawn as positions in CORRUPT_KINDS and DRIFT_KINDS.
const CORRUPT_INVALID_JSON = CORRUPT_KINDS.indexOf('invalid_json');
const CORRUPT_WRONG_TYPE = CORRUPT_KINDS.indexOf('wrong_type');
const CORRUPT_TRUNCATED = CORRUPT_KINDS.indexOf('truncated_line');
const DRIFT_ADDED = DRIFT_KINDS.indexOf('field_added');
const DRIFT_REMOVED = DRIFT_KINDS.indexOf('field_removed');
const DRIFT_RENAMED = DRIFT_KINDS.indexOf('field_renamed');
const DRIFT_TYPE_CHANGED = DRIFT_KINDS.indexOf('type_changed');
/** None drawn (a clean event, or one without drift). */
const NONE = -1;

/*
 * A corrupt event's variant: one draw of int(WRONG_TYPE_VARIANTS) whatever its kind; invalid_json takes
 * it modulo INVALID_JSON_VARIANTS (so its first variant comes twice as often). Changing either count
 * changes the bytes of every seeded run.
 * wrong_type: which envelope value has the wrong JSON type.
 */
const WRONG_TYPE_VARIANTS = 4;
/** schema_version as a string. */
const WRONG_VERSION = 0;
/** event_time as a number (epoch milliseconds). */
const WRONG_EVENT_TIME = 1;
/** volume.records as a string. */
const WRONG_RECORDS = 2;
/** access.cross_account as a string. */
const WRONG_CROSS_ACCOUNT = 3;
// invalid_json: how the line breaks JSON's grammar (variant modulo INVALID_JSON_VARIANTS).
const INVALID_JSON_VARIANTS = 3;
/** `=` for the `:` after "event_id". */
const INVALID_EQUALS = 0;
/** A trailing comma before the last `}`. */
const INVALID_TRAILING_COMMA = 1;
// Otherwise (2): the key event_id in single quotes.

/** afterPayload: lineage complete; missing as an empty list (+0) or absent (+1), drawn 50/50. */
const LINEAGE_COMPLETE = 0;
const LINEAGE_MISSING = 1;

// Freshness: an on-time lag is below ON_TIME_SLA_SHARE × SLA, skewed short (u² of it); a late one is
// between SLA + LATE_MARGIN_MS and (1 + LATE_SPREAD_SLAS) × SLA.
const ON_TIME_SLA_SHARE = 0.9;
const LATE_MARGIN_MS = 1000;
const LATE_SPREAD_SLAS = 3;

/** Duplicates re-emit one of the last RING clean events of the same partition (at-least-once delivery). */
const RING = 64;

// Field kinds (plain numbers: the switch on them is the innermost loop).
const ENUM = 0;
const ID = 1;
const INT = 2;
const NUM = 3;
const BOOL = 4;
const TS = 5;
const VAR = 6;

interface FieldGen {
  readonly kind: number;
  /** `,"name":` (every field piece starts with a comma; the payload's first one becomes the `{`). */
  readonly key: Uint8Array;
  readonly renamedKey: Uint8Array;
  readonly values: readonly Uint8Array[];
  /** Key and value in one piece: enum values, and [false, true] for booleans. */
  readonly whole: readonly Uint8Array[];
  readonly idPrefix: Uint8Array;
  readonly lo: number;
  readonly hi: number;
}

interface DatasetGen {
  /** `","pipeline":"…","dataset":"…","schema_version":N,"event_time":"` */
  readonly head: Uint8Array;
  /** schema_version as a string (a wrong_type corrupt record). */
  readonly headWrongVersion: Uint8Array;
  /** event_time as a number follows (a wrong_type corrupt record). */
  readonly headNumericTime: Uint8Array;
  readonly lineage: Uint8Array;
  /** `},` + lineage (complete, empty list, absent) + `"volume":{"records":`, one piece each. */
  readonly afterPayload: readonly [Uint8Array, Uint8Array, Uint8Array];
  readonly addedKey: Uint8Array;
  readonly fields: readonly FieldGen[];
  /** Estimated payload length without the variable field's value, to size it. */
  readonly fixedLength: number;
  /** An upper bound on a line's length without the variable field's value. */
  readonly maxLineWithoutFill: number;
  readonly rowBytes: number;
}

const P_START = ascii('{"event_id":"');
const P_INGEST = ascii('","ingest_time":"');
const P_INGEST_AFTER_NUMBER = ascii(',"ingest_time":"');
// The payload's `{` is written over the first field's leading comma.
const P_PAYLOAD = ascii('","payload":');
const P_BYTES = ascii(',"bytes":');
const P_TRUE = ascii('true');
const P_FALSE = ascii('false');
const P_TRUE_STR = ascii('"true"');
const P_FALSE_STR = ascii('"false"');
const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;
const APOSTROPHE = 39;
const EQUALS = 61;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
// Byte offsets in a line, which starts with P_START (`{"event_id":"`).
/** The quote that opens the key event_id. */
const AT_ID_KEY_OPEN = 1;
/** The quote that closes the key event_id. */
const AT_ID_KEY_CLOSE = '{"event_id'.length;
/** The colon after the key event_id. */
const AT_ID_COLON = '{"event_id"'.length;

/** Everything precomputed once per run. */
export class GeneratorTables {
  readonly datasets: readonly DatasetGen[];
  readonly datasetCum: Float64Array;
  readonly classCum: Float64Array;
  readonly roleCum: Float64Array;
  readonly purposeCum: Float64Array;
  readonly driftKindCum: Float64Array;
  readonly access: readonly Uint8Array[];
  readonly accessWrong: readonly Uint8Array[];
  readonly fill: Uint8Array;
  /** Payload target sizes in bytes, tabulated from the scenario's event-size distribution. */
  readonly payloadSizes: Float64Array;
  /** volume.records, log-uniform between 100 and 100,000. */
  readonly volumeRecords: Float64Array;
  readonly ids: IdPermutation;
  readonly slaMs: number;

  constructor(
    readonly workload: WorkloadSpec,
    registry: SchemaRegistry,
    readonly seed: number,
  ) {
    if (workload.datasets > registry.datasets.length) {
      throw new UserError(
        `workload.datasets is ${workload.datasets} but the schema registry holds ${registry.datasets.length} datasets; lower workload.datasets or add datasets to the registry`,
      );
    }
    if (workload.pipelines > registry.pipelines.length) {
      throw new UserError(
        `workload.pipelines is ${workload.pipelines} but the schema registry names ${registry.pipelines.length} pipelines; lower workload.pipelines or add pipelines to the registry`,
      );
    }
    const used = registry.datasets.slice(0, workload.datasets);
    // Lines are bytes written one character per byte, which is exact only for ASCII; the scenario
    // enums are ASCII, so only the registry's strings need a check.
    const nonAscii = JSON.stringify([registry.pipelines, used]).match(/[^\x20-\x7e]/);
    if (nonAscii) throw new UserError(`schema registry: only printable ASCII is supported in names and values, found ${JSON.stringify(nonAscii[0])}`);
    this.datasets = used.map((d, i) => datasetGen(d, registry.pipelines[i % workload.pipelines]!, i));
    this.datasetCum = cumulative(used.map((_, i) => datasetWeight(i)));
    this.classCum = cumulative(PII_CLASSES.map((c) => workload.access.piiClasses[c] ?? 0));
    this.roleCum = cumulative(ACTOR_ROLES.map((r) => workload.access.actorRoles[r] ?? 0));
    this.purposeCum = cumulative(ACCESS_PURPOSES.map((p) => PURPOSE_WEIGHTS[p]));
    this.driftKindCum = cumulative(DRIFT_KINDS.map((k) => workload.schemaDrift.kinds[k] ?? 0));
    const access: Uint8Array[] = [];
    const accessWrong: Uint8Array[] = [];
    for (const c of PII_CLASSES) {
      for (const r of ACTOR_ROLES) {
        for (const p of ACCESS_PURPOSES) {
          for (const x of [false, true]) {
            // Starts by closing the volume object, to save a piece per line.
            const head = `},"access":{"classification":"${c}","actor_role":"${r}","purpose":"${p}","cross_account":`;
            access.push(ascii(`${head}${x}}}`));
            accessWrong.push(ascii(`${head}"${x}"}}`));
          }
        }
      }
    }
    this.access = access;
    this.accessWrong = accessWrong;
    // The variable-length field's text: slices of one seeded alphanumeric buffer.
    const fillLength = Math.min(8 * 1024 * 1024, Math.max(65_536, 8 * workload.eventSize.medianBytes));
    const alphabet = ascii('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    const fr = new Rng(seed, STREAM.fill);
    this.fill = new Uint8Array(fillLength);
    for (let i = 0; i < fillLength; i++) this.fill[i] = alphabet[fr.int(alphabet.length)]!;
    // Tabulated once: drawing a lognormal per event (log, cos, sqrt, exp) cost more than the rest of the event.
    const sz = workload.eventSize;
    this.payloadSizes = tabulate((p) =>
      sz.distribution === 'lognormal' ? Math.round(sz.medianBytes * Math.exp(sz.sigma * normalQuantile(p))) : sz.medianBytes,
    );
    this.volumeRecords = tabulate((p) => Math.floor(Math.pow(10, 2 + 3 * p)));
    this.ids = new IdPermutation(seed);
    this.slaMs = workload.freshness.slaMinutes * 60_000;
  }
}

function datasetGen(d: RegisteredDataset, pipeline: string, index: number): DatasetGen {
  const norms = new Set(d.fields.map((f) => normalizeFieldName(f.name)));
  for (const f of d.fields) {
    if (ENVELOPE_KEYS.has(f.name)) throw new UserError(`schema registry: dataset ${d.name} field ${f.name} reuses an envelope key; rename it`);
  }
  const added = ADDED_FIELD_POOL.find((n) => !norms.has(normalizeFieldName(n)));
  if (added === undefined) throw new UserError(`schema registry: dataset ${d.name} uses every name the field_added drift could add`);
  const fields = d.fields.map(fieldGen);
  const q = JSON.stringify;
  const common = `","pipeline":${q(pipeline)},"dataset":${q(d.name)},"schema_version":`;
  let fixed = 0;
  let maxPayload = 64;
  for (const f of fields) {
    fixed += f.key.length + estimateValueLength(f);
    maxPayload += Math.max(f.key.length, f.renamedKey.length) + 1 + maxValueLength(f);
  }
  const lineage = `"lineage":{"upstream":${q(d.upstream)}},`;
  return {
    head: ascii(`${common}${d.schemaVersion},"event_time":"`),
    headWrongVersion: ascii(`${common}"${d.schemaVersion}","event_time":"`),
    headNumericTime: ascii(`${common}${d.schemaVersion},"event_time":`),
    lineage: ascii(lineage),
    afterPayload: [
      ascii(`},${lineage}"volume":{"records":`),
      ascii(`},"lineage":{"upstream":[]},"volume":{"records":`),
      ascii(`},"volume":{"records":`),
    ],
    addedKey: ascii(`,${q(added)}:`),
    fields,
    fixedLength: fixed,
    maxLineWithoutFill: 512 + common.length + lineage.length + maxPayload,
    // Average bytes per row the event's volume reports; varies by dataset, fixed per dataset.
    rowBytes: 120 + ((index * 97) % 680),
  };
}

function fieldGen(f: RegisteredField): FieldGen {
  const q = JSON.stringify;
  // A rename the processor can recognize: camelCase when there is an underscore, else a _v2 suffix.
  const renamed = f.name.includes('_') ? f.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : `${f.name}_v2`;
  const key = `,${q(f.name)}:`;
  const base = { key: ascii(key), renamedKey: ascii(`,${q(renamed)}:`), values: [] as Uint8Array[], whole: [] as Uint8Array[], idPrefix: new Uint8Array(0), lo: 0, hi: 0 };
  if (f.variable) return { ...base, kind: VAR };
  switch (f.type) {
    case 'string':
      if (f.values) return { ...base, kind: ENUM, values: f.values.map((v) => ascii(q(v))), whole: f.values.map((v) => ascii(key + q(v))) };
      return { ...base, kind: ID, idPrefix: ascii(`"${f.name.split('_').map((w) => w[0]).join('')}_`) };
    case 'integer':
      return { ...base, kind: INT, lo: Math.ceil(f.min ?? 0), hi: Math.floor(f.max ?? 1_000_000) };
    case 'number':
      // Thousandths, formatted by hand: String(double) is the slowest thing a generator can do.
      return { ...base, kind: NUM, lo: Math.round((f.min ?? 0) * 1000), hi: Math.round((f.max ?? 1000) * 1000) };
    case 'boolean':
      return { ...base, kind: BOOL, whole: [ascii(`${key}false`), ascii(`${key}true`)] };
    case 'timestamp':
      return { ...base, kind: TS };
  }
}

function estimateValueLength(f: FieldGen): number {
  switch (f.kind) {
    case ENUM:
      return f.values.reduce((s, v) => s + v.length, 0) / f.values.length;
    case ID:
      return f.idPrefix.length + 9;
    case INT:
      return String(Math.max(Math.abs(f.lo), Math.abs(f.hi))).length;
    case NUM:
      return String(Math.floor(Math.max(Math.abs(f.lo), Math.abs(f.hi)) / 1000)).length + 4;
    case BOOL:
      return 4.5;
    case TS:
      return 26;
    default:
      return 2;
  }
}

function maxValueLength(f: FieldGen): number {
  // Retyped values are at most an epoch-millisecond number or a quoted number: 24 bytes.
  return Math.max(24, f.values.reduce((m, v) => Math.max(m, v.length), 0), f.idPrefix.length + 9, 28);
}

/** What PartitionEventSource decided for one event (positions, or NONE), before writing it. */
class EventDecision {
  /** Position in CORRUPT_KINDS. */
  corruptKind = NONE;
  variant = NONE;
  /** The variant when the kind is wrong_type: WRONG_VERSION, WRONG_EVENT_TIME, … */
  wrongType = NONE;
  eventMs = 0;
  late = false;
  lag = 0;
  /** Position in DRIFT_KINDS, and the field it applies to. */
  driftKind = NONE;
  driftField = NONE;
  /** Length of the variable-length field's value. */
  fillLen = 0;
  /** Drawn while writing (after the payload). */
  lineageMissing = false;
}

/** Generates one partition's lines into its ByteWriter, in order, and counts what it injected. */
export class PartitionEventSource {
  readonly writer: ByteWriter;
  private readonly rng: Rng;
  // The duplicate ring: [buffer, start, end) of recent clean lines.
  private readonly ringBuf: Uint8Array[] = [];
  private readonly ringStart: number[] = [];
  private readonly ringEnd: number[] = [];
  private ringNext = 0;
  private line = 0;
  private readonly idPair: [number, number] = [0, 0];
  private readonly dupT: number;
  private readonly corruptT: number;
  private readonly lateT: number;
  private readonly driftT: number;
  private readonly lineageT: number;
  private readonly crossT: number;
  /** The current event's decisions, reused: one object per partition, not one per event. */
  private readonly ev = new EventDecision();
  readonly injected: MutableInjected = emptyInjected();

  constructor(
    private readonly t: GeneratorTables,
    private readonly plan: PartitionPlan,
    chunkBytes = 256 * 1024,
  ) {
    this.rng = new Rng(t.seed, STREAM.partition(plan.index));
    // Headroom above the flush size, so a line rarely makes the buffer grow (a full copy).
    this.writer = new ByteWriter(2 * chunkBytes);
    const w = t.workload;
    this.dupT = threshold(w.duplicateRate);
    this.corruptT = threshold(w.corruptRate);
    this.lateT = threshold(w.freshness.lateRate);
    this.driftT = threshold(w.schemaDrift.rate);
    this.lineageT = threshold(w.lineage.missingRate);
    this.crossT = threshold(w.access.crossAccountRate);
  }

  get done(): boolean {
    return this.line >= this.plan.events;
  }

  get linesWritten(): number {
    return this.line;
  }

  /** The bytes written since the last call. Ring entries still pointing into them are copied out. */
  takeChunk(): Buffer {
    const buf = this.writer.buf;
    for (let i = 0; i < this.ringBuf.length; i++) {
      if (this.ringBuf[i] === buf) {
        this.ringBuf[i] = Buffer.from(buf.subarray(this.ringStart[i], this.ringEnd[i]));
        this.ringEnd[i]! -= this.ringStart[i]!;
        this.ringStart[i] = 0;
      }
    }
    return this.writer.take();
  }

  /** A chunk from takeChunk() that the sink no longer reads: its buffer is reused. */
  releaseChunk(chunk: Buffer): void {
    this.writer.release(chunk);
  }

  /** Write the next line and its newline. */
  writeNext(): void {
    const rng = this.rng;
    const w = this.writer;
    const i = this.line++;
    this.injected.lines++;
    if (this.ringBuf.length > 0 && rng.u32() < this.dupT) {
      this.injected.duplicates++;
      this.injected.expected.duplicatesDropped++;
      const r = rng.int(this.ringBuf.length);
      w.ensure(this.ringEnd[r]! - this.ringStart[r]! + 1);
      w.slice(this.ringBuf[r]!, this.ringStart[r]!, this.ringEnd[r]!);
      w.byte(NEWLINE);
      return;
    }
    this.fresh(i);
  }

  /** A new event: every decision drawn first, then the line written, then corrupted or counted. */
  private fresh(i: number): void {
    const t = this.t;
    const ds = t.datasets[pickOne(t.datasetCum, this.rng.u32())]!;
    const e = this.decide(i, ds);
    const start = this.writer.pos;
    this.writeEvent(ds, e, i);
    if (e.corruptKind !== NONE) this.corrupt(e, start);
    else this.countObserved(e, start);
    this.writer.byte(NEWLINE);
  }

  /**
   * Everything about the event that is drawn before its bytes: a corrupt record is written corrupt,
   * not edited afterwards. The draws' order is part of the seeded output; do not reorder them.
   */
  private decide(i: number, ds: DatasetGen): EventDecision {
    const t = this.t;
    const rng = this.rng;
    const plan = this.plan;
    const e = this.ev;
    e.corruptKind = rng.u32() < this.corruptT ? rng.int(N_CORRUPT) : NONE;
    e.variant = e.corruptKind !== NONE ? rng.int(WRONG_TYPE_VARIANTS) : NONE;
    e.wrongType = e.corruptKind === CORRUPT_WRONG_TYPE ? e.variant : NONE;
    e.eventMs = WINDOW_START_MS + Math.floor(rng.float() * WINDOW_MS);
    const wave = plan.lateWave !== null && i >= plan.lateWave.start && i < plan.lateWave.start + plan.lateWave.length;
    e.late = wave || rng.u32() < this.lateT;
    const u = rng.float();
    e.lag = e.late ? t.slaMs + LATE_MARGIN_MS + Math.floor(u * LATE_SPREAD_SLAS * t.slaMs) : Math.floor(u * u * ON_TIME_SLA_SHARE * t.slaMs);
    // Drift: at most one kind per event; a burst forces a type change on the dataset's first field.
    const burst = plan.driftBurst !== null && i >= plan.driftBurst.start && i < plan.driftBurst.start + plan.driftBurst.length;
    e.driftKind = NONE;
    e.driftField = NONE;
    if (burst) {
      e.driftKind = DRIFT_TYPE_CHANGED;
      e.driftField = 0;
    } else if (rng.u32() < this.driftT) {
      e.driftKind = pickOne(t.driftKindCum, rng.u32());
      e.driftField = rng.int(ds.fields.length);
    }
    const target = t.payloadSizes[rng.u32() >>> SHIFT]!;
    e.fillLen = Math.max(0, Math.min(t.fill.length - 1, Math.round(target - ds.fixedLength)));
    return e;
  }

  /** The event's line, without its newline; draws lineage, volume and access as it goes. */
  private writeEvent(ds: DatasetGen, e: EventDecision, i: number): void {
    const t = this.t;
    const rng = this.rng;
    const w = this.writer;
    w.ensure(ds.maxLineWithoutFill + e.fillLen);
    const id = t.ids.permute(this.plan.offset + i, this.idPair);
    w.piece(P_START);
    w.hex8(id[0]);
    w.hex8(id[1]);
    if (e.wrongType === WRONG_EVENT_TIME) {
      w.piece(ds.headNumericTime);
      w.uint(e.eventMs);
      w.piece(P_INGEST_AFTER_NUMBER);
    } else {
      w.piece(e.wrongType === WRONG_VERSION ? ds.headWrongVersion : ds.head);
      w.iso(e.eventMs);
      w.piece(P_INGEST);
    }
    w.iso(e.eventMs + e.lag);
    w.piece(P_PAYLOAD);
    const payloadStart = w.pos;
    this.payload(ds, e.driftKind, e.driftField, e.eventMs, e.fillLen);
    if (w.pos === payloadStart) w.byte(OPEN_BRACE);
    else w.buf[payloadStart] = OPEN_BRACE; // over the first field's comma

    e.lineageMissing = rng.u32() < this.lineageT;
    // Missing lineage comes in both shapes seen in practice: an empty list, or no lineage key at all.
    w.piece(ds.afterPayload[e.lineageMissing ? LINEAGE_MISSING + (rng.u32() & 1) : LINEAGE_COMPLETE]);
    const records = t.volumeRecords[rng.u32() >>> SHIFT]!;
    if (e.wrongType === WRONG_RECORDS) {
      w.byte(QUOTE);
      w.uint(records);
      w.byte(QUOTE);
    } else {
      w.uint(records);
    }
    w.piece(P_BYTES);
    w.uint(records * ds.rowBytes);
    const accessIdx =
      ((pickOne(t.classCum, rng.u32()) * N_ROLES + pickOne(t.roleCum, rng.u32())) * N_PURPOSES + pickOne(t.purposeCum, rng.u32())) * 2 +
      (rng.u32() < this.crossT ? 1 : 0);
    w.piece(e.wrongType === WRONG_CROSS_ACCOUNT ? t.accessWrong[accessIdx]! : t.access[accessIdx]!);
  }

  /** Break the line written from `start` as its corrupt kind says, and count it. */
  private corrupt(e: EventDecision, start: number): void {
    const w = this.writer;
    const inj = this.injected;
    inj.corrupt[CORRUPT_KIND_NAMES[e.corruptKind]!]++;
    inj.expected.quarantined++;
    const b = w.buf;
    if (e.corruptKind === CORRUPT_INVALID_JSON) {
      const v = e.variant % INVALID_JSON_VARIANTS;
      if (v === INVALID_EQUALS) b[start + AT_ID_COLON] = EQUALS;
      else if (v === INVALID_TRAILING_COMMA) {
        b[w.pos - 1] = COMMA; // …},}
        w.byte(CLOSE_BRACE);
      } else {
        b[start + AT_ID_KEY_OPEN] = APOSTROPHE; // {'event_id':…
        b[start + AT_ID_KEY_CLOSE] = APOSTROPHE;
      }
    } else if (e.corruptKind === CORRUPT_TRUNCATED) {
      // Keep at least the opening brace, drop at least the closing one: never valid JSON.
      w.pos = start + 1 + this.rng.int(w.pos - start - 1);
    }
  }

  /** Count a sound event's indicators; a clean one joins the duplicate ring. */
  private countObserved(e: EventDecision, start: number): void {
    const inj = this.injected;
    inj.observed++;
    if (e.late) inj.late++;
    if (e.lineageMissing) inj.lineageMissing++;
    if (e.driftKind !== NONE) {
      inj.drift.events++;
      inj.drift.byKind[DRIFT_KIND_NAMES[e.driftKind]!]++;
      if (IS_BREAKING[e.driftKind]) {
        inj.drift.breakingEvents++;
        inj.expected.quarantined++;
      } else {
        inj.expected.curated++;
      }
      return;
    }
    inj.expected.curated++;
    // Only clean events are duplicated, so every duplicate is a copy of a curated record.
    const slot = this.ringBuf.length < RING ? this.ringBuf.length : this.ringNext++ % RING;
    this.ringBuf[slot] = this.writer.buf;
    this.ringStart[slot] = start;
    this.ringEnd[slot] = this.writer.pos;
  }

  private payload(ds: DatasetGen, driftKind: number, driftField: number, eventMs: number, fillLen: number): void {
    const rng = this.rng;
    const w = this.writer;
    const removed = driftKind === DRIFT_REMOVED ? driftField : NONE;
    const renamed = driftKind === DRIFT_RENAMED ? driftField : NONE;
    const retyped = driftKind === DRIFT_TYPE_CHANGED ? driftField : NONE;
    const fields = ds.fields;
    for (let j = 0; j < fields.length; j++) {
      if (j === removed) continue;
      const f = fields[j]!;
      if (j === renamed || j === retyped) {
        w.piece(j === renamed ? f.renamedKey : f.key);
        if (j === retyped) this.retypedValue(f, eventMs);
        else this.value(f, eventMs, fillLen);
        continue;
      }
      switch (f.kind) {
        case ENUM:
          w.piece(f.whole[rng.int(f.whole.length)]!);
          break;
        case BOOL:
          w.piece(f.whole[rng.u32() & 1]!);
          break;
        default:
          w.piece(f.key);
          this.value(f, eventMs, fillLen);
      }
    }
    if (driftKind === DRIFT_ADDED) {
      w.piece(ds.addedKey);
      w.byte(QUOTE);
      w.hex8(rng.u32());
      w.byte(QUOTE);
    }
  }

  private value(f: FieldGen, eventMs: number, fillLen: number): void {
    const rng = this.rng;
    const w = this.writer;
    switch (f.kind) {
      case ENUM:
        w.piece(f.values[rng.int(f.values.length)]!);
        return;
      case ID:
        w.piece(f.idPrefix);
        w.hex8(rng.u32());
        w.byte(QUOTE);
        return;
      case INT:
        w.int(f.lo + Math.floor(rng.float() * (f.hi - f.lo + 1)));
        return;
      case NUM:
        w.thousandths(f.lo + Math.floor(rng.float() * (f.hi - f.lo + 1)));
        return;
      case BOOL:
        w.piece(rng.u32() & 1 ? P_TRUE : P_FALSE);
        return;
      case TS:
        w.byte(QUOTE);
        w.iso(eventMs - Math.floor(rng.float() * WEEK_MS));
        w.byte(QUOTE);
        return;
      default: {
        const off = rng.int(this.t.fill.length - fillLen);
        w.byte(QUOTE);
        w.slice(this.t.fill, off, off + fillLen);
        w.byte(QUOTE);
      }
    }
  }

  /** A value of a different JSON type than the registered one. */
  private retypedValue(f: FieldGen, eventMs: number): void {
    const rng = this.rng;
    const w = this.writer;
    switch (f.kind) {
      case INT:
        w.byte(QUOTE);
        w.int(f.lo + rng.int(f.hi - f.lo + 1));
        w.byte(QUOTE);
        return;
      case NUM:
        w.byte(QUOTE);
        w.thousandths(f.lo + rng.int(f.hi - f.lo + 1));
        w.byte(QUOTE);
        return;
      case BOOL:
        w.piece(rng.u32() & 1 ? P_TRUE_STR : P_FALSE_STR);
        return;
      case TS:
        w.uint(eventMs);
        return;
      default:
        w.uint(rng.int(100_000));
    }
  }

  counts(): InjectedCounts {
    return structuredClone(this.injected);
  }
}

import { StringDecoder } from 'string_decoder';
import { checkAccounting } from './accounting';
import type { PartitionAccounting } from './contract';
import {
  ACCESS_PURPOSES,
  ACTOR_ROLES,
  DRIFT_KINDS,
  DriftKind,
  LAG_BUCKET_MINUTES,
  LAG_BUCKETS,
  PII_CLASSES,
  QUARANTINE_REASONS,
  QuarantineReason,
  RISK_LEVELS,
} from './event-schema';
import { MAX_LINE_CHARS, OVERSIZED_KEEP_CHARS } from './line-limits';
import { StageTimer, realClock } from './profile';
import { DatasetStats, LagBucket, PartitionQuality } from './quality';
import { RISK_THRESHOLDS, riskLevel } from './risk';
import { CompiledRegistry, Verdict, validateRecord } from './validate';

/**
 * The per-partition core: text in, curated and quarantine NDJSON plus a quality report out. Pure
 * (no I/O); the caller feeds decompressed chunks and stores the results. See EVENT-SCHEMA.md for what
 * each check means.
 *
 * Each chunk is one batch, and each stage runs over the whole batch before the next starts, so the
 * stage timer is read a handful of times per batch instead of per record:
 *   parse     split lines, JSON.parse (decoding the bytes is charged here too)
 *   validate  envelope, dataset, per-field drift; freshness, lineage and access risk per record
 *   aggregate de-duplicate by event_id, route, count
 *   write     serialize curated and quarantine records to UTF-8
 */

export interface PartitionCoreOptions {
  readonly partition: string;
  readonly registry: CompiledRegistry;
  readonly slaMinutes: number;
  /** Stage timer to charge; a private one (real clock) by default. */
  readonly timer?: StageTimer;
  /**
   * Distinct unregistered field names tracked per partition in `drift.byField`; beyond it they are
   * counted under `<dataset>.(other)`, so hostile input cannot grow the report without bound.
   * @default 200
   */
  readonly maxAddedFieldNames?: number;
  /**
   * Longest line kept whole, in characters; a longer line is quarantined as invalid_json with only
   * its beginning kept, so a missing newline cannot exhaust memory.
   * @default 8 MiB
   */
  readonly maxLineChars?: number;
}

export interface ProcessedPartition {
  readonly quality: PartitionQuality;
  readonly accounting: PartitionAccounting;
  /** Curated NDJSON, in batches: those not already taken with `takeOutput`. */
  readonly curated: readonly Buffer[];
  /** Quarantine NDJSON, in batches: those not already taken with `takeOutput`. */
  readonly quarantine: readonly Buffer[];
  /** NDJSON bytes of every curated batch (taken or not), before any compression. */
  readonly curatedBytes: number;
  /** NDJSON bytes of every quarantine batch (taken or not), before any compression. */
  readonly quarantineBytes: number;
}

/*
 * Module-local aliases for the per-record path. Run from source (tsx), imported bindings are getters
 * on the exporting module, read on every use; these are read once.
 */
const validate = validateRecord;
const NewVerdict = Verdict;
const LAG_EDGES: readonly number[] = [...LAG_BUCKET_MINUTES];
const KIND_INDEX: ReadonlyMap<string, number> = new Map(DRIFT_KINDS.map((k, i) => [k, i]));
const N_KINDS = DRIFT_KINDS.length;
const { medium: RISK_MEDIUM, high: RISK_HIGH, critical: RISK_CRITICAL } = RISK_THRESHOLDS;
const levelOf = riskLevel;

// What parsing made of a line (plain numbers: they are stored per line of a batch).
/** JSON.parse returned a value: it goes on to validation. */
const OK = 0;
/** Not JSON, and not merely cut short: invalid_json. */
const INVALID = 1;
/** The beginning of a JSON object or array that ends early: truncated_line. */
const TRUNCATED = 2;
/** Longer than maxLineChars: invalid_json, only its beginning kept. */
const OVERSIZED = 3;

/** Distinct unregistered field names tracked per partition (PartitionCoreOptions.maxAddedFieldNames). */
const MAX_ADDED_FIELD_NAMES = 200;

const MS_PER_MINUTE = 60_000;

// Positions in RISK_LEVELS: the byRisk counters are indexed by them.
const LEVEL_LOW = RISK_LEVELS.indexOf('low');
const LEVEL_MEDIUM = RISK_LEVELS.indexOf('medium');
const LEVEL_HIGH = RISK_LEVELS.indexOf('high');
const LEVEL_CRITICAL = RISK_LEVELS.indexOf('critical');

// Key counts of a record that holds the envelope and nothing more (EVENT-SCHEMA.md).
/** event_id, pipeline, dataset, schema_version, event_time, ingest_time, payload, volume, access. */
const ENVELOPE_KEYS = 9;
/** records, bytes. */
const VOLUME_KEYS = 2;
/** classification, actor_role, purpose, cross_account. */
const ACCESS_KEYS = 4;

// Character codes the line scanners look at.
const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_QUOTE = 34;
const CH_OPEN_BRACKET = 91;
const CH_BACKSLASH = 92;
const CH_CLOSE_BRACKET = 93;
const CH_OPEN_BRACE = 123;
const CH_CLOSE_BRACE = 125;

type MutableDatasetStats = { -readonly [K in keyof DatasetStats]: number };

export class PartitionCore {
  private readonly reg: CompiledRegistry;
  private readonly slaMs: number;
  readonly timer: StageTimer;
  private readonly maxAdded: number;
  private readonly maxLine: number;
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  /** Inside an oversized line: drop text until the next newline. */
  private skipping = false;
  private lineNo = 0;
  private finished = false;

  // Batch scratch, reused.
  private readonly lines: string[] = [];
  private readonly lineNos: number[] = [];
  private readonly parseState: number[] = [];
  private readonly parsed: unknown[] = [];
  private readonly verdicts: (Verdict | undefined)[] = [];
  private readonly curatedIdx: number[] = [];
  private readonly quarantineIdx: number[] = [];

  // Outputs.
  private readonly curatedOut: Buffer[] = [];
  private readonly quarantineOut: Buffer[] = [];
  private curatedBytes = 0;
  private quarantineBytes = 0;

  // Counts.
  private readonly seen = new Set<string>();
  private input = 0;
  private curated = 0;
  private quarantined = 0;
  private duplicates = 0;
  private observed = 0;
  private readonly reasons = new Array<number>(QUARANTINE_REASONS.length).fill(0);
  private late = 0;
  private negativeLag = 0;
  private maxLag: number | null = null;
  private readonly lagHist = new Array<number>(LAG_BUCKETS.length).fill(0);
  private driftEvents = 0;
  private breakingEvents = 0;
  private readonly driftKinds = new Array<number>(DRIFT_KINDS.length).fill(0);
  private readonly byField = new Map<string, number[]>();
  private addedNames = 0;
  private lineageComplete = 0;
  private lineageMissing = 0;
  private readonly byClass = new Array<number>(PII_CLASSES.length).fill(0);
  private readonly byRole = new Array<number>(ACTOR_ROLES.length).fill(0);
  private readonly byPurpose = new Array<number>(ACCESS_PURPOSES.length).fill(0);
  private crossAccount = 0;
  private readonly byRisk = new Array<number>(RISK_LEVELS.length).fill(0);
  private riskSum = 0;
  private riskMax = 0;
  private readonly dsStats: (MutableDatasetStats | undefined)[];

  constructor(private readonly opts: PartitionCoreOptions) {
    this.reg = opts.registry;
    this.slaMs = opts.slaMinutes * MS_PER_MINUTE;
    this.timer = opts.timer ?? new StageTimer(realClock());
    this.maxAdded = opts.maxAddedFieldNames ?? MAX_ADDED_FIELD_NAMES;
    this.maxLine = opts.maxLineChars ?? MAX_LINE_CHARS;
    this.dsStats = new Array(this.reg.datasets.length).fill(undefined);
  }

  /**
   * Feed decompressed bytes: one chunk, or several processed as one batch (fewer, larger batches
   * mean fewer clock reads). A multi-byte character split across chunks is reassembled.
   */
  pushBytes(chunk: Buffer | readonly Buffer[]): void {
    if (Buffer.isBuffer(chunk)) {
      this.countBytes(chunk.length);
      this.pushText(this.decoder.write(chunk));
      return;
    }
    let text = '';
    for (const c of chunk as readonly Buffer[]) {
      this.countBytes(c.length);
      text += this.decoder.write(c);
    }
    this.pushText(text);
  }

  private countBytes(n: number): void {
    this.timer.addBytes('parse', n);
    this.timer.addBytes('validate', n);
    this.timer.addBytes('aggregate', n);
  }

  /** Feed decoded text. Lines end at `\n`; a trailing `\r` is tolerated as JSON whitespace. */
  pushText(text: string): void {
    if (this.finished) throw new Error(`partition ${this.opts.partition}: pushText after finish`);
    const lines = this.lines;
    lines.length = 0;
    let s = this.carry.length > 0 ? this.carry + text : text;
    let start = 0;
    let nl = s.indexOf('\n');
    if (this.skipping) {
      if (nl === -1) {
        this.carry = '';
        this.timer.lap('parse');
        return;
      }
      this.skipping = false;
      start = nl + 1;
      nl = s.indexOf('\n', start);
    }
    while (nl !== -1) {
      lines.push(s.slice(start, nl));
      start = nl + 1;
      nl = s.indexOf('\n', start);
    }
    s = start === 0 ? s : s.slice(start);
    if (s.length > this.maxLine) {
      lines.push(s);
      this.skipping = true;
      s = '';
    }
    this.carry = s;
    this.runBatch(lines);
  }

  /**
   * The curated and quarantine batches written since the last call, each batch once: an encoder can
   * compress them as they come, so uncompressed output never accumulates.
   */
  takeOutput(): { readonly curated: Buffer[]; readonly quarantine: Buffer[] } {
    return { curated: this.curatedOut.splice(0), quarantine: this.quarantineOut.splice(0) };
  }

  /** Flush the last line (a file need not end with a newline), check the invariant, return everything. */
  finish(): ProcessedPartition {
    if (this.finished) throw new Error(`partition ${this.opts.partition}: finish called twice`);
    const tail = this.carry + this.decoder.end();
    this.carry = '';
    const lines = this.lines;
    lines.length = 0;
    if (!this.skipping && tail.length > 0) lines.push(tail);
    this.runBatch(lines);
    this.finished = true;
    const accounting = checkAccounting({
      partition: this.opts.partition,
      input: this.input,
      curated: this.curated,
      quarantined: this.quarantined,
      duplicatesDropped: this.duplicates,
    });
    return {
      quality: this.quality(),
      accounting,
      curated: this.curatedOut,
      quarantine: this.quarantineOut,
      curatedBytes: this.curatedBytes,
      quarantineBytes: this.quarantineBytes,
    };
  }

  /** One batch through the four stages, each over the whole batch, timed stage by stage. */
  private runBatch(lines: string[]): void {
    const n = this.parseBatch(lines);
    this.timer.lap('parse');
    this.validateBatch(n);
    this.timer.lap('validate');
    this.aggregateBatch(n);
    this.timer.lap('aggregate');
    this.writeBatch(lines);
    this.releaseBatch(n);
    this.timer.lap('write');
  }

  /**
   * Parse every non-blank line. The first `n` entries of `lines`, `lineNos`, `parseState` and `parsed`
   * become the batch's records (blank lines dropped); returns `n`.
   */
  private parseBatch(lines: string[]): number {
    const { lineNos, parseState, parsed } = this;
    let n = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      this.lineNo++;
      if (line.length === 0) continue;
      let state = OK;
      let value: unknown = undefined;
      if (line.length > this.maxLine) {
        state = OVERSIZED;
      } else {
        try {
          value = JSON.parse(line);
        } catch {
          if (line.trim().length === 0) continue;
          state = looksTruncated(line) ? TRUNCATED : INVALID;
        }
      }
      lines[n] = line;
      lineNos[n] = this.lineNo;
      parseState[n] = state;
      parsed[n] = value;
      n++;
    }
    return n;
  }

  /** A verdict for each record that parsed; none for those that did not. */
  private validateBatch(n: number): void {
    const { parseState, parsed, verdicts } = this;
    for (let i = 0; i < n; i++) {
      verdicts[i] = parseState[i] === OK ? validate(parsed[i], this.reg, this.slaMs, new NewVerdict()) : undefined;
    }
  }

  /** Route each record to curated, quarantine or dropped (a duplicate), and count it. */
  private aggregateBatch(n: number): void {
    const { parseState, verdicts, curatedIdx, quarantineIdx } = this;
    curatedIdx.length = 0;
    quarantineIdx.length = 0;
    for (let i = 0; i < n; i++) {
      this.input++;
      const v = verdicts[i];
      if (v === undefined) {
        this.quarantine(parseState[i] === TRUNCATED ? 'truncated_line' : 'invalid_json');
        quarantineIdx.push(i);
        continue;
      }
      if (!v.observed) {
        this.quarantine(v.reason!);
        quarantineIdx.push(i);
        continue;
      }
      const ds = this.stats(v.dataset!.index);
      if (v.reason === undefined && this.seen.has(v.eventId!)) {
        this.duplicates++;
        ds.duplicatesDropped++;
        continue;
      }
      this.count(v, ds);
      if (v.reason === 'schema_drift') {
        this.quarantine('schema_drift');
        ds.quarantined++;
        quarantineIdx.push(i);
        continue;
      }
      this.seen.add(v.eventId!);
      this.curated++;
      ds.curated++;
      curatedIdx.push(i);
    }
  }

  /** Serialize the batch's curated and quarantine records, one UTF-8 buffer each. */
  private writeBatch(lines: readonly string[]): void {
    const { lineNos, parseState, parsed, verdicts, curatedIdx, quarantineIdx } = this;
    if (curatedIdx.length > 0) {
      let out = '';
      for (const i of curatedIdx) out += curatedLine(lines[i]!, parsed[i] as Record<string, unknown>, verdicts[i]!) + '\n';
      const buf = Buffer.from(out, 'utf8');
      this.curatedOut.push(buf);
      this.curatedBytes += buf.length;
    }
    if (quarantineIdx.length > 0) {
      let out = '';
      for (const i of quarantineIdx) out += this.quarantineLine(lines[i]!, lineNos[i]!, parseState[i]!, verdicts[i]) + '\n';
      const buf = Buffer.from(out, 'utf8');
      this.quarantineOut.push(buf);
      this.quarantineBytes += buf.length;
    }
  }

  /** Let the batch's parsed objects be collected before the next chunk arrives. */
  private releaseBatch(n: number): void {
    const { parsed, verdicts } = this;
    for (let i = 0; i < n; i++) {
      parsed[i] = undefined;
      verdicts[i] = undefined;
    }
  }

  private quarantine(reason: QuarantineReason): void {
    this.quarantined++;
    this.reasons[QUARANTINE_REASONS.indexOf(reason)]!++;
  }

  private stats(index: number): MutableDatasetStats {
    let s = this.dsStats[index];
    if (s === undefined) {
      s = { events: 0, curated: 0, quarantined: 0, duplicatesDropped: 0, records: 0, bytes: 0, late: 0, lineageMissing: 0, drifted: 0 };
      this.dsStats[index] = s;
    }
    return s;
  }

  /** Count an observed (unique, envelope-sound) record's indicators. */
  private count(v: Verdict, ds: MutableDatasetStats): void {
    this.observed++;
    ds.events++;
    ds.records += v.records;
    ds.bytes += v.bytes;
    const lag = v.lagMs;
    if (v.late) {
      this.late++;
      ds.late++;
    }
    if (lag < 0) this.negativeLag++;
    if (this.maxLag === null || lag > this.maxLag) this.maxLag = lag;
    const minutes = lag / MS_PER_MINUTE;
    let b = 0;
    while (b < LAG_EDGES.length && minutes >= LAG_EDGES[b]!) b++;
    this.lagHist[b]!++;
    if (v.lineageMissing) {
      this.lineageMissing++;
      ds.lineageMissing++;
    } else {
      this.lineageComplete++;
    }
    this.byClass[v.classIdx]!++;
    this.byRole[v.roleIdx]!++;
    this.byPurpose[v.purposeIdx]!++;
    if (v.crossAccount) this.crossAccount++;
    const score = v.riskScore;
    this.byRisk[score >= RISK_CRITICAL ? LEVEL_CRITICAL : score >= RISK_HIGH ? LEVEL_HIGH : score >= RISK_MEDIUM ? LEVEL_MEDIUM : LEVEL_LOW]!++;
    this.riskSum += score;
    if (score > this.riskMax) this.riskMax = score;
    const drift = v.drift;
    if (drift !== null) {
      this.driftEvents++;
      ds.drifted++;
      if (v.reason === 'schema_drift') this.breakingEvents++;
      let kinds = 0;
      const dsName = v.dataset!.def.name;
      for (const d of drift) {
        const k = KIND_INDEX.get(d.kind)!;
        kinds |= 1 << k;
        this.fieldCounter(dsName, d.field, d.kind === 'field_added')[k]!++;
      }
      for (let k = 0; k < N_KINDS; k++) if (kinds & (1 << k)) this.driftKinds[k]!++;
    }
  }

  private fieldCounter(dataset: string, field: string, unregistered: boolean): number[] {
    let key = `${dataset}.${field}`;
    let c = this.byField.get(key);
    if (c !== undefined) return c;
    if (unregistered) {
      if (this.addedNames >= this.maxAdded) {
        key = `${dataset}.(other)`;
        c = this.byField.get(key);
        if (c !== undefined) return c;
      } else {
        this.addedNames++;
      }
    }
    c = new Array<number>(DRIFT_KINDS.length).fill(0);
    this.byField.set(key, c);
    return c;
  }

  private quarantineLine(line: string, lineNo: number, state: number, v: Verdict | undefined): string {
    if (v === undefined) {
      const oversized = state === OVERSIZED;
      return JSON.stringify({
        reason: state === TRUNCATED ? 'truncated_line' : 'invalid_json',
        detail:
          state === TRUNCATED
            ? 'the line ends before its JSON value closes'
            : oversized
              ? `line longer than ${this.maxLine} characters; raw keeps the first ${OVERSIZED_KEEP_CHARS}`
              : 'not valid JSON',
        line: lineNo,
        raw: oversized ? line.slice(0, OVERSIZED_KEEP_CHARS) : line,
      });
    }
    return JSON.stringify({
      reason: v.reason,
      detail: v.detail,
      line: lineNo,
      ...(v.eventId !== undefined ? { event_id: v.eventId } : {}),
      ...(v.dataset !== undefined ? { dataset: v.dataset.def.name } : {}),
      raw: line,
    });
  }

  private quality(): PartitionQuality {
    const byField: Record<string, Partial<Record<DriftKind, number>>> = {};
    for (const key of [...this.byField.keys()].sort()) {
      const c = this.byField.get(key)!;
      const o: Partial<Record<DriftKind, number>> = {};
      DRIFT_KINDS.forEach((k, i) => {
        if (c[i]) o[k] = c[i];
      });
      byField[key] = o;
    }
    const datasets: Record<string, DatasetStats> = {};
    const present = this.reg.datasets.filter((d) => this.dsStats[d.index] !== undefined).sort((a, b) => (a.def.name < b.def.name ? -1 : 1));
    for (const d of present) datasets[d.def.name] = { ...this.dsStats[d.index]! };
    return {
      partition: this.opts.partition,
      slaMinutes: this.opts.slaMinutes,
      input: this.input,
      curated: this.curated,
      quarantined: this.quarantined,
      duplicatesDropped: this.duplicates,
      observed: this.observed,
      quarantineReasons: record(QUARANTINE_REASONS, this.reasons),
      freshness: {
        late: this.late,
        negativeLag: this.negativeLag,
        maxLagMs: this.maxLag,
        lagHistogram: record(LAG_BUCKETS, this.lagHist) as Record<LagBucket, number>,
      },
      drift: {
        events: this.driftEvents,
        breakingEvents: this.breakingEvents,
        byKind: record(DRIFT_KINDS, this.driftKinds),
        byField,
      },
      lineage: { complete: this.lineageComplete, missing: this.lineageMissing },
      access: {
        byClassification: record(PII_CLASSES, this.byClass),
        byRole: record(ACTOR_ROLES, this.byRole),
        byPurpose: record(ACCESS_PURPOSES, this.byPurpose),
        crossAccount: this.crossAccount,
        byRiskLevel: record(RISK_LEVELS, this.byRisk),
        riskScoreSum: this.riskSum,
        maxRiskScore: this.riskMax,
      },
      datasets,
    };
  }
}

/**
 * The curated record: the event as sent, restricted to the registered schema, plus a `quality`
 * object with what the processor derived. When the line already holds nothing beyond the schema
 * (the common case), it is reused as is and only the `quality` object is appended: re-serializing
 * every record cost more than parsing it. Otherwise the record is rebuilt without the extra fields.
 */
function curatedLine(line: string, rec: Record<string, unknown>, v: Verdict): string {
  const score = v.riskScore;
  const quality =
    '"quality":{"lag_ms":' + v.lagMs + ',"late":' + v.late + ',"lineage_complete":' + !v.lineageMissing +
    ',"risk_score":' + score + ',"risk_level":"' + levelOf(score) + '"' +
    (v.added !== null ? ',"added_fields":' + JSON.stringify(v.added) : '') + '}}';
  if (v.added === null && endsWithBrace(line) && hasOnlyEnvelopeKeys(rec)) return line.slice(0, line.lastIndexOf('}')) + ',' + quality;
  const ds = v.dataset!;
  const payload = rec.payload as Record<string, unknown>;
  const p: Record<string, unknown> = {};
  for (const name of ds.names) p[name] = payload[name];
  const volume = rec.volume as Record<string, unknown>;
  const access = rec.access as Record<string, unknown>;
  const body = JSON.stringify({
    event_id: rec.event_id,
    pipeline: rec.pipeline,
    dataset: rec.dataset,
    schema_version: rec.schema_version,
    event_time: rec.event_time,
    ingest_time: rec.ingest_time,
    payload: p,
    ...(rec.lineage !== undefined ? { lineage: { upstream: v.upstream } } : {}),
    volume: { records: volume.records, bytes: volume.bytes },
    access: { classification: access.classification, actor_role: access.actor_role, purpose: access.purpose, cross_account: access.cross_account },
  });
  return body.slice(0, -1) + ',' + quality;
}

function endsWithBrace(line: string): boolean {
  let i = line.length - 1;
  while (i > 0 && isWs(line.charCodeAt(i))) i--;
  return line.charCodeAt(i) === CH_CLOSE_BRACE;
}

/** The envelope's keys, at every level, and no others (then the line needs no rewriting). */
function hasOnlyEnvelopeKeys(rec: Record<string, unknown>): boolean {
  const lineage = rec.lineage as Record<string, unknown> | undefined;
  if (countKeys(rec) !== (lineage === undefined ? ENVELOPE_KEYS : ENVELOPE_KEYS + 1)) return false;
  if (lineage !== undefined && countKeys(lineage) !== (lineage.upstream === undefined ? 0 : 1)) return false;
  return countKeys(rec.volume as object) === VOLUME_KEYS && countKeys(rec.access as object) === ACCESS_KEYS;
}

function countKeys(o: object): number {
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _k in o) n++;
  return n;
}

/**
 * True when a line that failed JSON.parse is the beginning of a JSON object or array cut short: it
 * opens with `{` or `[` and ends inside a string or with brackets still open. Anything else that
 * fails to parse is invalid JSON.
 */
export function looksTruncated(line: string): boolean {
  let i = 0;
  while (i < line.length && isWs(line.charCodeAt(i))) i++;
  const first = line.charCodeAt(i);
  if (first !== CH_OPEN_BRACE && first !== CH_OPEN_BRACKET) return false;
  let depth = 0;
  let inString = false;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === CH_BACKSLASH) i++;
      else if (c === CH_QUOTE) inString = false;
      continue;
    }
    if (c === CH_QUOTE) inString = true;
    else if (c === CH_OPEN_BRACE || c === CH_OPEN_BRACKET) depth++;
    else if (c === CH_CLOSE_BRACE || c === CH_CLOSE_BRACKET) {
      depth--;
      // Closed (or over-closed) before the end: the problem is not that the line stops early.
      if (depth <= 0) return false;
    }
  }
  return inString || depth > 0;
}

function isWs(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_LF || c === CH_CR;
}

function record<K extends string>(keys: readonly K[], values: readonly number[]): Record<K, number> {
  const o = {} as Record<K, number>;
  keys.forEach((k, i) => (o[k] = values[i]!));
  return o;
}

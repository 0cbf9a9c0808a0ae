import {
  ACCESS_PURPOSES,
  ACTOR_ROLES,
  type ActorRole,
  DRIFT_KINDS,
  type DriftKind,
  PII_CLASSES,
  type PiiClass,
  QUARANTINE_REASONS,
  type QuarantineReason,
} from '../../lib/workload/event-schema';
import type { SchemaRegistry } from '../../lib/workload/registry';
import { compileRegistry } from '../../lib/workload/validate';
import { LINE, LineClassifier, reasonIndex } from './classify';
import { fitSizes, fitZipf, LogMoments, rateEstimate, type RateEstimate, type SizeFit, type ZipfFit } from './stats';

/**
 * The second pass of `scenario infer`: every line of the sample classified against the registry (the
 * given one or the inferred one) the way the processor would, and counted. Denominators follow the
 * scenario's own definitions (simulator/scenario/schema.ts, EVENT-SCHEMA.md):
 * - duplicateRate: duplicates over all lines;
 * - corruptRate: records quarantined for anything but schema drift, over lines that are not duplicates;
 * - late, drift (and each kind), lineage-missing and cross-account: over observed records (a sound
 *   envelope, not a duplicate), as the processor counts its indicators;
 * - the PII class, actor role and purpose mixes: shares of observed records.
 *
 * Pure: lines in, estimates out. Holds counts only, never a value of the sample.
 */

export interface SampleEstimates {
  readonly files: number;
  /** Non-blank lines per input file, in input order. */
  readonly linesPerFile: readonly number[];
  readonly lines: number;
  readonly observed: number;
  readonly slaMinutes: number;
  readonly duplicate: RateEstimate;
  readonly corrupt: RateEstimate;
  readonly quarantineReasons: Readonly<Record<QuarantineReason, number>>;
  readonly late: RateEstimate;
  readonly drift: RateEstimate;
  readonly driftByKind: Readonly<Record<DriftKind, RateEstimate>>;
  readonly breakingDrift: number;
  readonly lineageMissing: RateEstimate;
  readonly crossAccount: RateEstimate;
  /** Observed records per PII class, actor role and purpose. */
  readonly piiClasses: Readonly<Record<PiiClass, number>>;
  readonly actorRoles: Readonly<Record<ActorRole, number>>;
  readonly purposes: Readonly<Record<(typeof ACCESS_PURPOSES)[number], number>>;
  /** Distinct datasets and pipelines among observed records. */
  readonly datasets: number;
  /** Observed records per dataset of the registry, by registry index. */
  readonly observedByDataset: readonly number[];
  readonly pipelines: number;
  /** Payload bytes of observed records (the scenario's eventSize). */
  readonly payloadSize: SizeFit;
  /** Mean bytes per line, newline included. */
  readonly meanLineBytes: number;
  /** Zipf exponent of the files' event counts. */
  readonly skew: ZipfFit;
}

const MAX_PIPELINES = 1000;

export class SampleEstimator {
  private readonly classifier: LineClassifier;
  private readonly perFile: number[] = [];
  private lines = 0;
  private lineBytes = 0;
  private duplicates = 0;
  private quarantinedOther = 0;
  private observed = 0;
  private late = 0;
  private lineageMissing = 0;
  private crossAccount = 0;
  private drift = 0;
  private breaking = 0;
  private readonly kinds = new Array<number>(DRIFT_KINDS.length).fill(0);
  private readonly reasons = new Array<number>(QUARANTINE_REASONS.length).fill(0);
  private readonly classes = new Array<number>(PII_CLASSES.length).fill(0);
  private readonly roles = new Array<number>(ACTOR_ROLES.length).fill(0);
  private readonly purposes = new Array<number>(ACCESS_PURPOSES.length).fill(0);
  private readonly byDataset: number[];
  private readonly pipelinesSeen = new Set<string>();
  private pipelinesOver = false;
  private readonly sizes = new LogMoments();

  constructor(
    registry: SchemaRegistry,
    private readonly slaMinutes: number,
  ) {
    this.classifier = new LineClassifier(compileRegistry(registry), slaMinutes);
    this.byDataset = new Array<number>(registry.datasets.length).fill(0);
  }

  /** Lines that follow belong to the next input file (a partition, for the skew). */
  beginFile(): void {
    this.perFile.push(0);
  }

  /** One line without its newline; `bytes` is its size on disk (uncompressed, newline included). */
  add(line: string, bytes: number, oversized = false): void {
    const c = this.classifier;
    const kind = c.classify(line, oversized);
    if (kind === LINE.blank) return;
    if (this.perFile.length === 0) this.perFile.push(0);
    this.perFile[this.perFile.length - 1]!++;
    this.lines++;
    this.lineBytes += bytes;
    if (kind === LINE.duplicate) {
      this.duplicates++;
      return;
    }
    if (kind === LINE.quarantined) {
      this.reasons[reasonIndex(c.reason!)]!++;
      if (c.reason !== 'schema_drift') {
        this.quarantinedOther++;
        return;
      }
    }
    // Observed: curated, or quarantined for drift.
    const v = c.verdict;
    this.observed++;
    if (v.late) this.late++;
    if (v.lineageMissing) this.lineageMissing++;
    if (v.crossAccount) this.crossAccount++;
    this.classes[v.classIdx]!++;
    this.roles[v.roleIdx]!++;
    this.purposes[v.purposeIdx]!++;
    this.byDataset[v.dataset!.index]!++;
    const rec = c.parsed as { pipeline: string; payload: object };
    if (this.pipelinesSeen.size < MAX_PIPELINES) this.pipelinesSeen.add(rec.pipeline);
    else if (!this.pipelinesSeen.has(rec.pipeline)) this.pipelinesOver = true;
    if (c.driftKinds !== 0) {
      this.drift++;
      if (kind === LINE.quarantined) this.breaking++;
      for (let k = 0; k < DRIFT_KINDS.length; k++) if (c.driftKinds & (1 << k)) this.kinds[k]!++;
    }
    this.sizes.add(Buffer.byteLength(JSON.stringify(rec.payload)));
  }

  result(): SampleEstimates {
    const byKind = {} as Record<DriftKind, RateEstimate>;
    DRIFT_KINDS.forEach((k, i) => (byKind[k] = rateEstimate(this.kinds[i]!, this.observed)));
    return {
      files: this.perFile.length,
      linesPerFile: [...this.perFile],
      lines: this.lines,
      observed: this.observed,
      slaMinutes: this.slaMinutes,
      duplicate: rateEstimate(this.duplicates, this.lines),
      corrupt: rateEstimate(this.quarantinedOther, this.lines - this.duplicates),
      quarantineReasons: record(QUARANTINE_REASONS, this.reasons),
      late: rateEstimate(this.late, this.observed),
      drift: rateEstimate(this.drift, this.observed),
      driftByKind: byKind,
      breakingDrift: this.breaking,
      lineageMissing: rateEstimate(this.lineageMissing, this.observed),
      crossAccount: rateEstimate(this.crossAccount, this.observed),
      piiClasses: record(PII_CLASSES, this.classes),
      actorRoles: record(ACTOR_ROLES, this.roles),
      purposes: record(ACCESS_PURPOSES, this.purposes),
      datasets: this.byDataset.filter((n) => n > 0).length,
      observedByDataset: [...this.byDataset],
      pipelines: this.pipelinesSeen.size + (this.pipelinesOver ? 1 : 0),
      payloadSize: fitSizes(this.sizes),
      meanLineBytes: this.lines ? this.lineBytes / this.lines : 0,
      skew: fitZipf(this.perFile),
    };
  }
}

function record<K extends string>(keys: readonly K[], values: readonly number[]): Record<K, number> {
  const o = {} as Record<K, number>;
  keys.forEach((k, i) => (o[k] = values[i]!));
  return o;
}

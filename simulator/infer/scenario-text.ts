import { ACTOR_ROLES, DRIFT_KINDS, PII_CLASSES } from '../../lib/workload/event-schema';
import { MAX_EVENTS, MAX_PARTITIONS } from '../scenario/schema';
import type { SampleEstimates } from './estimate';
import type { RateEstimate } from './stats';

/**
 * The inferred scenario as YAML (with a comment on every estimated value: its confidence, or why it
 * was not estimated) and the short summary `scenario infer` prints. Pure: estimates in, text out.
 *
 * A value the sample is too small to estimate is never guessed: the scenario gets the neutral value
 * (0 for a rate: nothing injected; 0 for skew: equal partitions) and the comment and the summary say
 * NOT ESTIMATED, so a reader sees what to set by hand.
 */

/** First line of every scenario `scenario infer` writes; how it recognises its own file when asked to replace it. */
export const INFERRED_SCENARIO_HEADER = '# Inferred by `scalesim scenario infer` from a sample of real events.';

/** Events per partition when the sample is one file: the baseline's 1M events in 32 partitions. */
const EVENTS_PER_PARTITION = 31_250;

export interface InferredScenarioOptions {
  readonly name: string;
  readonly seed: number;
  /** The registry file, relative to the scenario (it is written next to it). */
  readonly registryFile: string;
  /** Datasets and pipelines the registry holds (workload.datasets / pipelines cannot exceed them). */
  readonly registryDatasets: number;
  readonly registryPipelines: number;
  readonly compression: 'none' | 'gzip';
  /** sha256 of the sample's bytes, recorded in the description. */
  readonly sampleSha256: string;
  /** Overrides of the volume (`--events`, `--partitions`). */
  readonly events?: number;
  readonly partitions?: number;
  /** Where the registry came from, for the description. */
  readonly registrySource: 'given' | 'inferred';
}

export interface InferredWorkload {
  readonly events: number;
  readonly partitions: number;
  readonly datasets: number;
  readonly pipelines: number;
}

function inferredVolume(e: SampleEstimates, o: Pick<InferredScenarioOptions, 'events' | 'partitions' | 'registryDatasets' | 'registryPipelines'>): InferredWorkload {
  const events = Math.min(MAX_EVENTS, o.events ?? Math.max(1, e.lines));
  const byFiles = e.files > 1 ? e.files : Math.round(events / EVENTS_PER_PARTITION);
  const partitions = Math.max(1, Math.min(events, MAX_PARTITIONS, o.partitions ?? byFiles));
  return {
    events,
    partitions,
    datasets: Math.max(1, Math.min(o.registryDatasets, e.datasets || o.registryDatasets)),
    pipelines: Math.max(1, Math.min(o.registryPipelines, e.pipelines || 1)),
  };
}

/** A rate for the YAML: four significant digits, 0 when not estimated. */
function yamlRate(r: RateEstimate): number {
  return r.rate === null ? 0 : Number(r.rate.toPrecision(4));
}

function pct(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)}%`;
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}

/** `3.01% (95% CI 2.90–3.12%; 2,934 of 97,483 observed)` or `NOT ESTIMATED: too small ...`. */
function describeRate(r: RateEstimate, over: string): string {
  if (r.rate === null) return `NOT ESTIMATED: ${r.notEstimated}`;
  const digits = r.rate > 0 && r.rate < 0.001 ? 3 : 2;
  return `${pct(r.rate, digits)} (95% CI ${pct(r.low!, digits)}–${pct(r.high!, digits)}; ${int(r.count)} of ${int(r.of)} ${over})`;
}

/** Counts as percentage weights (two decimals; a seen class never rounds to 0). */
function weights<K extends string>(keys: readonly K[], counts: Readonly<Record<K, number>>): string {
  const total = keys.reduce((n, k) => n + counts[k], 0);
  const parts = keys.filter((k) => counts[k] > 0).map((k) => `${k}: ${Math.max(0.01, Math.round((counts[k] / total) * 10_000) / 100)}`);
  return `{ ${parts.join(', ')} }`;
}

function mixComment<K extends string>(keys: readonly K[], counts: Readonly<Record<K, number>>, observed: number): string {
  const total = keys.reduce((n, k) => n + counts[k], 0);
  return total >= MIN_MIX_EVENTS ? `shares of ${int(total)} observed events` : `NOT ESTIMATED: too small to estimate: ${observed} observed events, at least ${MIN_MIX_EVENTS} needed; equal weights`;
}

/** Fewer observed events than this, and a mix (PII classes, actor roles) is not estimated: equal weights. */
const MIN_MIX_EVENTS = 30;
/** Event size when the sample cannot estimate one: the baseline scenario's. */
const BASELINE_EVENT_SIZE = { medianBytes: 220, sigma: 0.4 } as const;
/** The bounds the scenario schema puts on the event size and the skew. */
const EVENT_SIZE_BYTES = { min: 16, max: 1_000_000 } as const;
const MAX_SIGMA = 3;
const MAX_ZIPF = 3;

export function inferredScenarioText(e: SampleEstimates, o: InferredScenarioOptions): string {
  const description =
    `Inferred from a sample of ${int(e.lines)} events in ${e.files} file${e.files === 1 ? '' : 's'} (sha256 ${o.sampleSha256.slice(0, 16)}), ` +
    `registry ${o.registrySource === 'given' ? 'given' : 'inferred from the dominant payload shapes'}. Volume, rates, mixes and sizes are estimates; ` +
    'the sizing, SLA, budget and schedule are the baseline scenario\'s: set them for your platform.';
  return `${INFERRED_SCENARIO_HEADER}
# Every estimate carries its 95% confidence interval; NOT ESTIMATED marks a value the sample was too small for.
name: ${o.name}
description: >-
  ${description}
seed: ${o.seed}
region: us-east-1

workload:
${volumeYaml(e, o)}
${shapeYaml(e)}
${qualityYaml(e)}
  compression: ${o.compression}
  schemaRegistry: ${o.registryFile}
${BASELINE_SIZING_YAML}`;
}

/** `workload`: events, partitions, datasets and pipelines. */
function volumeYaml(e: SampleEstimates, o: InferredScenarioOptions): string {
  const v = inferredVolume(e, o);
  return `  events: ${v.events}  # ${o.events !== undefined ? 'from --events' : 'the sample\'s lines: one run replays one sample\'s worth'}
  partitions: ${v.partitions}  # ${o.partitions !== undefined ? 'from --partitions' : e.files > 1 ? 'one per input file' : `one per ${int(EVENTS_PER_PARTITION)} events (the sample is one file)`}
  datasets: ${v.datasets}      # distinct datasets among observed events
  pipelines: ${v.pipelines}    # distinct pipelines among observed events`;
}

/** `workload.eventSize` and `workload.skew`: the fitted size distribution and the Zipf exponent, within the schema's bounds. */
function shapeYaml(e: SampleEstimates): string {
  const size = e.payloadSize;
  const sizeOk = size.notEstimated === undefined;
  const median = sizeOk ? Math.min(EVENT_SIZE_BYTES.max, Math.max(EVENT_SIZE_BYTES.min, Math.round(size.medianBytes))) : BASELINE_EVENT_SIZE.medianBytes;
  const sigma = sizeOk ? Math.min(MAX_SIGMA, Number(size.sigma.toFixed(3))) : BASELINE_EVENT_SIZE.sigma;
  const zipf = e.skew.exponent === null ? 0 : Math.min(MAX_ZIPF, Number(e.skew.exponent.toFixed(3)));
  return `  eventSize:
    distribution: ${sizeOk ? size.distribution : 'lognormal'}
    medianBytes: ${median}  # ${sizeOk ? `payload bytes, 95% CI ${size.medianLow.toFixed(1)}–${size.medianHigh.toFixed(1)}; observed p10/p90 ${Math.round(size.observed.p10)}/${Math.round(size.observed.p90)}, fitted ${Math.round(size.fitted.p10)}/${Math.round(size.fitted.p90)}` : `NOT ESTIMATED (${size.notEstimated}): baseline value, set it by hand`}
    sigma: ${sigma}
  skew:
    zipfExponent: ${zipf}  # ${e.skew.exponent === null ? `NOT ESTIMATED (${e.skew.notEstimated}); 0 = equal partitions` : `fitted to ${e.skew.partitions} files' event counts${e.skew.stderr !== null ? `, ±${(1.96 * e.skew.stderr).toFixed(3)} (95%)` : ''}`}`;
}

/** Equal weights over `keys`, for a mix the sample cannot estimate. */
function equalWeights(keys: readonly string[]): string {
  return `{ ${keys.map((k) => `${k}: 1`).join(', ')} }`;
}

/** `workload` freshness, drift, lineage, access and the corrupt and duplicate rates, each with its interval. */
function qualityYaml(e: SampleEstimates): string {
  const driftTotal = DRIFT_KINDS.reduce((n, k) => n + e.driftByKind[k].count, 0);
  const kinds = driftTotal > 0 ? weights(DRIFT_KINDS, Object.fromEntries(DRIFT_KINDS.map((k) => [k, e.driftByKind[k].count])) as Record<(typeof DRIFT_KINDS)[number], number>) : equalWeights(DRIFT_KINDS);
  const mixOk = e.observed >= MIN_MIX_EVENTS;
  const pii = mixOk ? weights(PII_CLASSES, e.piiClasses) : equalWeights(PII_CLASSES);
  const roles = mixOk ? weights(ACTOR_ROLES, e.actorRoles) : equalWeights(ACTOR_ROLES);
  const c = (r: RateEstimate, over: string) => `# ${describeRate(r, over).replace(/^NOT ESTIMATED: (.*)$/, 'NOT ESTIMATED ($1); 0 = none injected, set it by hand')}`;
  return `  freshness:
    slaMinutes: ${e.slaMinutes}
    lateRate: ${yamlRate(e.late)}  ${c(e.late, 'observed')}
  schemaDrift:
    rate: ${yamlRate(e.drift)}  ${c(e.drift, 'observed')}
    kinds: ${kinds}
  lineage:
    missingRate: ${yamlRate(e.lineageMissing)}  ${c(e.lineageMissing, 'observed')}
  access:
    piiClasses: ${pii}  # ${mixComment(PII_CLASSES, e.piiClasses, e.observed)}
    actorRoles: ${roles}  # ${mixComment(ACTOR_ROLES, e.actorRoles, e.observed)}
    crossAccountRate: ${yamlRate(e.crossAccount)}  ${c(e.crossAccount, 'observed')}
  duplicateRate: ${yamlRate(e.duplicate)}  ${c(e.duplicate, 'lines')}
  corruptRate: ${yamlRate(e.corrupt)}  ${c(e.corrupt, 'non-duplicate lines')}`;
}

/** What a sample cannot tell: the baseline scenario's sizing, SLA, budget and schedule, and how to replay the sample. */
const BASELINE_SIZING_YAML = `
singleNode:
  fargate: { vcpu: 2, memoryMiB: 4096, architecture: arm64 }
  timeoutMinutes: 60

distributed:
  lambda: { memoryMiB: 1769, timeoutSeconds: 300, architecture: arm64, reservedConcurrency: 20 }
  map: { maxConcurrency: 16, partitionsPerInvocation: 1, mode: auto }
  timeoutMinutes: 60

sla:
  deadlineMinutes: 30
budget:
  perRunUsd: 0.50
  perMonthUsd: 50
schedule:
  runsPerMonth: 30

# To replay the sample itself rather than synthetic events shaped like it, add under workload:
#   source: { sample: <the sample, inside this folder>, mode: resample }
`;

export interface SummaryOptions {
  readonly scenarioFile: string;
  readonly registryFile: string;
  readonly registrySource: 'given' | 'inferred';
  readonly warnings: readonly string[];
}

/** The lines `scenario infer` prints: one estimate per line, each with its confidence. */
export function inferSummary(e: SampleEstimates, o: SummaryOptions): string {
  const lines: string[] = [];
  lines.push(`sample: ${int(e.lines)} events in ${e.files} file${e.files === 1 ? '' : 's'}, ${int(e.observed)} observed (sound envelope, not a duplicate); ${Math.round(e.meanLineBytes)} bytes per line`);
  const size = e.payloadSize;
  lines.push(
    size.notEstimated
      ? `  payload size    NOT ESTIMATED: ${size.notEstimated}`
      : `  payload size    ${size.distribution}, median ${Math.round(size.medianBytes)} B (95% CI ${size.medianLow.toFixed(1)}–${size.medianHigh.toFixed(1)}), σ ${size.sigma.toFixed(3)}; p10/p90 observed ${Math.round(size.observed.p10)}/${Math.round(size.observed.p90)} B, fitted ${Math.round(size.fitted.p10)}/${Math.round(size.fitted.p90)} B`,
  );
  lines.push(
    e.skew.exponent === null
      ? `  partition skew  NOT ESTIMATED: ${e.skew.notEstimated}`
      : `  partition skew  Zipf ${e.skew.exponent.toFixed(3)}${e.skew.stderr !== null ? ` ± ${(1.96 * e.skew.stderr).toFixed(3)} (95%)` : ''} over ${e.skew.partitions} files`,
  );
  lines.push(`  late            ${describeRate(e.late, 'observed')} against a ${e.slaMinutes}-minute SLA`);
  lines.push(`  schema drift    ${describeRate(e.drift, 'observed')} against the ${o.registrySource} registry`);
  for (const k of DRIFT_KINDS) lines.push(`    ${k.padEnd(14)}${describeRate(e.driftByKind[k], 'observed')}`);
  lines.push(`  lineage missing ${describeRate(e.lineageMissing, 'observed')}`);
  lines.push(`  duplicates      ${describeRate(e.duplicate, 'lines')}`);
  const reasons = Object.entries(e.quarantineReasons).filter(([r, n]) => r !== 'schema_drift' && n > 0).map(([r, n]) => `${r} ${int(n)}`).join(', ');
  lines.push(`  corrupt         ${describeRate(e.corrupt, 'non-duplicate lines')}${reasons ? `: ${reasons}` : ''}`);
  lines.push(`  cross-account   ${describeRate(e.crossAccount, 'observed')}`);
  lines.push(`  PII classes     ${mixLine(PII_CLASSES, e.piiClasses)}`);
  lines.push(`  actor roles     ${mixLine(ACTOR_ROLES, e.actorRoles)}`);
  lines.push(`  datasets ${e.datasets}, pipelines ${e.pipelines} (distinct, among observed events)`);
  for (const w of o.warnings.slice(0, 10)) lines.push(`warning: ${w}`);
  if (o.warnings.length > 10) lines.push(`warning: (and ${o.warnings.length - 10} more)`);
  lines.push(`wrote ${o.scenarioFile} and ${o.registryFile} (${o.registrySource === 'given' ? 'the given registry, observed datasets first' : 'inferred from the dominant payload shapes'})`);
  return `${lines.join('\n')}\n`;
}

function mixLine<K extends string>(keys: readonly K[], counts: Readonly<Record<K, number>>): string {
  const total = keys.reduce((n, k) => n + counts[k], 0);
  if (total < 30) return `NOT ESTIMATED: too small to estimate: ${total} observed events, at least 30 needed`;
  return keys
    .filter((k) => counts[k] > 0)
    .sort((a, b) => counts[b] - counts[a])
    .map((k) => `${k} ${pct(counts[k] / total, 1)}`)
    .join(', ');
}

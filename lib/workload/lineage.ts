import * as crypto from 'crypto';
import type { PartitionAccounting } from './contract';
import type { PartitionQuality } from './quality';

/**
 * OpenLineage RunEvents for one partition's processing run (spec 2-0-2): START when it begins, then
 * COMPLETE or FAIL. Pure: times come in as arguments.
 *
 * The run id is a name-based UUID (v5) of `<runId>/<partition>`, so a retried partition reports the
 * same run, matching the whole-object overwrite of its other outputs. The parent facet ties each
 * partition run to the design's run (`scalesim.<design>`, a UUID of `<runId>`).
 */

const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
/** The producer URI: a URN, as the spec allows any URI and scalesim has no canonical web address. */
const PRODUCER = 'urn:scalesim:workload:0.1.0';
const JOB_NAMESPACE = 'scalesim';

const FACET_URLS = {
  parent: 'https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json#/$defs/ParentRunFacet',
  errorMessage: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
  dataQualityMetrics: 'https://openlineage.io/spec/facets/1-0-2/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet',
  dataQualityAssertions: 'https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet',
  outputStatistics: 'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet',
} as const;

export type RunEventType = 'START' | 'COMPLETE' | 'FAIL';

export interface BaseFacet {
  readonly _producer: string;
  readonly _schemaURL: string;
}

export interface LineageDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: Readonly<Record<string, BaseFacet>>;
  readonly inputFacets?: Readonly<Record<string, BaseFacet>>;
  readonly outputFacets?: Readonly<Record<string, BaseFacet>>;
}

export interface RunEvent {
  readonly eventType: RunEventType;
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
  readonly run: { readonly runId: string; readonly facets?: Readonly<Record<string, BaseFacet>> };
  readonly job: { readonly namespace: string; readonly name: string; readonly facets?: Readonly<Record<string, BaseFacet>> };
  readonly inputs: readonly LineageDataset[];
  readonly outputs: readonly LineageDataset[];
}

/** Where the partition came from and went to. */
export interface LineageContext {
  readonly runId: string;
  readonly partition: string;
  readonly design: string;
  readonly input: { readonly namespace: string; readonly name: string };
  readonly curated: { readonly namespace: string; readonly name: string };
  readonly quarantine: { readonly namespace: string; readonly name: string };
}

/** RFC 4122 name-based UUID, version 5 (SHA-1), in scalesim's namespace. */
export function uuidV5(name: string): string {
  // The namespace is itself a v5 UUID of "scalesim" in the URL namespace; fixed, so ids are stable.
  const ns = Buffer.from('4f1a8e6c9d2b5a7e8c3f0b1d2e4a6c8f', 'hex');
  const h = crypto.createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

function facet<T extends object>(url: string, body: T): BaseFacet & T {
  return { _producer: PRODUCER, _schemaURL: url, ...body };
}

function base(ctx: LineageContext, eventType: RunEventType, eventTime: number, runFacets: Record<string, BaseFacet> = {}) {
  return {
    eventType,
    eventTime: new Date(eventTime).toISOString(),
    producer: PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: {
      runId: uuidV5(`${ctx.runId}/${ctx.partition}`),
      facets: {
        parent: facet(FACET_URLS.parent, {
          run: { runId: uuidV5(ctx.runId) },
          job: { namespace: JOB_NAMESPACE, name: `scalesim.${ctx.design}` },
        }),
        ...runFacets,
      },
    },
    job: { namespace: JOB_NAMESPACE, name: `scalesim.${ctx.design}.process_partition` },
  };
}

export function lineageStart(ctx: LineageContext, eventTime: number): RunEvent {
  return { ...base(ctx, 'START', eventTime), inputs: [{ ...ctx.input }], outputs: [] };
}

export function lineageFail(ctx: LineageContext, eventTime: number, message: string): RunEvent {
  return {
    ...base(ctx, 'FAIL', eventTime, {
      errorMessage: facet(FACET_URLS.errorMessage, { message, programmingLanguage: 'JavaScript' }),
    }),
    inputs: [{ ...ctx.input }],
    outputs: [],
  };
}

/**
 * COMPLETE, with the partition's data quality on the input: metrics (row count, bytes, per-column
 * counts) and assertions, one per quality check, each passing only when nothing was found.
 */
export function lineageComplete(
  ctx: LineageContext,
  eventTime: number,
  q: PartitionQuality,
  accounting: PartitionAccounting,
  sizes: { readonly inputBytes: number; readonly curatedBytes: number; readonly quarantineBytes: number },
): RunEvent {
  const corrupt = q.quarantined - q.quarantineReasons.schema_drift;
  return {
    ...base(ctx, 'COMPLETE', eventTime),
    inputs: [
      {
        ...ctx.input,
        inputFacets: {
          dataQualityMetrics: facet(FACET_URLS.dataQualityMetrics, {
            rowCount: q.input,
            bytes: sizes.inputBytes,
            fileCount: 1,
            columnMetrics: {
              event_id: { count: q.observed, distinctCount: q.curated },
              ingest_time: { count: q.observed, ...(q.freshness.maxLagMs !== null ? { max: q.freshness.maxLagMs } : {}) },
              'lineage.upstream': { count: q.observed, nullCount: q.lineage.missing },
              'access.risk_score': { count: q.observed, sum: q.access.riskScoreSum, max: q.access.maxRiskScore },
            },
          }),
          dataQualityAssertions: facet(FACET_URLS.dataQualityAssertions, {
            assertions: [
              { assertion: 'accounting_invariant', success: accounting.input === accounting.curated + accounting.quarantined + accounting.duplicatesDropped },
              { assertion: 'records_parse_and_type_check', success: corrupt === 0 },
              { assertion: 'schema_matches_registry', success: q.drift.events === 0, column: 'payload' },
              { assertion: 'freshness_within_sla', success: q.freshness.late === 0, column: 'ingest_time' },
              { assertion: 'lineage_complete', success: q.lineage.missing === 0, column: 'lineage.upstream' },
              { assertion: 'unique_event_id', success: q.duplicatesDropped === 0, column: 'event_id' },
            ],
          }),
        },
      },
    ],
    outputs: [
      {
        ...ctx.curated,
        outputFacets: { outputStatistics: facet(FACET_URLS.outputStatistics, { rowCount: q.curated, size: sizes.curatedBytes, fileCount: 1 }) },
      },
      {
        ...ctx.quarantine,
        outputFacets: { outputStatistics: facet(FACET_URLS.outputStatistics, { rowCount: q.quarantined, size: sizes.quarantineBytes, fileCount: 1 }) },
      },
    ],
  };
}

import type { z } from 'zod';
import { probeResultSchema, designAccessSchema, accessComparisonSchema } from './access';
import { designCostRecordSchema } from './cost';
import { bottleneckSchema, invocationStatsSchema } from './design';
import { faultEvidenceSchema } from './faults';
import { modelResultSchema } from './model';
import { alternativeSchema, comparisonSchema, recommendationSchema, RESULTS_SCHEMA_VERSION } from './results';
import { designUsageSchema } from './usage';
import { runSummarySchema } from '../../lib/workload/records';
import { DESIGNS } from '../../lib/workload/contract';

/**
 * Brings a results.json of an older `schemaVersion` to the current one. Pure: takes the parsed JSON,
 * returns new JSON (the input is not modified); validation comes after (validate.ts).
 *
 * Version 1 kept `cost`, `access`, `quality`, `usage`, `faults`, `comparison`, `model`, `accessProbe` and
 * `profile.invocations` unchecked (`unknown`), and its report treated a section of an unexpected shape as
 * absent. Version 2 types every section. The migration fills what version 1 writers could leave out
 * (`holds` of a crossover point, `matrix.capabilities` of an access record), then checks each of those
 * sections against its version 2 schema: a section that still does not fit is dropped, and the drop is
 * recorded in `migratedFrom.dropped` with the reason, so the report can say what it could not show.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function migrateResults(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  if (raw.schemaVersion === 1) return plainOutputsBefore14(fromV1(structuredClone(raw)));
  if (raw.schemaVersion === 2 && isObject(raw.workload) && raw.workload.outputCompression === undefined) return plainOutputsBefore14(structuredClone(raw));
  return raw;
}

/**
 * A results file without `workload.outputCompression` was written before the workload compressed its
 * outputs, so its curated and quarantine zones hold plain NDJSON. Its `scenario.spec` has no
 * `outputCompression` either, and the scenario schema's default (gzip) would misstate the run it
 * describes (a projection from that spec would price compressed outputs): both say `none`.
 */
function plainOutputsBefore14(r: Json): Json {
  if (!isObject(r.workload) || r.workload.outputCompression !== undefined) return r;
  r.workload.outputCompression = 'none';
  const spec = isObject(r.scenario) ? r.scenario.spec : undefined;
  if (isObject(spec) && isObject(spec.workload) && spec.workload.outputCompression === undefined) spec.workload.outputCompression = 'none';
  return r;
}

function fromV1(r: Json): Json {
  const dropped: string[] = [];
  /** Keeps `holder[key]` when it fits `schema`, else deletes it and records why. */
  const check = (holder: Json, key: string, schema: z.ZodType, at: string) => {
    if (holder[key] === undefined) return;
    const parsed = schema.safeParse(holder[key]);
    if (parsed.success) return;
    const issue = parsed.error.issues[0]!;
    const where = [at, ...issue.path.map(String)].join('.');
    dropped.push(`${where}: ${issue.message}`);
    delete holder[key];
  };

  if (isObject(r.model) && isObject(r.model.crossover)) {
    for (const point of Object.values(r.model.crossover)) {
      // Before `holds` existed, a crossover volume meant "distributed wins from here up".
      if (isObject(point) && point.holds === undefined) point.holds = point.volume === null ? 'nowhere' : 'above';
    }
  }
  check(r, 'model', modelResultSchema, 'model');
  check(r, 'accessProbe', probeResultSchema, 'accessProbe');
  if (isObject(r.comparison)) check(r.comparison, 'access', accessComparisonSchema, 'comparison.access');
  check(r, 'comparison', comparisonSchema, 'comparison');
  check(r, 'alternatives', alternativeSchema.array(), 'alternatives');
  check(r, 'recommendation', recommendationSchema, 'recommendation');

  const designs = isObject(r.designs) ? r.designs : {};
  for (const d of DESIGNS) {
    const x = designs[d];
    if (!isObject(x)) continue;
    const at = `designs.${d}`;
    if (isObject(x.access) && isObject(x.access.matrix) && x.access.matrix.capabilities === undefined) x.access.matrix.capabilities = [];
    check(x, 'usage', designUsageSchema, `${at}.usage`);
    check(x, 'cost', designCostRecordSchema, `${at}.cost`);
    check(x, 'access', designAccessSchema, `${at}.access`);
    check(x, 'quality', runSummarySchema, `${at}.quality`);
    check(x, 'faults', faultEvidenceSchema, `${at}.faults`);
    check(x, 'bottleneck', bottleneckSchema, `${at}.bottleneck`);
    if (isObject(x.profile)) check(x.profile, 'invocations', invocationStatsSchema, `${at}.profile.invocations`);
  }
  return { ...r, schemaVersion: RESULTS_SCHEMA_VERSION, migratedFrom: { schemaVersion: 1, dropped } };
}

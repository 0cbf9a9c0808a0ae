/**
 * A structural check of an OpenLineage RunEvent against the spec (OpenLineage.json 2-0-2 and the
 * facet schemas scalesim emits): required fields, formats (uuid, date-time, uri), the eventType
 * enum, and each facet's own required fields. Returns the problems found; empty means valid.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const URI = /^[a-z][a-z0-9+.-]*:\S+$/i;
const EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'];

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateRunEvent(e: unknown): string[] {
  const errs: string[] = [];
  const need = (cond: boolean, msg: string) => {
    if (!cond) errs.push(msg);
  };
  if (!isObj(e)) return ['event: not an object'];
  need(typeof e.eventTime === 'string' && DATE_TIME.test(e.eventTime) && !Number.isNaN(Date.parse(e.eventTime)), 'eventTime: required date-time');
  need(typeof e.producer === 'string' && URI.test(e.producer), 'producer: required uri');
  need(typeof e.schemaURL === 'string' && URI.test(e.schemaURL) && e.schemaURL.includes('OpenLineage.json#/$defs/RunEvent'), 'schemaURL: required, the RunEvent definition');
  if (e.eventType !== undefined) need(EVENT_TYPES.includes(e.eventType as string), `eventType: not one of ${EVENT_TYPES.join(', ')}`);
  const run = e.run;
  need(isObj(run) && typeof run.runId === 'string' && UUID.test(run.runId), 'run.runId: required uuid');
  if (isObj(run) && run.facets !== undefined) facets(run.facets, 'run.facets', errs);
  const job = e.job;
  need(isObj(job) && typeof job.namespace === 'string' && job.namespace.length > 0 && typeof job.name === 'string' && job.name.length > 0, 'job: namespace and name required');
  for (const side of ['inputs', 'outputs'] as const) {
    const list = e[side];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      errs.push(`${side}: must be a list`);
      continue;
    }
    list.forEach((d: unknown, i: number) => {
      const p = `${side}[${i}]`;
      if (!isObj(d)) return errs.push(`${p}: not an object`);
      need(typeof d.namespace === 'string' && d.namespace.length > 0 && typeof d.name === 'string' && d.name.length > 0, `${p}: namespace and name required`);
      for (const f of ['facets', 'inputFacets', 'outputFacets']) if (d[f] !== undefined) facets(d[f], `${p}.${f}`, errs);
      return undefined;
    });
  }
  return errs;
}

function facets(fs: unknown, path: string, errs: string[]): void {
  if (!isObj(fs)) {
    errs.push(`${path}: must be an object`);
    return;
  }
  for (const [name, f] of Object.entries(fs)) {
    const p = `${path}.${name}`;
    if (!isObj(f)) {
      errs.push(`${p}: not an object`);
      continue;
    }
    if (!(typeof f._producer === 'string' && URI.test(f._producer))) errs.push(`${p}._producer: required uri`);
    if (!(typeof f._schemaURL === 'string' && URI.test(f._schemaURL) && f._schemaURL.includes(`#/$defs/`))) errs.push(`${p}._schemaURL: required uri`);
    const req = (cond: boolean, what: string) => {
      if (!cond) errs.push(`${p}: ${what}`);
    };
    switch (name) {
      case 'dataQualityMetrics':
        req(isObj(f.columnMetrics), 'columnMetrics required');
        for (const k of ['rowCount', 'bytes', 'fileCount']) if (f[k] !== undefined) req(Number.isInteger(f[k]), `${k} must be an integer`);
        break;
      case 'dataQualityAssertions':
        req(Array.isArray(f.assertions) && (f.assertions as unknown[]).every((a) => isObj(a) && typeof a.assertion === 'string' && typeof a.success === 'boolean'), 'assertions [{assertion, success}] required');
        break;
      case 'errorMessage':
        req(typeof f.message === 'string' && typeof f.programmingLanguage === 'string', 'message and programmingLanguage required');
        break;
      case 'parent':
        req(isObj(f.run) && typeof f.run.runId === 'string' && UUID.test(f.run.runId), 'run.runId uuid required');
        req(isObj(f.job) && typeof f.job.namespace === 'string' && typeof f.job.name === 'string', 'job namespace and name required');
        break;
      case 'outputStatistics':
        req(Number.isInteger(f.rowCount), 'rowCount integer required');
        break;
    }
  }
}

import { LineageContext, lineageComplete, lineageFail, lineageStart, uuidV5 } from '../../../lib/workload/lineage';
import { ev, lines, runCore } from './fixtures';
import { validateRunEvent } from './openlineage-validator';

const ctx: LineageContext = {
  runId: 'baseline-distributed-1a2b',
  partition: 'part-00003.ndjson.gz',
  design: 'distributed',
  input: { namespace: 's3://raw-bucket', name: 'baseline-distributed-1a2b/partitions/part-00003.ndjson.gz' },
  curated: { namespace: 's3://curated-bucket', name: 'baseline-distributed-1a2b/part-00003.ndjson' },
  quarantine: { namespace: 's3://quarantine-bucket', name: 'baseline-distributed-1a2b/part-00003.ndjson' },
};
const T = Date.UTC(2026, 10, 27, 9);

describe('OpenLineage RunEvents', () => {
  const r = runCore(lines(ev('a'), ev('a'), '{"bad', ev('b', { ingest_time: '2026-11-27T10:00:00.000Z' })));
  const start = lineageStart(ctx, T);
  const complete = lineageComplete(ctx, T + 1000, r.quality, r.accounting, { inputBytes: 1234, curatedBytes: r.curatedBytes, quarantineBytes: r.quarantineBytes });
  const fail = lineageFail(ctx, T + 1000, 'gzip stream truncated or corrupt: unexpected end of file');

  test.each([
    ['START', start],
    ['COMPLETE', complete],
    ['FAIL', fail],
  ])('%s is valid against the spec’s structure', (type, e) => {
    expect(validateRunEvent(JSON.parse(JSON.stringify(e)))).toEqual([]);
    expect(e.eventType).toBe(type);
  });

  test('the validator itself catches broken events', () => {
    const broken = { ...complete, run: { runId: 'not-a-uuid' }, eventTime: 'today', job: { namespace: 'x' } };
    expect(validateRunEvent(broken)).toEqual(expect.arrayContaining(['eventTime: required date-time', 'run.runId: required uuid', 'job: namespace and name required']));
  });

  test('START and its COMPLETE share one run id, stable across retries; the parent is the design run', () => {
    expect(start.run.runId).toBe(complete.run.runId);
    expect(start.run.runId).toBe(uuidV5(`${ctx.runId}/${ctx.partition}`));
    expect(lineageStart(ctx, T + 99).run.runId).toBe(start.run.runId);
    expect(start.run.facets?.parent).toMatchObject({ run: { runId: uuidV5(ctx.runId) }, job: { namespace: 'scalesim', name: 'scalesim.distributed' } });
    expect(start.job).toEqual({ namespace: 'scalesim', name: 'scalesim.distributed.process_partition' });
  });

  test('COMPLETE carries inputs, outputs and the data-quality facets with the partition’s numbers', () => {
    expect(complete.inputs).toHaveLength(1);
    expect(complete.inputs[0]).toMatchObject({ namespace: 's3://raw-bucket', name: ctx.input.name });
    expect(complete.inputs[0]!.inputFacets!.dataQualityMetrics).toMatchObject({ rowCount: 4, bytes: 1234, fileCount: 1 });
    const assertions = (complete.inputs[0]!.inputFacets!.dataQualityAssertions as unknown as { assertions: { assertion: string; success: boolean }[] }).assertions;
    expect(Object.fromEntries(assertions.map((a) => [a.assertion, a.success]))).toEqual({
      accounting_invariant: true,
      records_parse_and_type_check: false,
      schema_matches_registry: true,
      freshness_within_sla: false,
      lineage_complete: true,
      unique_event_id: false,
    });
    expect(complete.outputs.map((o) => [o.namespace, o.outputFacets?.outputStatistics])).toEqual([
      ['s3://curated-bucket', expect.objectContaining({ rowCount: 2, size: r.curatedBytes })],
      ['s3://quarantine-bucket', expect.objectContaining({ rowCount: 1, size: r.quarantineBytes })],
    ]);
  });

  test('FAIL carries the reason in the errorMessage facet', () => {
    expect(fail.run.facets?.errorMessage).toMatchObject({ message: 'gzip stream truncated or corrupt: unexpected end of file', programmingLanguage: 'JavaScript' });
  });

  test('uuidV5 is a version-5 RFC 4122 UUID and deterministic', () => {
    expect(uuidV5('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('x')).toBe(uuidV5('x'));
    expect(uuidV5('x')).not.toBe(uuidV5('y'));
  });
});

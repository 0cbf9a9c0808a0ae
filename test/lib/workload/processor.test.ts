import type { CuratedRecord, QuarantineRecord } from '../../../lib/workload/event-schema';
import { MAX_LINE_CHARS, OVERSIZED_KEEP_CHARS } from '../../../lib/workload/line-limits';
import { PartitionCore, looksTruncated } from '../../../lib/workload/processor';
import { COMPILED, SLA_MINUTES, ev, lines, ndjson, payload, runCore } from './fixtures';

describe('PartitionCore: hand-built partitions with exact counts', () => {
  test('a clean partition: everything curated, normalized and enriched', () => {
    const r = runCore(lines(ev('a'), ev('b'), ev('c')));
    expect(r.accounting).toEqual({ partition: 'part-00000.ndjson', input: 3, curated: 3, quarantined: 0, duplicatesDropped: 0 });
    const [first] = ndjson<CuratedRecord>(r.curated);
    expect(first).toEqual({
      ...ev('a'),
      quality: { lag_ms: 300_000, late: false, lineage_complete: true, risk_score: 0, risk_level: 'low' },
    });
    expect(r.quality.drift.events).toBe(0);
    expect(r.quality.datasets['features.users']).toMatchObject({ events: 3, curated: 3, records: 30, bytes: 3000 });
  });

  test.each([
    ['field_added', payload({ trace_id: 't-1' }), 'curated', { field_added: 1 }, 'features.users.trace_id'],
    ['field_removed', payload({ score: undefined }), 'quarantined', { field_removed: 1 }, 'features.users.score'],
    ['field_renamed (camelCase)', payload({ sessions_7d: undefined, sessions7d: 3 }), 'quarantined', { field_renamed: 1 }, 'features.users.sessions_7d'],
    ['field_renamed (_v2 suffix)', payload({ active: undefined, active_v2: true }), 'quarantined', { field_renamed: 1 }, 'features.users.active'],
    ['type_changed (integer as string)', payload({ sessions_7d: '3' }), 'quarantined', { type_changed: 1 }, 'features.users.sessions_7d'],
    ['type_changed (integer as float)', payload({ sessions_7d: 3.5 }), 'quarantined', { type_changed: 1 }, 'features.users.sessions_7d'],
    ['type_changed (timestamp as epoch)', payload({ seen_at: 1764000000000 }), 'quarantined', { type_changed: 1 }, 'features.users.seen_at'],
    ['type_changed (null)', payload({ active: null }), 'quarantined', { type_changed: 1 }, 'features.users.active'],
  ])('drift: %s', (_name, p, route, byKind, field) => {
    const r = runCore(lines(ev('ok'), ev('d', { payload: p })));
    expect(r.accounting.input).toBe(2);
    expect(r.accounting.curated).toBe(route === 'curated' ? 2 : 1);
    expect(r.accounting.quarantined).toBe(route === 'quarantined' ? 1 : 0);
    expect(r.quality.drift.events).toBe(1);
    expect(r.quality.drift.breakingEvents).toBe(route === 'quarantined' ? 1 : 0);
    expect(r.quality.drift.byKind).toEqual({ field_added: 0, field_removed: 0, field_renamed: 0, type_changed: 0, ...byKind });
    expect(Object.keys(r.quality.drift.byField)).toEqual([field]);
    if (route === 'quarantined') {
      const [q] = ndjson(r.quarantine);
      expect(q).toMatchObject({ reason: 'schema_drift', line: 2, event_id: 'd', dataset: 'features.users' });
      expect(r.quality.quarantineReasons.schema_drift).toBe(1);
    }
  });

  test('field_added: the extra field is dropped from the curated payload and listed', () => {
    const r = runCore(lines(ev('d', { payload: payload({ trace_id: 't-1' }) })));
    const [c] = ndjson(r.curated);
    expect((c!.quality as { added_fields: string[] }).added_fields).toEqual(['trace_id']);
    expect(Object.keys(c!.payload as object)).toEqual(['user_id', 'sessions_7d', 'score', 'active', 'seen_at', 'notes']);
    expect(c).toEqual({ ...ev('d'), quality: expect.objectContaining({ late: false }) });
  });

  test('unknown envelope keys are dropped; an oddly formatted line is rebuilt, not reused', () => {
    const extra = { ...ev('a'), debug: true, access: { ...(ev('a').access as object), note: 'x' } };
    const spaced = JSON.stringify(ev('b'), null, 1).replace(/\n/g, ' ') + '   ';
    const r = runCore(lines(extra, spaced));
    const [a, b] = ndjson(r.curated);
    expect(a).toEqual({ ...ev('a'), quality: expect.any(Object) });
    expect(b).toEqual({ ...ev('b'), quality: expect.any(Object) });
  });

  test('several drift kinds in one record count the record once per kind and once in events', () => {
    const r = runCore(lines(ev('d', { payload: payload({ score: undefined, active: 'yes', extra_a: 1, extra_b: 2 }) })));
    expect(r.quality.drift.events).toBe(1);
    expect(r.quality.drift.byKind).toEqual({ field_added: 1, field_removed: 1, field_renamed: 0, type_changed: 1 });
    expect(Object.keys(r.quality.drift.byField).sort()).toEqual([
      'features.users.active',
      'features.users.extra_a',
      'features.users.extra_b',
      'features.users.score',
    ]);
  });

  test('late: a lag strictly above the SLA is late; exactly the SLA is not', () => {
    const at = (ingest: string, id: string) => ev(id, { ingest_time: ingest });
    const r = runCore(lines(at('2026-11-26T11:00:00.000Z', 'on-sla'), at('2026-11-26T11:00:00.001Z', 'late'), at('2026-11-27T12:00:00.000Z', 'very-late')));
    expect(r.quality.freshness.late).toBe(2);
    expect(r.quality.freshness.maxLagMs).toBe(26 * 3_600_000);
    expect(r.quality.freshness.lagHistogram).toMatchObject({ lt_120m: 2, ge_1440m: 1 });
    expect(r.accounting.curated).toBe(3); // lateness is reported, not rejected
    expect(ndjson<CuratedRecord>(r.curated).map((c) => c.quality.late)).toEqual([false, true, true]);
  });

  test('negative lag (clock skew) is counted and kept', () => {
    const r = runCore(lines(ev('a', { ingest_time: '2026-11-26T09:59:00.000Z' })));
    expect(r.quality.freshness.negativeLag).toBe(1);
    expect(r.quality.freshness.late).toBe(0);
    expect(r.accounting.curated).toBe(1);
  });

  test('lineage missing: absent, empty list, or no upstream key', () => {
    const r = runCore(lines(ev('a', { lineage: undefined }), ev('b', { lineage: { upstream: [] } }), ev('c', { lineage: {} }), ev('d')));
    expect(r.quality.lineage).toEqual({ complete: 1, missing: 3 });
    expect(r.accounting.curated).toBe(4);
  });

  describe('duplicates', () => {
    test('a second copy of a curated event is dropped, however many copies', () => {
      const r = runCore(lines(ev('a'), ev('b'), ev('a'), ev('a')));
      expect(r.accounting).toMatchObject({ input: 4, curated: 2, quarantined: 0, duplicatesDropped: 2 });
      expect(r.quality.datasets['features.users']!.duplicatesDropped).toBe(2);
      // Dropped copies do not count twice in the indicators.
      expect(r.quality.observed).toBe(2);
    });

    test('a good copy after a corrupt one is kept: only curated ids are remembered', () => {
      const r = runCore(lines(ev('a', { schema_version: '2' }), ev('a')));
      expect(r.accounting).toMatchObject({ input: 2, curated: 1, quarantined: 1, duplicatesDropped: 0 });
    });

    test('a copy of a drift-quarantined event is quarantined again, not dropped', () => {
      const bad = ev('a', { payload: payload({ score: undefined }) });
      const r = runCore(lines(bad, bad));
      expect(r.accounting).toMatchObject({ input: 2, curated: 0, quarantined: 2, duplicatesDropped: 0 });
    });
  });

  describe('corrupt records go to quarantine with a reason and never stop the partition', () => {
    test.each([
      ['invalid JSON (= for :)', '{"event_id"="a"}', 'invalid_json'],
      ['invalid JSON (trailing comma)', JSON.stringify(ev('a')).slice(0, -1) + ',}', 'invalid_json'],
      ['invalid JSON (single quotes)', "{'event_id':'a'}", 'invalid_json'],
      ['invalid JSON (not an object at all)', 'hello world', 'invalid_json'],
      ['truncated line', JSON.stringify(ev('a')).slice(0, 120), 'truncated_line'],
      ['truncated inside a string', '{"event_id":"abc', 'truncated_line'],
      ['wrong type: schema_version as a string', JSON.stringify(ev('a', { schema_version: '2' })), 'wrong_type'],
      ['wrong type: event_time as a number', JSON.stringify(ev('a', { event_time: 1764151200000 })), 'wrong_type'],
      ['wrong type: volume.records as a string', JSON.stringify(ev('a', { volume: { records: '10', bytes: 1 } })), 'wrong_type'],
      ['wrong type: cross_account as a string', JSON.stringify(ev('a', { access: { ...(ev('a').access as object), cross_account: 'false' } })), 'wrong_type'],
      ['wrong type: the record is a list', '[1,2,3]', 'wrong_type'],
      ['wrong type: payload is a list', JSON.stringify(ev('a', { payload: [] })), 'wrong_type'],
      ['wrong type: lineage.upstream is a string', JSON.stringify(ev('a', { lineage: { upstream: 'raw.clicks' } })), 'wrong_type'],
      ['invalid value: unparseable event_time', JSON.stringify(ev('a', { event_time: 'yesterday' })), 'invalid_value'],
      ['invalid value: unknown PII class', JSON.stringify(ev('a', { access: { ...(ev('a').access as object), classification: 'secret' } })), 'invalid_value'],
      ['invalid value: negative bytes', JSON.stringify(ev('a', { volume: { records: 1, bytes: -5 } })), 'invalid_value'],
      ['invalid value: empty event_id', JSON.stringify(ev('')), 'invalid_value'],
      ['unknown dataset', JSON.stringify(ev('a', { dataset: 'features.nope' })), 'unknown_dataset'],
    ])('%s', (_name, bad, reason) => {
      const r = runCore(lines(ev('before'), bad, ev('after')));
      expect(r.accounting).toMatchObject({ input: 3, curated: 2, quarantined: 1, duplicatesDropped: 0 });
      expect(r.quality.quarantineReasons[reason as 'invalid_json']).toBe(1);
      const [q] = ndjson(r.quarantine);
      expect(q).toMatchObject({ reason, line: 2, raw: bad });
      expect(typeof q!.detail).toBe('string');
      // Broken envelopes are not observed: their indicators would be guesses.
      expect(r.quality.observed).toBe(2);
    });
  });

  test('blank lines are not records; CRLF and a missing final newline are tolerated', () => {
    const text = `\n${JSON.stringify(ev('a'))}\r\n\n   \n${JSON.stringify(ev('b'))}`;
    const r = runCore(text);
    expect(r.accounting).toMatchObject({ input: 2, curated: 2 });
  });

  test('chunk boundaries anywhere, even inside a multi-byte character, change nothing', () => {
    const text = lines(ev('a', { payload: payload({ notes: 'żółw 🐢 naïve' }) }), '{"broken', ev('b'), ev('a'));
    const whole = runCore(text);
    for (const chunk of [1, 2, 3, 7, 64]) {
      const r = runCore(text, chunk);
      expect(r.accounting).toEqual(whole.accounting);
      expect(Buffer.concat(r.curated as Buffer[]).equals(Buffer.concat(whole.curated as Buffer[]))).toBe(true);
      expect(Buffer.concat(r.quarantine as Buffer[]).equals(Buffer.concat(whole.quarantine as Buffer[]))).toBe(true);
    }
    expect(ndjson(whole.curated)[0]!.payload).toMatchObject({ notes: 'żółw 🐢 naïve' });
  });

  test('an oversized line is quarantined with its beginning only, and the rest of the partition survives', () => {
    const core = new PartitionCore({ partition: 'p', registry: COMPILED, slaMinutes: SLA_MINUTES, maxLineChars: 1000 });
    core.pushText(JSON.stringify(ev('a')).slice(0, 50) + 'x'.repeat(2000));
    core.pushText('y'.repeat(5000));
    core.pushText('z\n' + lines(ev('b')));
    const r = core.finish();
    expect(r.accounting).toMatchObject({ input: 2, curated: 1, quarantined: 1 });
    const [q] = ndjson<QuarantineRecord>(r.quarantine);
    expect(q).toMatchObject({ reason: 'invalid_json' });
    expect(q!.raw.length).toBeLessThanOrEqual(1024);
  });

  test('by default a line of MAX_LINE_CHARS is kept whole and one character more is cut to OVERSIZED_KEEP_CHARS', () => {
    const padded = (id: string, length: number) => {
      const json = JSON.stringify(ev(id));
      return json + ' '.repeat(length - json.length);
    };
    const core = new PartitionCore({ partition: 'p', registry: COMPILED, slaMinutes: SLA_MINUTES });
    core.pushText(padded('fits', MAX_LINE_CHARS) + '\n' + padded('over', MAX_LINE_CHARS + 1) + '\n');
    const r = core.finish();
    expect(r.accounting).toMatchObject({ input: 2, curated: 1, quarantined: 1 });
    expect(ndjson<CuratedRecord>(r.curated)[0]!.event_id).toBe('fits');
    const [q] = ndjson<QuarantineRecord>(r.quarantine);
    expect(q).toMatchObject({ reason: 'invalid_json', detail: `line longer than ${MAX_LINE_CHARS} characters; raw keeps the first ${OVERSIZED_KEEP_CHARS}` });
    expect(q!.raw).toHaveLength(OVERSIZED_KEEP_CHARS);
  });

  test('access risk: counts per class, role, purpose and level', () => {
    const access = (classification: string, actor_role: string, purpose: string, cross_account: boolean) => ({ classification, actor_role, purpose, cross_account });
    const r = runCore(
      lines(
        ev('a'),
        ev('b', { access: access('health', 'external_partner', 'export', true) }),
        ev('c', { access: access('email', 'analyst', 'export', false) }),
      ),
    );
    expect(r.quality.access.byRiskLevel).toEqual({ low: 1, medium: 1, high: 0, critical: 1 });
    expect(r.quality.access.crossAccount).toBe(1);
    expect(r.quality.access.maxRiskScore).toBe(100);
    expect(r.quality.access.byClassification).toMatchObject({ none: 1, health: 1, email: 1 });
  });

  test('unregistered field names are capped per partition', () => {
    const core = new PartitionCore({ partition: 'p', registry: COMPILED, slaMinutes: SLA_MINUTES, maxAddedFieldNames: 2 });
    core.pushText(lines(...['x1', 'x2', 'x3', 'x4'].map((k, i) => ev(`e${i}`, { payload: payload({ [k]: 1 }) }))));
    const r = core.finish();
    expect(Object.keys(r.quality.drift.byField)).toEqual(['features.users.(other)', 'features.users.x1', 'features.users.x2']);
    expect(r.quality.drift.byField['features.users.(other)']).toEqual({ field_added: 2 });
  });

  test('an empty partition is valid', () => {
    const r = runCore('');
    expect(r.accounting).toMatchObject({ input: 0, curated: 0, quarantined: 0, duplicatesDropped: 0 });
    expect(r.quality.freshness.maxLagMs).toBeNull();
  });

  test('misuse throws: push after finish, finish twice', () => {
    const core = new PartitionCore({ partition: 'p-1', registry: COMPILED, slaMinutes: SLA_MINUTES });
    core.finish();
    expect(() => core.pushText('x')).toThrow(/partition p-1: pushText after finish/);
    expect(() => core.finish()).toThrow(/partition p-1: finish called twice/);
  });
});

describe('looksTruncated', () => {
  test.each([
    ['{"a":1', true],
    ['{"a":"x', true],
    ['[1,2', true],
    ['{"a":{"b":[1', true],
    ['{"a":"\\"', true],
    ['{"a":1}}', false],
    ['{"a" 1}', false],
    ['{"a":1,}', false],
    ['nope', false],
    ['', false],
  ])('%j → %s', (line, expected) => {
    expect(looksTruncated(line)).toBe(expected);
  });
});

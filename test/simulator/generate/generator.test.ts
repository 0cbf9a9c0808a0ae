import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { RunManifest } from '../../../lib/workload/contract';
import { parseIsoMillis } from '../../../lib/workload/timestamps';
import { GeneratorTables } from '../../../simulator/generate/event-builder';
import { effectiveWorkload, generateRun } from '../../../simulator/generate/generator';
import { directorySink, nullSink } from '../../../simulator/generate/sinks';
import { REGISTRY, generated, scenario, tmpDir } from '../../lib/workload/run-fixtures';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('generateRun', () => {
  test('determinism: the same scenario and seed give the same bytes and sha256; another seed does not', async () => {
    const a = await generated({ workload: { compression: 'none', events: 3000, partitions: 3 } });
    const b = await generated({ workload: { compression: 'none', events: 3000, partitions: 3 } });
    const c = await generated({ seed: 1, workload: { compression: 'none', events: 3000, partitions: 3 } });
    expect(b.manifest).toEqual(a.manifest);
    for (const p of a.manifest.partitions) {
      expect(fs.readFileSync(path.join(b.dir, 'partitions', p.key)).equals(fs.readFileSync(path.join(a.dir, 'partitions', p.key)))).toBe(true);
    }
    expect(c.manifest.partitions.map((p) => p.sha256)).not.toEqual(a.manifest.partitions.map((p) => p.sha256));
  });

  test('gzip changes the stored bytes, not the content: contentSha256 is the machine-independent identity', async () => {
    const plain = await generated({ workload: { compression: 'none', events: 2000, partitions: 2 } });
    const gz = await generated({ workload: { compression: 'gzip', events: 2000, partitions: 2 } });
    expect(gz.manifest.partitions.map((p) => p.contentSha256)).toEqual(plain.manifest.partitions.map((p) => p.contentSha256));
    for (const p of gz.manifest.partitions) {
      const stored = fs.readFileSync(path.join(gz.dir, 'partitions', p.key));
      expect(p.key).toMatch(/\.ndjson\.gz$/);
      expect(p.bytes).toBe(stored.length);
      expect(p.sha256).toBe(sha(stored));
      expect(sha(zlib.gunzipSync(stored))).toBe(p.contentSha256);
      expect(zlib.gunzipSync(stored).length).toBe(p.contentBytes);
    }
  });

  test('the manifest: per-partition key/events/bytes/sha256, the registry embedded, the SLA from the scenario', async () => {
    const { dir, manifest } = await generated({ workload: { compression: 'none', events: 1000, partitions: 4 } });
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    expect(onDisk).toEqual(manifest);
    expect(manifest).toMatchObject({ manifestVersion: 1, scenario: 'baseline', seed: 20261127, compression: 'none', freshnessSlaMinutes: 60, events: 1000, registry: REGISTRY });
    expect(manifest.generator).toEqual({ name: 'scalesim-generate', version: '1', windowStart: '2026-11-26T00:00:00.000Z' });
    for (const p of manifest.partitions) {
      const bytes = fs.readFileSync(path.join(dir, 'partitions', p.key));
      expect(p.sha256).toBe(sha(bytes));
      expect(p.contentSha256).toBe(p.sha256);
      expect(bytes.toString().split('\n').filter(Boolean)).toHaveLength(p.events);
      expect(p.injected!.lines).toBe(p.events);
    }
  });

  test('events follow the documented schema', async () => {
    const { dir, manifest } = await generated({ workload: { compression: 'none', events: 500, partitions: 1, corruptRate: 0, duplicateRate: 0, schemaDrift: { rate: 0, kinds: { field_added: 1 } } } });
    const lines = fs.readFileSync(path.join(dir, 'partitions', manifest.partitions[0]!.key), 'utf8').split('\n').filter(Boolean);
    const datasets = new Set(REGISTRY.datasets.slice(0, 8).map((d) => d.name));
    for (const l of lines) {
      const e = JSON.parse(l) as Record<string, unknown> & { payload: Record<string, unknown>; access: Record<string, unknown>; volume: Record<string, number> };
      expect(Object.keys(e).filter((k) => k !== 'lineage')).toEqual(['event_id', 'pipeline', 'dataset', 'schema_version', 'event_time', 'ingest_time', 'payload', 'volume', 'access']);
      expect(e.event_id).toMatch(/^[0-9a-f]{16}$/);
      expect(datasets.has(e.dataset as string)).toBe(true);
      const def = REGISTRY.datasets.find((d) => d.name === e.dataset)!;
      expect(e.pipeline).toBe(REGISTRY.pipelines[REGISTRY.datasets.indexOf(def) % 4]);
      expect(Object.keys(e.payload)).toEqual(def.fields.map((f) => f.name));
      expect(parseIsoMillis(e.ingest_time as string)).toBeGreaterThanOrEqual(parseIsoMillis(e.event_time as string));
      expect(e.volume.bytes).toBeGreaterThanOrEqual(e.volume.records);
      expect(Object.keys(e.access)).toEqual(['classification', 'actor_role', 'purpose', 'cross_account']);
    }
    expect(new Set(lines.map((l) => (JSON.parse(l) as { event_id: string }).event_id)).size).toBe(lines.length);
  });

  test('a truncated-gzip fault: flagged in the manifest, and the stored stream does not end', async () => {
    const { dir, manifest } = await generated({ workload: { compression: 'gzip', events: 2000, partitions: 4 }, faults: { truncatedGzipPartitions: 2 } });
    const bad = manifest.partitions.filter((p) => p.fault === 'truncated_gzip');
    expect(bad).toHaveLength(2);
    for (const p of bad) {
      const stored = fs.readFileSync(path.join(dir, 'partitions', p.key));
      expect(() => zlib.gunzipSync(stored)).toThrow(/unexpected end of file/);
      expect(p.sha256).toBe(sha(stored));
    }
  });

  test('drift bursts and late waves hit whole windows of their partitions', async () => {
    const base = { compression: 'none' as const, events: 4000, partitions: 4, corruptRate: 0, duplicateRate: 0, freshness: { slaMinutes: 60, lateRate: 0 }, schemaDrift: { rate: 0, kinds: { field_added: 1 } } };
    const { manifest } = await generated({ workload: base, faults: { driftBurstPartitionRate: 0.5, lateWavePartitionRate: 0.25 } });
    const burst = manifest.partitions.filter((p) => p.injected!.drift.events > 0);
    expect(burst).toHaveLength(2);
    for (const p of burst) expect(p.injected!.drift.byKind.type_changed).toBe(Math.ceil(p.events * 0.1));
    const waves = manifest.partitions.filter((p) => p.injected!.late > 0);
    expect(waves).toHaveLength(1);
    expect(waves[0]!.injected!.late).toBe(Math.ceil(waves[0]!.events * 0.25));
  });

  test('the event-size distribution sets the payload size', async () => {
    const { dir, manifest } = await generated({ workload: { compression: 'none', events: 2000, partitions: 1, corruptRate: 0, eventSize: { distribution: 'fixed', medianBytes: 2000, sigma: 0 } } });
    const sizes = fs.readFileSync(path.join(dir, 'partitions', manifest.partitions[0]!.key), 'utf8').split('\n').filter(Boolean).map((l) => JSON.stringify((JSON.parse(l) as { payload: unknown }).payload).length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1900);
    expect(mean).toBeLessThan(2100);
  });

  test('overrides and their checks', async () => {
    const s = scenario();
    expect(effectiveWorkload(s, { events: 50, partitions: 5 })).toMatchObject({ events: 50, partitions: 5 });
    expect(() => effectiveWorkload(s, { events: 0 })).toThrow(/--events: expected a positive integer, got 0/);
    expect(() => effectiveWorkload(s, { partitions: 1.5 })).toThrow(/--partitions: expected an integer from 1 to 1000000, got 1.5/);
    expect(() => effectiveWorkload(s, { events: 3, partitions: 4 })).toThrow(/--partitions \(4\) must not exceed the number of events \(3\)/);
    const faulty = scenario({ workload: { compression: 'gzip' }, faults: { truncatedGzipPartitions: 3 } });
    expect(() => effectiveWorkload(faulty, { partitions: 2 })).toThrow(/faults.data.truncatedGzipPartitions \(3\) exceeds the number of partitions \(2\)/);
    const m = await generateRun(s, REGISTRY, nullSink(), { events: 123, partitions: 2 });
    expect(m.events).toBe(123);
    expect(m.partitions.map((p) => p.events)).toEqual([62, 61]);
  });

  test('abort stops generation and leaves no partial partition behind', async () => {
    const dir = tmpDir('abort');
    const ctl = new AbortController();
    const big = scenario({ workload: { events: 20_000, partitions: 2, compression: 'none' } });
    await expect(generateRun(big, REGISTRY, directorySink(dir), { signal: ctl.signal, onProgress: () => ctl.abort(new Error('stop')) })).rejects.toThrow(/stop/);
    expect(fs.readdirSync(path.join(dir, 'partitions'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(false);
  });
});

describe('GeneratorTables checks the registry against the scenario', () => {
  const w = scenario().workload;
  test.each([
    [{ ...w, datasets: 33 }, REGISTRY, /workload.datasets is 33 but the schema registry holds 32 datasets/],
    [{ ...w, pipelines: 9 }, REGISTRY, /workload.pipelines is 9 but the schema registry names 8 pipelines/],
    [w, { ...REGISTRY, pipelines: ['café', ...REGISTRY.pipelines] }, /only printable ASCII is supported in names and values, found "é"/],
    [{ ...w, datasets: 1 }, { ...REGISTRY, datasets: [{ ...REGISTRY.datasets[0]!, fields: [{ name: 'records', type: 'integer' as const }] }] }, /field records reuses an envelope key/],
    [
      { ...w, datasets: 1 },
      { ...REGISTRY, datasets: [{ ...REGISTRY.datasets[0]!, fields: ['trace_id', 'ingest_region', 'cost_center', 'sample_weight', 'source_system', 'tenant_id', 'debug_flag', 'retry_count'].map((name) => ({ name, type: 'string' as const })) }] },
      /uses every name the field_added drift could add/,
    ],
  ])('rejects %#', (workload, registry, message) => {
    expect(() => new GeneratorTables(workload, registry, 1)).toThrow(message);
  });
});

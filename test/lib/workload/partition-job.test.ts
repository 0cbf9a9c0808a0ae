import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { KEYS } from '../../../lib/workload/contract';
import { processPartition } from '../../../lib/workload/partition-job';
import { loadManifest } from '../../../lib/workload/run-manifest';
import { StorageError, WorkloadStorage } from '../../../lib/workload/storage';
import { validateRunEvent } from './openlineage-validator';
import { generated, localStorage, tmpDir } from './run-fixtures';

describe('processPartition (local storage)', () => {
  let dir: string;
  let out: string;
  let storage: ReturnType<typeof localStorage>;
  let manifestFile: Awaited<ReturnType<typeof generated>>['manifest'];

  beforeAll(async () => {
    ({ dir, manifest: manifestFile } = await generated({ workload: { compression: 'gzip', events: 4000, partitions: 4 }, faults: { truncatedGzipPartitions: 1 } }));
    out = tmpDir('job-out');
    storage = localStorage(dir, out);
  });

  const audit = (kind: 'quality' | 'lineage' | 'profile' | 'accounting', key: string) => path.join(out, 'audit', kind, `${key.replace(/\.ndjson\.gz$/, '')}.json`);

  test.each(['gzip', 'none'] as const)(
    'a sound partition (outputs %s): counts equal the generator’s ground truth, every output is written, and the stored records add up',
    async (outputCompression) => {
      const manifest = await loadManifest(storage, 'local');
      for (const entry of manifestFile.partitions.filter((p) => !p.fault)) {
        const r = await processPartition({ storage, runId: 'local', key: entry.key, manifest, design: 'local', now: () => Date.UTC(2026, 10, 27), outputCompression });
        const expected = entry.injected!.expected;
        expect(r.outcome).toEqual({ key: entry.key, status: 'ok', accounting: { partition: entry.key, input: entry.events, ...expected } });
        expect(r.quality!.freshness.late).toBe(entry.injected!.late);
        expect(r.quality!.lineage.missing).toBe(entry.injected!.lineageMissing);
        expect(r.quality!.drift.byKind).toEqual(entry.injected!.drift.byKind);
        for (const f of ['quality', 'lineage', 'profile', 'accounting'] as const) expect(fs.existsSync(audit(f, entry.key))).toBe(true);
        // The stored objects hold exactly the records the accounting counts: input = curated + quarantined + duplicates.
        const file = (zone: 'curated' | 'quarantine') => path.join(out, zone, KEYS[zone]('local', entry.key, outputCompression).slice('local/'.length));
        const lines = (zone: 'curated' | 'quarantine') => {
          const stored = fs.readFileSync(file(zone));
          // gzip output is one gzip stream (a single member), not plain text.
          if (outputCompression === 'gzip') expect(stored.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
          const text = (outputCompression === 'gzip' ? zlib.gunzipSync(stored) : stored).toString('utf8');
          return text.split('\n').filter(Boolean);
        };
        const curated = lines('curated');
        const quarantined = lines('quarantine');
        expect(curated).toHaveLength(expected.curated);
        expect(quarantined).toHaveLength(expected.quarantined);
        expect(entry.events).toBe(curated.length + quarantined.length + expected.duplicatesDropped);
        for (const l of quarantined) expect(JSON.parse(l)).toHaveProperty('reason');
        const lineage = JSON.parse(fs.readFileSync(audit('lineage', entry.key), 'utf8')) as unknown[];
        expect(lineage.map((e) => (e as { eventType: string }).eventType)).toEqual(['START', 'COMPLETE']);
        for (const e of lineage) expect(validateRunEvent(e)).toEqual([]);
        // Lineage and the profile carry the bytes as stored (compressed when gzip).
        const stats = (lineage[1] as { outputs: { name: string; outputFacets: { outputStatistics: { size: number; rowCount: number } } }[] }).outputs;
        expect(stats.map((o) => o.outputFacets.outputStatistics.size)).toEqual([fs.statSync(file('curated')).size, fs.statSync(file('quarantine')).size]);
        expect(r.profile.stages.write.bytes).toBe(fs.statSync(file('curated')).size + fs.statSync(file('quarantine')).size);
        expect(r.profile.stages.read.bytes).toBe(entry.bytes);
        expect(r.profile.stages.decompress.bytes).toBe(entry.contentBytes);
        expect(r.profile.events).toBe(entry.events);
      }
    },
  );

  test('gzip outputs are several times smaller than the same records uncompressed', () => {
    const key = manifestFile.partitions.find((p) => !p.fault)!.key;
    const size = (c: 'gzip' | 'none') => fs.statSync(path.join(out, 'curated', KEYS.curated('local', key, c).slice('local/'.length))).size;
    expect(size('none') / size('gzip')).toBeGreaterThan(3);
  });

  test('a truncated gzip partition fails with its key and the reason; no data outputs, a FAIL lineage event', async () => {
    const manifest = await loadManifest(storage, 'local');
    const bad = manifestFile.partitions.find((p) => p.fault === 'truncated_gzip')!;
    const r = await processPartition({ storage, runId: 'local', key: bad.key, manifest, design: 'local' });
    expect(r.outcome).toEqual({ key: bad.key, status: 'failed', reason: expect.stringMatching(/^gzip stream truncated or corrupt: unexpected end of file/) });
    expect(r.summary.failures).toEqual([{ key: bad.key, reason: r.outcome.reason }]);
    expect(fs.existsSync(audit('accounting', bad.key))).toBe(false);
    expect(fs.existsSync(audit('quality', bad.key))).toBe(false);
    const lineage = JSON.parse(fs.readFileSync(audit('lineage', bad.key), 'utf8')) as { eventType: string }[];
    expect(lineage.map((e) => e.eventType)).toEqual(['START', 'FAIL']);
    for (const e of lineage) expect(validateRunEvent(e)).toEqual([]);
  });

  test('a partition that is not gzip, or not there, or not in the manifest fails with a reason', async () => {
    const manifest = await loadManifest(storage, 'local');
    const [a, b] = manifestFile.partitions.filter((p) => !p.fault);
    fs.writeFileSync(path.join(dir, 'partitions', a!.key), 'plain text');
    fs.rmSync(path.join(dir, 'partitions', b!.key));
    const run = (key: string) => processPartition({ storage, runId: 'local', key, manifest, design: 'local' });
    expect((await run(a!.key)).outcome.reason).toMatch(/gzip stream truncated or corrupt: incorrect header check/);
    expect((await run(b!.key)).outcome.reason).toMatch(new RegExp(`raw object file://.*/local/partitions/${b!.key.replace(/\./g, '\\.')} not found`));
    expect((await run('part-99999.ndjson.gz')).outcome).toEqual({ key: 'part-99999.ndjson.gz', status: 'failed', reason: 'partition part-99999.ndjson.gz is not in the run manifest' });
  });

  test('a storage error is thrown for the caller to retry, not reported as a failed partition', async () => {
    const { dir: d2 } = await generated({ workload: { compression: 'none', events: 200, partitions: 1 } });
    const real = localStorage(d2, tmpDir('job-flaky'));
    const flaky: WorkloadStorage = {
      config: real.config,
      namespace: (z) => real.namespace(z),
      read: (z, k) => real.read(z, k),
      readAll: (z, k) => real.readAll(z, k),
      putIfAbsent: (z, k, b) => real.putIfAbsent(z, k, b),
      put: async () => {
        throw new StorageError('io', 's3://curated/x: SlowDown');
      },
    };
    const manifest = await loadManifest(real, 'local');
    await expect(processPartition({ storage: flaky, runId: 'local', key: 'part-00000.ndjson', manifest, design: 'local' })).rejects.toThrow(/SlowDown/);
  });

  test('uncompressed partitions skip the decompress stage', async () => {
    const { dir: d3, manifest: m } = await generated({ workload: { compression: 'none', events: 300, partitions: 1 } });
    const s = localStorage(d3, tmpDir('job-plain'));
    const r = await processPartition({ storage: s, runId: 'local', key: m.partitions[0]!.key, manifest: await loadManifest(s, 'local'), design: 'local' });
    expect(r.profile.stages.decompress).toEqual({ wallMs: 0, cpuMs: 0, bytes: 0 });
    expect(r.profile.stages.parse.bytes).toBe(m.partitions[0]!.contentBytes);
    expect(KEYS.curated('local', m.partitions[0]!.key, 'none')).toBe('local/part-00000.ndjson');
    expect(KEYS.curated('local', m.partitions[0]!.key, 'gzip')).toBe('local/part-00000.ndjson.gz');
  });
});

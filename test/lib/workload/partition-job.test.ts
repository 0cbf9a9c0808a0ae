import * as fs from 'fs';
import * as path from 'path';
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

  test('a sound partition: counts equal the generator’s ground truth, and every output is written', async () => {
    const manifest = await loadManifest(storage, 'local');
    for (const entry of manifestFile.partitions.filter((p) => !p.fault)) {
      const r = await processPartition({ storage, runId: 'local', key: entry.key, manifest, design: 'local', now: () => Date.UTC(2026, 10, 27) });
      expect(r.outcome).toEqual({ key: entry.key, status: 'ok', accounting: { partition: entry.key, input: entry.events, ...entry.injected!.expected } });
      expect(r.quality!.freshness.late).toBe(entry.injected!.late);
      expect(r.quality!.lineage.missing).toBe(entry.injected!.lineageMissing);
      expect(r.quality!.drift.byKind).toEqual(entry.injected!.drift.byKind);
      for (const f of ['quality', 'lineage', 'profile', 'accounting'] as const) expect(fs.existsSync(audit(f, entry.key))).toBe(true);
      const curated = fs.readFileSync(path.join(out, 'curated', entry.key.replace(/\.ndjson\.gz$/, '.ndjson')), 'utf8');
      expect(curated.split('\n').filter(Boolean)).toHaveLength(entry.injected!.expected.curated);
      const lineage = JSON.parse(fs.readFileSync(audit('lineage', entry.key), 'utf8')) as unknown[];
      expect(lineage.map((e) => (e as { eventType: string }).eventType)).toEqual(['START', 'COMPLETE']);
      for (const e of lineage) expect(validateRunEvent(e)).toEqual([]);
      expect(r.profile.stages.read.bytes).toBe(entry.bytes);
      expect(r.profile.stages.decompress.bytes).toBe(entry.contentBytes);
      expect(r.profile.events).toBe(entry.events);
    }
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
    expect(KEYS.curated('local', m.partitions[0]!.key)).toBe('local/part-00000.ndjson');
  });
});

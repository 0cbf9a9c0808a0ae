import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cachedRun, cacheSlot, DATA_CACHE_KEEP, dataCacheCapBytes, dataCacheKey, pruneDataCache } from '../../../simulator/run/data-cache';
import { scenario } from '../../lib/stack-fixtures';
import { REGISTRY, scenario as fixtureScenario } from '../../lib/workload/run-fixtures';
import { generateRun } from '../../../simulator/generate/generator';
import { directorySink } from '../../../simulator/generate/sinks';

describe('generated-data cache', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-cache-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const base = scenario('baseline');

  test('the key follows everything the generator reads, and nothing else', () => {
    const k = dataCacheKey(base, '{}');
    expect(dataCacheKey(base, '{}')).toBe(k);
    expect(dataCacheKey({ ...base, seed: base.seed + 1 }, '{}')).not.toBe(k);
    expect(dataCacheKey({ ...base, workload: { ...base.workload, events: 10 } }, '{}')).not.toBe(k);
    expect(dataCacheKey(base, '{"x":1}')).not.toBe(k);
    expect(dataCacheKey({ ...base, faults: { ...base.faults, data: { ...base.faults.data, truncatedGzipPartitions: 1 } } }, '{}')).not.toBe(k);
    // How outputs are written does not change the input data.
    expect(dataCacheKey({ ...base, workload: { ...base.workload, outputCompression: 'none' } }, '{}')).toBe(k);
    // A replayed sample (workload.source) is part of the key by content: the same path may hold other bytes.
    expect(dataCacheKey(base, '{}', 'a'.repeat(64))).not.toBe(k);
    expect(dataCacheKey(base, '{}', 'b'.repeat(64))).not.toBe(dataCacheKey(base, '{}', 'a'.repeat(64)));
    expect(dataCacheKey(base, '{}', 'a'.repeat(64))).toBe(dataCacheKey(base, '{}', 'a'.repeat(64)));
    // Compute sizing does not change the data.
    expect(dataCacheKey({ ...base, singleNode: { ...base.singleNode, fargate: { vcpu: 4, memoryMiB: 8192, architecture: 'arm64' } } }, '{}')).toBe(k);
  });

  test('a committed entry is found; one corrupted to the same size is not (sha256), and is removed with the reason logged', async () => {
    const slot = cacheSlot('k1', root);
    await generateRun(fixtureScenario({ workload: { events: 200, partitions: 2, compression: 'none' } }), REGISTRY, directorySink(slot.dir));
    const dir = slot.commit();
    const found = await cachedRun('k1', root);
    expect(found?.dir).toBe(dir);
    expect(found?.manifest.partitions).toHaveLength(2);
    const part = path.join(dir, 'partitions', found!.manifest.partitions[0]!.key);
    const bytes = fs.readFileSync(part);
    bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
    fs.writeFileSync(part, bytes);
    const log: string[] = [];
    expect(await cachedRun('k1', root, { log: (l) => log.push(l) })).toBeUndefined();
    expect(log.join('\n')).toMatch(/failed verification \(.*part-0000\d\.ndjson: its sha256 is not the one in the manifest/);
    expect(fs.existsSync(dir)).toBe(false);
    expect(await cachedRun('missing', root)).toBeUndefined();
  });

  test('a slot left by a process that is gone is pruned; a live one is kept', () => {
    const dead = path.join(root, '.tmp-zz-999999999-abc');
    fs.mkdirSync(dead);
    const live = cacheSlot('yy', root);
    cacheSlot('xx', root).commit();
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live.dir)).toBe(true);
    live.discard();
  });

  test('keeps only the newest entries', () => {
    for (let i = 0; i < DATA_CACHE_KEEP + 2; i++) {
      const k = `k${i}`;
      const s = cacheSlot(k, root);
      fs.writeFileSync(path.join(s.dir, 'manifest.json'), '{"partitions":[]}');
      s.commit();
    }
    expect(fs.readdirSync(root).filter((n) => !n.startsWith('.')).length).toBe(DATA_CACHE_KEEP);
  });

  test('frees the disk of older entries beyond the size cap, keeps the newest, and says so', () => {
    const capRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-cache-cap-'));
    try {
      const t0 = Date.now() / 1000 - 100;
      ['old', 'mid', 'new'].forEach((k, i) => {
        const s = cacheSlot(k, capRoot, { capBytes: Infinity });
        fs.writeFileSync(path.join(s.dir, 'manifest.json'), '{"partitions":[]}');
        fs.writeFileSync(path.join(s.dir, 'data'), Buffer.alloc(1000));
        const dir = s.commit();
        fs.utimesSync(dir, t0 + i, t0 + i);
      });
      const lines: string[] = [];
      // Room for two entries of ~1 kB: the oldest goes.
      const freed = pruneDataCache(capRoot, { capBytes: 2100, log: (l) => lines.push(l) });
      expect(freed.entries).toBe(1);
      expect(freed.bytes).toBeGreaterThanOrEqual(1000);
      expect(fs.readdirSync(capRoot).sort()).toEqual(['mid', 'new']);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^freed \\d+ kB of cached generated data \\(1 older entry in .*\\); the cache keeps at most ${DATA_CACHE_KEEP} entries within 3 kB \\(SCALESIM_DATA_CACHE_GB\\)$`))]);
      // A cap below one entry still keeps the newest (the run in progress uses it).
      pruneDataCache(capRoot, { capBytes: 0 });
      expect(fs.readdirSync(capRoot)).toEqual(['new']);
      expect(pruneDataCache(capRoot, { capBytes: 0, log: (l) => lines.push(l) })).toEqual({ entries: 0, bytes: 0 });
      expect(lines).toHaveLength(1);
    } finally {
      fs.rmSync(capRoot, { recursive: true, force: true });
    }
  });

  test('the cap comes from SCALESIM_DATA_CACHE_GB; a bad value is a one-line user error', () => {
    expect(dataCacheCapBytes({})).toBe(8e9);
    expect(dataCacheCapBytes({ SCALESIM_DATA_CACHE_GB: '2.5' })).toBe(2.5e9);
    expect(() => dataCacheCapBytes({ SCALESIM_DATA_CACHE_GB: 'lots' })).toThrow(/SCALESIM_DATA_CACHE_GB must be a number of GB >= 0, got "lots"/);
  });
});

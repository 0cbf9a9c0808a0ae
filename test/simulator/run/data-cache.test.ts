import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cachedRun, cacheSlot, dataCacheCapBytes, dataCacheKey, pruneDataCache } from '../../../simulator/run/data-cache';
import { scenario } from '../../lib/stack-fixtures';

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
    // Compute sizing does not change the data.
    expect(dataCacheKey({ ...base, singleNode: { ...base.singleNode, fargate: { vcpu: 4, memoryMiB: 8192, architecture: 'arm64' } } }, '{}')).toBe(k);
  });

  test('a committed entry is found; a damaged one is not', () => {
    const slot = cacheSlot('k1', root);
    fs.mkdirSync(path.join(slot.dir, 'partitions'));
    fs.writeFileSync(path.join(slot.dir, 'partitions', 'p.ndjson'), 'abc');
    fs.writeFileSync(path.join(slot.dir, 'manifest.json'), JSON.stringify({ partitions: [{ key: 'p.ndjson', bytes: 3 }] }));
    const dir = slot.commit();
    expect(cachedRun('k1', root)?.dir).toBe(dir);
    fs.writeFileSync(path.join(dir, 'partitions', 'p.ndjson'), 'ab');
    expect(cachedRun('k1', root)).toBeUndefined();
    expect(cachedRun('missing', root)).toBeUndefined();
  });

  test('keeps only the newest entries', () => {
    for (const k of ['a', 'b', 'c', 'd', 'e']) {
      const s = cacheSlot(k, root);
      fs.writeFileSync(path.join(s.dir, 'manifest.json'), '{"partitions":[]}');
      s.commit();
    }
    expect(fs.readdirSync(root).filter((n) => !n.startsWith('.')).length).toBe(3);
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
      expect(lines).toEqual([expect.stringMatching(/^freed 0\.00 GB of cached generated data \(1 older entry in .*\); the cache keeps at most 3 entries within 0 GB \(SCALESIM_DATA_CACHE_GB\)$/)]);
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

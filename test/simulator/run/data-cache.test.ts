import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cachedRun, cacheSlot, DATA_CACHE_KEEP, dataCacheKey } from '../../../simulator/run/data-cache';
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
    for (let i = 0; i < DATA_CACHE_KEEP + 2; i++) {
      const k = `k${i}`;
      const s = cacheSlot(k, root);
      fs.writeFileSync(path.join(s.dir, 'manifest.json'), '{"partitions":[]}');
      s.commit();
    }
    expect(fs.readdirSync(root).filter((n) => !n.startsWith('.')).length).toBe(DATA_CACHE_KEEP);
  });
});

import { LocalStorage } from '../../../lib/workload/storage';
import { ManifestError, loadManifest, parseManifest } from '../../../lib/workload/run-manifest';
import { SMALL_REGISTRY } from './fixtures';
import { tmpDir } from './run-fixtures';

const good = { scenario: 's', seed: 1, compression: 'gzip', freshnessSlaMinutes: 60, partitions: [{ key: 'part-00000.ndjson.gz', events: 1, bytes: 1, sha256: 'x' }], registry: SMALL_REGISTRY };

describe('parseManifest', () => {
  test('compiles the embedded registry and indexes partitions', () => {
    const m = parseManifest(good);
    expect(m.byKey.get('part-00000.ndjson.gz')).toMatchObject({ events: 1 });
    expect(m.registry.byName.has('features.users')).toBe(true);
  });

  test.each([
    ['not an object', 3, /expected a JSON object/],
    ['bad compression', { ...good, compression: 'zstd' }, /compression: expected "none" or "gzip", got "zstd"/],
    ['bad SLA', { ...good, freshnessSlaMinutes: 0 }, /freshnessSlaMinutes: expected a positive number, got 0/],
    ['no partitions', { ...good, partitions: {} }, /partitions: expected a list/],
    ['bad key', { ...good, partitions: [{ key: '../x' }] }, /partitions\[0\]\.key: expected a file name, got "..\/x"/],
    ['duplicate key', { ...good, partitions: [good.partitions[0], good.partitions[0]] }, /partitions\[1\]\.key: duplicate part-00000.ndjson.gz/],
    ['bad registry', { ...good, registry: { registryVersion: 9 } }, /registry: registryVersion: expected 1, got 9/],
  ])('rejects %s', (_n, raw, msg) => {
    expect(() => parseManifest(raw, 'm.json')).toThrow(ManifestError);
    expect(() => parseManifest(raw, 'm.json')).toThrow(msg);
  });

  test('loadManifest reports invalid JSON with its location', async () => {
    const dir = tmpDir('manifest');
    const s = new LocalStorage({ raw: dir, curated: dir, quarantine: dir, audit: dir }, 'r/');
    await s.put('raw', 'r/manifest.json', '{nope');
    await expect(loadManifest(s, 'r')).rejects.toThrow(/\/r\/manifest\.json: not valid JSON/);
    await expect(loadManifest(s, 'r')).rejects.toThrow(`file://${dir}`);
  });
});

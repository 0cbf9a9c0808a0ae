import * as fs from 'fs';
import * as path from 'path';
import { LocalStorage, StorageError } from '../../../lib/workload/storage';
import { bucketsFromEnv } from '../../../lib/workload/s3-storage';
import { tmpDir } from './run-fixtures';

describe('LocalStorage', () => {
  const root = tmpDir('storage');
  const s = new LocalStorage({ raw: path.join(root, 'raw'), curated: path.join(root, 'c'), quarantine: path.join(root, 'q'), audit: path.join(root, 'a') }, 'run-1/');

  test('put then read, with the run prefix stripped', async () => {
    await s.put('audit', 'run-1/quality/p.json', '{"a":1}');
    expect(fs.readFileSync(path.join(root, 'a', 'quality', 'p.json'), 'utf8')).toBe('{"a":1}');
    expect((await s.readAll('audit', 'run-1/quality/p.json')).toString()).toBe('{"a":1}');
    const chunks: Buffer[] = [];
    for await (const c of await s.read('audit', 'run-1/quality/p.json')) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe('{"a":1}');
    await s.put('curated', 'run-1/p.ndjson', [Buffer.from('a\n'), Buffer.from('b\n')]);
    expect(fs.readFileSync(path.join(root, 'c', 'p.ndjson'), 'utf8')).toBe('a\nb\n');
  });

  test('putIfAbsent creates once', async () => {
    expect(await s.putIfAbsent('audit', 'run-1/faults/x.json', '1')).toBe(true);
    expect(await s.putIfAbsent('audit', 'run-1/faults/x.json', '2')).toBe(false);
    expect(fs.readFileSync(path.join(root, 'a', 'faults', 'x.json'), 'utf8')).toBe('1');
  });

  test('a missing object is a not_found StorageError', async () => {
    await expect(s.read('raw', 'run-1/partitions/nope')).rejects.toThrow(/raw:run-1\/partitions\/nope not found/);
    await expect(s.readAll('raw', 'run-1/nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('other I/O failures are io StorageErrors', async () => {
    fs.mkdirSync(path.join(root, 'raw', 'dir'), { recursive: true });
    await expect(s.readAll('raw', 'run-1/dir')).rejects.toMatchObject({ name: 'StorageError', code: 'io' });
    await expect(s.readAll('raw', 'run-1/dir')).rejects.toThrow(/raw:run-1\/dir: /);
  });

  test.each(['run-1/../escape', 'run-1//x', 'run-1/./x', 'run-1/'])('rejects the key %j', (key) => {
    expect(() => s.pathOf('raw', key)).toThrow(/invalid object key/);
  });

  test('rejects keys of another run', () => {
    expect(() => s.pathOf('raw', 'run-2/manifest.json')).toThrow(StorageError);
    expect(() => s.pathOf('raw', 'run-2/manifest.json')).toThrow(/key run-2\/manifest.json is outside this run \(expected prefix run-1\/\)/);
  });

  test('namespaces are file URIs and the config round-trips', () => {
    expect(s.namespace('raw')).toBe(`file://${path.join(root, 'raw')}`);
    expect(s.config).toMatchObject({ kind: 'local', stripPrefix: 'run-1/' });
  });
});

describe('bucketsFromEnv', () => {
  test('reads the contract’s variables', () => {
    expect(bucketsFromEnv({ RAW_BUCKET: 'r', CURATED_BUCKET: 'c', QUARANTINE_BUCKET: 'q', AUDIT_BUCKET: 'a' })).toEqual({ raw: 'r', curated: 'c', quarantine: 'q', audit: 'a' });
  });

  test('names every missing variable', () => {
    expect(() => bucketsFromEnv({ RAW_BUCKET: 'r' })).toThrow(/missing environment variables CURATED_BUCKET, QUARANTINE_BUCKET, AUDIT_BUCKET: the stack sets the bucket names/);
  });
});

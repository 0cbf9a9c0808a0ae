import { CreateBucketCommand, GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import * as fs from 'fs';
import * as path from 'path';
import { KEYS, RunManifest } from '../../../lib/workload/contract';
import { MotoProcess, startMoto } from '../../../simulator/emulator/moto/moto-process';
import { deleteRunData } from '../../../simulator/run/cleanup';
import { RunData, copyRun, estimatedDataBytes, uploadDirectory } from '../../../simulator/run/run-data';
import { BASELINE, generated, scenario, tmpDir } from '../../lib/workload/run-fixtures';

/** Landing a run's data in the raw zone (streamed, copied between designs) and deleting it again, on moto. */
describe('run data on moto', () => {
  let moto: MotoProcess;
  let s3: S3Client;
  const buckets = ['raw-a', 'raw-b', 'raw-c', 'out-a'];

  beforeAll(async () => {
    moto = await startMoto({ gatewayPort: 1 });
    s3 = new S3Client({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    for (const b of buckets) {
      await s3.send(new CreateBucketCommand({ Bucket: b }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
    }
  }, 90_000);

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  const versions = async (bucket: string, prefix: string) => {
    const r = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
    return [...(r.Versions ?? []).map((v) => `${v.Key}:${v.Size}`), ...(r.DeleteMarkers ?? []).map((m) => `${m.Key}:marker`)].sort();
  };
  const body = async (bucket: string, key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());

  test('uploadDirectory streams every partition with its exact bytes, then the manifest', async () => {
    const { dir, manifest } = await generated({ workload: { compression: 'gzip', events: 2000, partitions: 5 } });
    const progress: number[] = [];
    const m = await uploadDirectory(s3, 'raw-a', dir, 'run-1', (done, total, events) => progress.push(done, total, events));
    expect(m).toEqual(manifest);
    for (const p of manifest.partitions) expect((await body('raw-a', KEYS.rawPartition('run-1', p.key))).equals(fs.readFileSync(path.join(dir, 'partitions', p.key)))).toBe(true);
    expect(JSON.parse((await body('raw-a', KEYS.manifest('run-1'))).toString('utf8'))).toEqual(manifest);
    // The last progress report: all 5 partitions, all events.
    expect(progress.slice(-3)).toEqual([5, 5, 2000]);
  });

  test('copyRun copies the raw zone inside S3 and deletes every source version as it goes', async () => {
    const manifest = JSON.parse((await body('raw-a', KEYS.manifest('run-1'))).toString('utf8')) as RunManifest;
    const before = await Promise.all(manifest.partitions.map((p) => body('raw-a', KEYS.rawPartition('run-1', p.key))));
    await copyRun(s3, { bucket: 'raw-a', runId: 'run-1' }, { bucket: 'raw-b', runId: 'run-2' }, manifest, { deleteSource: true });
    const after = await Promise.all(manifest.partitions.map((p) => body('raw-b', KEYS.rawPartition('run-2', p.key))));
    expect(after.map((b, i) => b.equals(before[i]!))).toEqual(manifest.partitions.map(() => true));
    expect(JSON.parse((await body('raw-b', KEYS.manifest('run-2'))).toString('utf8'))).toEqual(manifest);
    expect(await versions('raw-a', 'run-1/')).toEqual([]);
  });

  test('deleteRunData removes every version of one run, and nothing of another', async () => {
    const { dir } = await generated({ workload: { compression: 'none', events: 300, partitions: 2 } });
    await uploadDirectory(s3, 'out-a', dir, 'keep-me');
    await uploadDirectory(s3, 'out-a', dir, 'run-3');
    // A retried partition overwrites: a second version of the same key.
    await uploadDirectory(s3, 'out-a', dir, 'run-3');
    const zones = { raw: 'out-a', curated: 'out-a', quarantine: 'out-a', audit: 'out-a' };
    const deleted = await deleteRunData(s3, zones, 'run-3', ['raw']);
    expect(deleted.objects).toBe(6);
    expect(await versions('out-a', 'run-3/')).toEqual([]);
    expect(await versions('out-a', 'keep-me/')).toHaveLength(3);
  });

  test('data larger than half the cache cap is generated straight into the first raw zone and copied to the next', async () => {
    const s = scenario({ workload: { compression: 'gzip', events: 3000, partitions: 3 } });
    expect(estimatedDataBytes(s)).toBeGreaterThan(3000 * 100);
    const lines: string[] = [];
    const cacheRoot = tmpDir('cache');
    const data = await RunData.prepare({ scenario: s, loaded: BASELINE, env: { SCALESIM_DATA_CACHE_GB: '0.0001' }, cacheRoot, log: (l) => lines.push(l), now: Date.now });
    expect(data.mode).toBe('stream');
    expect(lines.join('\n')).toMatch(/is more than half the 0 GB cache cap \(SCALESIM_DATA_CACHE_GB\): it is generated straight into the raw zone/);
    const first = await data.land(s3, 'raw-b', 'stream-1', 'single-node');
    expect(first.events).toBe(3000);
    expect(data.zonesToDelete(false)).toEqual(['curated', 'quarantine', 'audit']);
    const second = await data.land(s3, 'raw-c', 'stream-2', 'distributed');
    expect(second).toEqual(first);
    expect(await versions('raw-b', 'stream-1/')).toEqual([]);
    expect((await versions('raw-c', 'stream-2/')).length).toBe(4);
    expect(data.zonesToDelete(true)).toEqual(['raw', 'curated', 'quarantine', 'audit']);
    // Nothing went to the local cache.
    expect(fs.readdirSync(cacheRoot)).toEqual([]);
  });
});

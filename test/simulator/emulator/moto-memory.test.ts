import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { MotoProcess, startMoto } from '../../../simulator/emulator/moto/moto-process';
import { deletePrefix } from '../../../simulator/run/cleanup';

/**
 * Issue 14: moto's memory must not grow with the bytes a run stores. 200 MiB of 4 MiB objects (the size
 * of a gzip partition: below moto's own 5 MiB spool threshold) go into a versioned bucket, like the
 * zones; moto's resident set is read from /proc before and after. The bodies must be on disk (moto's open
 * temporary files), and deleting the run's versions must give that disk back.
 */

const MiB = 1024 * 1024;
const OBJECT = 4 * MiB;
const OBJECTS = 50;

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** Bytes of the regular files moto holds open: where its spooled object bodies live. */
function openFileMiB(pid: number): number {
  let bytes = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const st = statSync(`/proc/${pid}/fd/${fd}`);
      if (st.isFile()) bytes += st.size;
    } catch {
      /* closed meanwhile */
    }
  }
  return bytes / MiB;
}

const linux = process.platform === 'linux';
if (!linux) console.warn(`SKIPPED moto memory test: it reads peak RSS and open files from /proc, which ${process.platform} does not have`);

(linux ? describe : describe.skip)('moto memory (issue 14)', () => {
  let moto: MotoProcess;
  let s3: S3Client;
  const bucket = 'scalesim-memory-test';

  beforeAll(async () => {
    // No gateway in front: S3 needs none, and MOTO_PORT only matters to the SFN engine.
    moto = await startMoto({ gatewayPort: 1 });
    s3 = new S3Client({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  }, 90_000);

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  it('keeps object bodies on disk: storing 200 MiB grows moto by far less, and deleting the run frees the disk', async () => {
    const body = randomBytes(OBJECT);
    const put = async (key: string, i: number) => {
      body.writeUInt32BE(i, 0); // distinct bodies
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    };
    const get = async (key: string) => {
      const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await r.Body!.transformToByteArray()).length;
    };
    // Warm up every code path first (imports, thread start, first allocations), then delete.
    for (let i = 0; i < 3; i++) await put(`warm/${i}`, i);
    for (let i = 0; i < 3; i++) await get(`warm/${i}`);
    await deletePrefix(s3, bucket, 'warm/');
    const before = rssMiB(moto.pid);
    const diskBefore = openFileMiB(moto.pid);

    for (let i = 0; i < OBJECTS; i++) await put(`run-1/part-${i}`, i);
    // A retried partition overwrites its output: a second version of some keys.
    for (let i = 0; i < 5; i++) await put(`run-1/part-${i}`, 1000 + i);
    let read = 0;
    for (let i = 0; i < OBJECTS; i += 5) read += await get(`run-1/part-${i}`);
    const stored = ((OBJECTS + 5) * OBJECT) / MiB;
    const after = rssMiB(moto.pid);
    const disk = openFileMiB(moto.pid) - diskBefore;

    expect(read).toBe((OBJECTS / 5) * OBJECT);
    // The bytes are kept, on disk: every version.
    expect(disk).toBeGreaterThanOrEqual(stored - 1);
    // Memory does not follow them: growth well below a tenth of what was stored (220 MiB).
    expect(after - before).toBeLessThan(stored / 10);

    // Deleting the run (every version, through the S3 API) gives the disk back and adds no memory.
    const deleted = await deletePrefix(s3, bucket, 'run-1/');
    expect(deleted.objects).toBe(OBJECTS + 5);
    expect(deleted.bytes).toBe((OBJECTS + 5) * OBJECT);
    expect(openFileMiB(moto.pid) - diskBefore).toBeLessThan(1);
    expect(rssMiB(moto.pid) - before).toBeLessThan(stored / 10);
  }, 120_000);
});

import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as path from 'path';
import { KEYS } from '../../../lib/workload/contract';
import { S3Storage, createS3Client } from '../../../lib/workload/s3-storage';
import { uploadDirectory } from '../../../simulator/run/run-data';
import { REPO, generated, tmpDir } from './run-fixtures';

/**
 * The code as the stacks ship it: esbuild bundles (single CommonJS files, platform node) run by
 * plain `node` against S3 on a moto server of this test's own. Skipped, saying why, without moto.
 */
const hasMoto = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).status === 0;
const maybe = hasMoto ? describe : describe.skip;
if (!hasMoto) console.warn('s3-bundle.test: moto_server is not on PATH; skipping the S3 and bundle tests (pip install "moto[server]>=5.2,<6")');

jest.setTimeout(60_000);

maybe('bundled task runner and Lambda handler on S3 (moto)', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let env: Record<string, string>;
  let client: S3Client;
  const bundles = tmpDir('bundles');
  const buckets = { raw: 'raw-zone', curated: 'curated-zone', quarantine: 'quarantine-zone', audit: 'audit-zone' };

  beforeAll(async () => {
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const port = await new Promise<number>((resolve, reject) => {
      let log = '';
      const t = setTimeout(() => reject(new Error(`moto_server did not start:\n${log}`)), 30_000);
      moto.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (m) {
          clearTimeout(t);
          resolve(Number(m[1]));
        }
      });
    });
    endpoint = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH!,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
      RAW_BUCKET: buckets.raw,
      CURATED_BUCKET: buckets.curated,
      QUARANTINE_BUCKET: buckets.quarantine,
      AUDIT_BUCKET: buckets.audit,
    };
    client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    for (const b of Object.values(buckets)) await client.send(new CreateBucketCommand({ Bucket: b }));
    const esbuild = path.join(REPO, 'node_modules', '.bin', 'esbuild');
    const common = ['--bundle', '--platform=node', '--format=cjs', '--target=node20', '--log-level=error'];
    execFileSync(esbuild, [path.join(REPO, 'lib/workload/task-runner.ts'), ...common, `--outfile=${path.join(bundles, 'task', 'task-runner.js')}`]);
    execFileSync(esbuild, [path.join(REPO, 'lib/workload/lambda-handler.ts'), ...common, `--outfile=${path.join(bundles, 'lambda', 'index.js')}`]);
  });

  afterAll(() => {
    client?.destroy();
    try {
      process.kill(-moto.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  });

  const runTask = (extra: Record<string, string>) =>
    spawnSync('node', ['task-runner.js'], { cwd: path.join(bundles, 'task'), env: { ...env, ...extra }, encoding: 'utf8', timeout: 50_000 });

  test('createS3Client points the SDK at AWS_ENDPOINT_URL, path-style', async () => {
    const c = createS3Client({ AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'eu-west-1' });
    expect(await c.config.region()).toBe('eu-west-1');
    expect(c.config.forcePathStyle).toBe(true);
    const e = await c.config.endpoint!();
    expect(`${e.protocol}//${e.hostname}:${e.port}`).toBe(endpoint);
    c.destroy();
  });

  test('S3Storage: put, read, conditional put, not found', async () => {
    const s = new S3Storage(client, buckets);
    await s.put('audit', 'r0/x.json', '{"a":1}');
    expect((await s.readAll('audit', 'r0/x.json')).toString()).toBe('{"a":1}');
    expect(await s.putIfAbsent('audit', 'r0/once.json', '1')).toBe(true);
    expect(await s.putIfAbsent('audit', 'r0/once.json', '2')).toBe(false);
    await expect(s.readAll('raw', 'r0/nope')).rejects.toMatchObject({ code: 'not_found' });
    expect(s.namespace('raw')).toBe('s3://raw-zone');
  });

  test('the task bundle processes a run with two worker threads, crashing once when asked, and the Lambda bundle agrees', async () => {
    const { dir, manifest } = await generated({ workload: { compression: 'gzip', events: 3000, partitions: 4 } });
    await uploadDirectory(client, buckets.raw, dir, 'run-1');

    const crashed = runTask({ RUN_ID: 'run-1', WORKERS: '2', FAULT_CRASH_AFTER_PARTITIONS: '2' });
    expect(crashed.status).toBe(137);
    const ok = runTask({ RUN_ID: 'run-1', WORKERS: '2', FAULT_CRASH_AFTER_PARTITIONS: '2' });
    expect(ok.status).toBe(0);
    const line = JSON.parse(ok.stdout.trim()) as Record<string, number> & { partitions: { ok: number }; workers: number };
    expect(line.workers).toBe(2);
    expect(line.partitions.ok).toBe(4);
    expect(line.input).toBe(3000);
    expect(line.input).toBe(line.curated + line.quarantined + line.duplicatesDropped);

    const key = manifest.partitions[1]!.key;
    const lambda = spawnSync('node', ['-e', `require('./index.js').handler({ runId: 'run-1', partitions: [${JSON.stringify(key)}] }).then((r) => process.stdout.write('RESULT' + JSON.stringify(r)))`], {
      cwd: path.join(bundles, 'lambda'),
      env: { ...env, DESIGN: 'distributed' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(lambda.status).toBe(0);
    const result = JSON.parse(lambda.stdout.split('RESULT')[1]!) as { partitions: { accounting: Record<string, number> }[] };
    expect(result.partitions[0]!.accounting).toEqual({ partition: key, input: manifest.partitions[1]!.events, ...manifest.partitions[1]!.injected!.expected });

    const quality = await client.send(new GetObjectCommand({ Bucket: buckets.audit, Key: KEYS.quality('run-1', key) }));
    expect(JSON.parse(await quality.Body!.transformToString())).toMatchObject({ partition: key, input: manifest.partitions[1]!.events });
  });

  test('the task bundle exits 2 on bad configuration, and records (exit 0) partitions it cannot read', async () => {
    expect(runTask({}).status).toBe(2);
    const { dir, manifest } = await generated({ workload: { compression: 'none', events: 100, partitions: 2 } });
    const s = new S3Storage(client, buckets);
    await s.put('raw', KEYS.manifest('run-2'), JSON.stringify(manifest));
    const missing = runTask({ RUN_ID: 'run-2', WORKERS: '1' });
    expect(missing.status).toBe(0);
    expect(JSON.parse(missing.stdout.trim())).toMatchObject({ partitions: { total: 2, ok: 0, failed: 2 } });
    expect(dir).toBeTruthy();
  });
});

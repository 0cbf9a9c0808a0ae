import * as fs from 'fs';
import * as path from 'path';
import { KEYS, WorkerEvent } from '../../../lib/workload/contract';
import { createHandler } from '../../../lib/workload/lambda-handler';
import { PartitionQuality, RunSummary, emptySummary, failedSummary, mergeSummaries, summaryOf } from '../../../lib/workload/quality';
import { StorageError, WorkloadStorage } from '../../../lib/workload/storage';
import { main, runPartitions } from '../../../lib/workload/task-runner';
import { generated, localStorage, tmpDir } from './run-fixtures';

const canon = (s: RunSummary) => JSON.stringify(s);

describe('single-node task runner', () => {
  let dir: string;
  let manifest: Awaited<ReturnType<typeof generated>>['manifest'];

  beforeAll(async () => {
    ({ dir, manifest } = await generated({
      workload: { compression: 'gzip', events: 6000, partitions: 6, skew: { zipfExponent: 1.1 } },
      faults: { truncatedGzipPartitions: 1, driftBurstPartitionRate: 0.34, lateWavePartitionRate: 0.34 },
    }));
  });

  test('a worker pool (threads) and one thread give identical summaries and identical outputs', async () => {
    const outA = tmpDir('pool-1');
    const outB = tmpDir('pool-2');
    const one = await runPartitions({ runId: 'local', storage: localStorage(dir, outA), workers: 1, design: 'single-node' });
    const two = await runPartitions({ runId: 'local', storage: localStorage(dir, outB), workers: 2, design: 'single-node' });
    expect(two.workers).toBe(2);
    expect(canon(two.summary)).toBe(canon(one.summary));
    expect(two.outcomes).toEqual(one.outcomes);
    expect(one.outcomes.map((o) => o.key)).toEqual(manifest.partitions.map((p) => p.key));
    for (const zone of ['curated', 'quarantine']) {
      for (const f of fs.readdirSync(path.join(outA, zone))) {
        expect(fs.readFileSync(path.join(outB, zone, f)).equals(fs.readFileSync(path.join(outA, zone, f)))).toBe(true);
      }
    }
    const s = one.summary;
    expect(s.partitions).toEqual({ total: 6, ok: 5, failed: 1 });
    expect(s.failures[0]!.reason).toMatch(/unexpected end of file/);
    expect(s.input).toBe(s.curated + s.quarantined + s.duplicatesDropped);
    const sound = manifest.partitions.filter((p) => !p.fault);
    expect(s.input).toBe(sound.reduce((n, p) => n + p.events, 0));
    expect(s.freshness.late).toBe(sound.reduce((n, p) => n + p.injected!.late, 0));
    expect(s.drift.events).toBe(sound.reduce((n, p) => n + p.injected!.drift.events, 0));
  });

  test('single-node and distributed (Lambda per batch, merged by partition) summaries are equal on the same data', async () => {
    const single = await runPartitions({ runId: 'local', storage: localStorage(dir, tmpDir('sn')), workers: 1, design: 'single-node' });
    const out = tmpDir('dist');
    const storage = localStorage(dir, out);
    const handler = createHandler({ storage: () => storage, env: {}, log: () => undefined });
    const keys = manifest.partitions.map((p) => p.key);
    const batches: WorkerEvent[] = [{ runId: 'local', partitions: keys.slice(0, 2) }, { runId: 'local', partitions: keys.slice(2, 3) }, { runId: 'local', partitions: keys.slice(3) }];
    const results = await Promise.all(batches.map((b) => handler(b)));
    // What the collector does: every partition's quality report, or its failure, merged.
    const parts = results.flatMap((r) => r.partitions);
    const merged = (
      parts.map((o) =>
        o.status === 'ok'
          ? summaryOf(JSON.parse(fs.readFileSync(path.join(out, 'audit', KEYS.quality('local', o.key).slice('local/'.length)), 'utf8')) as PartitionQuality)
          : failedSummary(o.key, o.reason!),
      )
    ).reduce(mergeSummaries, emptySummary());
    expect(canon(merged)).toBe(canon(single.summary));
  });

  test('crash fault: exits 137 after N partitions on the first attempt only', async () => {
    const out = tmpDir('crash');
    const exits: number[] = [];
    const crash = (code: number) => {
      exits.push(code);
      throw new Error('crashed');
    };
    await expect(runPartitions({ runId: 'local', storage: localStorage(dir, out), workers: 1, design: 'single-node', crashAfterPartitions: 2, exit: crash })).rejects.toThrow(/crashed/);
    expect(exits).toEqual([137]);
    expect(fs.existsSync(path.join(out, 'audit', 'faults', 'single-node-crash.json'))).toBe(true);
    const retry = await runPartitions({ runId: 'local', storage: localStorage(dir, out), workers: 1, design: 'single-node', crashAfterPartitions: 2, exit: crash });
    expect(exits).toEqual([137]);
    expect(retry.summary.partitions.total).toBe(6);
  });

  test('a worker thread that dies rejects the run, and the pool stops', async () => {
    const real = localStorage(dir, tmpDir('broken-worker'));
    // A storage config the workers cannot open: each worker throws while starting.
    const broken: WorkloadStorage = Object.assign(Object.create(real) as WorkloadStorage, { config: { kind: 'local', roots: null } });
    await expect(runPartitions({ runId: 'local', storage: broken, workers: 2, design: 'single-node' })).rejects.toThrow(/The "paths\[0\]" argument must be of type string|Cannot convert undefined or null/);
  });

  test('storage errors are retried in place, then fail the partition for good', async () => {
    const real = localStorage(dir, tmpDir('flaky'));
    const failures = new Map<string, number>();
    const flaky = (failTimes: number): WorkloadStorage => ({
      config: real.config,
      namespace: (z) => real.namespace(z),
      readAll: (z, k) => real.readAll(z, k),
      put: (z, k, b) => real.put(z, k, b),
      putIfAbsent: (z, k, b) => real.putIfAbsent(z, k, b),
      read: async (z, k) => {
        const n = failures.get(k) ?? 0;
        failures.set(k, n + 1);
        if (n < failTimes) throw new StorageError('io', `${k}: connection reset`);
        return real.read(z, k);
      },
    });
    const recovered = await runPartitions({ runId: 'local', storage: flaky(2), workers: 1, design: 'single-node' });
    expect(recovered.summary.partitions).toEqual({ total: 6, ok: 5, failed: 1 }); // only the truncated one
    failures.clear();
    const gaveUp = await runPartitions({ runId: 'local', storage: flaky(99), workers: 1, design: 'single-node', maxAttempts: 2 });
    expect(gaveUp.summary.partitions.failed).toBe(6);
    expect(gaveUp.summary.failures[0]!.reason).toMatch(/^storage error after 2 attempts: .*connection reset/);
  });
});

describe('task runner script configuration', () => {
  const logs: string[] = [];
  beforeEach(() => {
    logs.length = 0;
    jest.spyOn(console, 'log').mockImplementation((l: string) => void logs.push(l));
  });
  afterEach(() => jest.restoreAllMocks());

  test.each([
    [{}, /missing environment variable RUN_ID/],
    [{ RUN_ID: 'r', WORKERS: 'two' }, /WORKERS must be a positive integer, got two/],
    [{ RUN_ID: 'r', WORKERS: '2', FAULT_CRASH_AFTER_PARTITIONS: '-1' }, /FAULT_CRASH_AFTER_PARTITIONS must be a non-negative integer, got -1/],
    [{ RUN_ID: 'r', WORKERS: '2' }, /missing environment variables RAW_BUCKET, CURATED_BUCKET, QUARANTINE_BUCKET, AUDIT_BUCKET/],
  ])('exits 2 with a one-line JSON error: %j', async (env, message) => {
    expect(await main(env)).toBe(2);
    expect(logs).toHaveLength(1);
    expect((JSON.parse(logs[0]!) as { error: string }).error).toMatch(message);
  });
});

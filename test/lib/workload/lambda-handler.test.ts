import { WorkerEvent } from '../../../lib/workload/contract';
import { createHandler, handler } from '../../../lib/workload/lambda-handler';
import type { WorkloadStorage } from '../../../lib/workload/storage';
import { generated, localStorage, tmpDir } from './run-fixtures';

describe('Lambda handler', () => {
  test('processes its batch, returns small outcomes, logs one JSON line, caches the manifest across warm invocations', async () => {
    const { dir, manifest } = await generated({ workload: { compression: 'gzip', events: 800, partitions: 3 } });
    const real = localStorage(dir, tmpDir('lambda'));
    let manifestReads = 0;
    const storage: WorkloadStorage = Object.assign(Object.create(real) as WorkloadStorage, {
      readAll: (z: 'raw', k: string) => {
        manifestReads++;
        return real.readAll(z, k);
      },
    });
    const logs: string[] = [];
    const h = createHandler({ storage: () => storage, env: { DESIGN: 'distributed' }, log: (l) => logs.push(l) });
    const [k0, k1, k2] = manifest.partitions.map((p) => p.key);
    const r1 = await h({ runId: 'local', partitions: [k0!, k1!] });
    const r2 = await h({ runId: 'local', partitions: [k2!] });
    expect(manifestReads).toBe(1);
    expect(r1.runId).toBe('local');
    expect(r1.partitions.map((o) => [o.key, o.status])).toEqual([
      [k0, 'ok'],
      [k1, 'ok'],
    ]);
    expect(r2.partitions[0]!.accounting).toEqual({ partition: k2, input: manifest.partitions[2]!.events, ...manifest.partitions[2]!.injected!.expected });
    expect(JSON.stringify(r1).length).toBeLessThan(2000); // far under the 256 KiB state limit
    expect(logs).toHaveLength(2);
    expect(JSON.parse(logs[0]!)).toMatchObject({ runId: 'local', design: 'distributed', partitions: 2, failed: [] });
  });

  test('a failed manifest load is not cached', async () => {
    const { dir } = await generated({ workload: { events: 100, partitions: 1 } });
    const real = localStorage(dir, tmpDir('lambda-retry'));
    let calls = 0;
    const storage: WorkloadStorage = Object.assign(Object.create(real) as WorkloadStorage, {
      readAll: (z: 'raw', k: string) => (++calls === 1 ? Promise.reject(new Error('throttled')) : real.readAll(z, k)),
    });
    const h = createHandler({ storage: () => storage, env: {}, log: () => undefined });
    await expect(h({ runId: 'local', partitions: [] })).rejects.toThrow(/throttled/);
    await expect(h({ runId: 'local', partitions: [] })).resolves.toEqual({ runId: 'local', partitions: [] });
  });

  test.each([
    [null, /invalid WorkerEvent: expected \{runId, partitions\}, got null/],
    [{ partitions: [] }, /invalid WorkerEvent: runId must be a non-empty string, got undefined/],
    [{ runId: 'r', partitions: 'part-0' }, /invalid WorkerEvent: partitions must be a list of partition keys, got "part-0"/],
    [{ runId: 'r', partitions: [1] }, /invalid WorkerEvent: partitions must be a list of partition keys/],
  ])('rejects a malformed event: %j', async (event, message) => {
    const h = createHandler({ storage: () => localStorage(tmpDir('x'), tmpDir('y')), env: {}, log: () => undefined });
    await expect(h(event as unknown as WorkerEvent)).rejects.toThrow(message);
  });

  test('the exported handler reads its buckets from the environment and says which are missing', async () => {
    const saved = { ...process.env };
    for (const k of ['RAW_BUCKET', 'CURATED_BUCKET', 'QUARANTINE_BUCKET', 'AUDIT_BUCKET']) delete process.env[k];
    try {
      await expect(handler({ runId: 'r', partitions: [] })).rejects.toThrow(/missing environment variables RAW_BUCKET, CURATED_BUCKET, QUARANTINE_BUCKET, AUDIT_BUCKET/);
    } finally {
      process.env = saved;
    }
  });
});

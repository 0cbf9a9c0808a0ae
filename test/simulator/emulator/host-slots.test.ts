import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HostSlots, hostSlotsFrom } from '../../../simulator/emulator/gateway/lambda/host-slots';
import { MotoSession, startMotoSession } from '../../../simulator/emulator/moto/provider';
import { cfg, createFunction } from './helpers';

describe('host slots', () => {
  test('default: twice the CPUs, at least 4; SCALESIM_LAMBDA_SLOTS overrides; a bad value names itself', () => {
    expect(hostSlotsFrom({}, 2)).toBe(4);
    expect(hostSlotsFrom({}, 8)).toBe(16);
    expect(hostSlotsFrom({ SCALESIM_LAMBDA_SLOTS: '2' }, 8)).toBe(2);
    expect(() => hostSlotsFrom({ SCALESIM_LAMBDA_SLOTS: '0' })).toThrow(/SCALESIM_LAMBDA_SLOTS must be a whole number >= 1, got "0"/);
  });

  test('first come, first served; a waiter is told how long it waited', async () => {
    const slots = new HostSlots(1);
    const order: string[] = [];
    expect(await slots.acquire()).toBe(0);
    const b = slots.acquire().then((ms) => order.push(`b:${ms > 0}`));
    const c = slots.acquire().then(() => order.push('c'));
    expect(slots.queued).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    slots.release();
    await b;
    slots.release();
    await c;
    slots.release();
    expect(order).toEqual(['b:true', 'c']);
    expect(slots.queued).toBe(0);
  });
});

describe('a gateway with one host slot', () => {
  let s: MotoSession;
  let lambda: LambdaClient;
  beforeAll(async () => {
    // Passed through the start options to the gateway's Lambda service (run checks the variable once).
    s = await startMotoSession({ hostSlots: 1 });
    lambda = new LambdaClient(cfg(s));
  }, 60_000);

  afterAll(async () => {
    lambda?.destroy();
    await s?.stop();
  });

  test('concurrent invocations are all served, one at a time: none throttled, the wait recorded apart from handler and gateway time', async () => {
    await createFunction(s, 'sleeper', `exports.handler = async () => { await new Promise((r) => setTimeout(r, 400)); return 'ok'; };`, { reserved: 5 });
    const results = await Promise.all(Array.from({ length: 3 }, () => lambda.send(new InvokeCommand({ FunctionName: 'sleeper', Payload: Buffer.from('{}') }))));
    expect(results.map((r) => r.StatusCode)).toEqual([200, 200, 200]);
    const recs = (await s.invocations()).filter((r) => r.functionName === 'sleeper');
    expect(recs).toHaveLength(3);
    expect(recs.every((r) => !r.throttled && r.outcome === 'success')).toBe(true);
    // One environment, reused: a single cold start.
    expect(recs.filter((r) => r.cold)).toHaveLength(1);
    // Run one after another: no two handler spans overlap.
    const spans = recs.map((r) => [r.startedAt, r.endedAt] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1] - 5);
    const waited = recs.filter((r) => (r.queuedMs ?? 0) > 0).map((r) => r.queuedMs!);
    expect(waited).toHaveLength(2);
    expect(Math.max(...waited)).toBeGreaterThan(600);
    // The wait is not gateway overhead and not billed.
    for (const r of recs) {
      expect(r.overheadMs).toBeLessThan(300);
      expect(r.durationMs).toBeLessThan(1000);
    }
  }, 60_000);
});

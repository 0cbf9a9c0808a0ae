import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseReportLine } from '../../../simulator/emulator/gateway/lambda/report';
import { MotoSession, startMotoSession } from '../../../simulator/emulator/moto/provider';
import { cfg, createFunction } from './helpers';

/**
 * Gateway Lambda semantics against a real moto: each enforced behaviour has its own test. One moto for
 * the file (starting it takes ~2 s); every test uses its own function.
 */
jest.setTimeout(60_000);

let s: MotoSession;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  // A small account cap so the cap itself can be hit with a handful of invokes.
  s = await startMotoSession({ accountConcurrency: 4 });
  lambda = new LambdaClient(cfg(s));
  logs = new CloudWatchLogsClient(cfg(s));
});

afterAll(async () => {
  lambda?.destroy();
  logs?.destroy();
  await s?.stop();
});

const payloadOf = (r: InvokeCommandOutput) => JSON.parse(Buffer.from(r.Payload!).toString('utf8')) as Record<string, unknown>;
const invoke = (fn: string, event: unknown = {}) => lambda.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from(JSON.stringify(event)) }));

async function reportLines(group: string): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const r = await logs.send(new FilterLogEventsCommand({ logGroupName: group, ...(nextToken ? { nextToken } : {}) }));
    for (const e of r.events ?? []) if (e.message?.startsWith('REPORT ')) out.push(e.message);
    nextToken = r.nextToken;
  } while (nextToken);
  return out;
}

test('a cold start, then a warm start: Init Duration only on the first, both REPORT lines parse', async () => {
  await createFunction(s, 'warm', `
    const loadedAt = Date.now();
    exports.handler = async (event, context) => {
      console.log('event', JSON.stringify(event));
      return { doubled: event.n * 2, loadedAt, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis() };
    };`);
  const first = payloadOf(await invoke('warm', { n: 1 }));
  const second = payloadOf(await invoke('warm', { n: 2 }));
  expect(first.doubled).toBe(2);
  expect(second.doubled).toBe(4);
  // Same module instance: the environment was reused.
  expect(second.loadedAt).toBe(first.loadedAt);
  expect(first.remaining).toBeGreaterThan(0);

  const records = (await s.invocations()).filter((r) => r.functionName === 'warm');
  expect(records.map((r) => r.cold)).toEqual([true, false]);
  expect(records[0]!.initDurationMs).toBeGreaterThan(0);
  expect(records[1]!.initDurationMs).toBeUndefined();
  // Since Aug 2025 a cold start bills INIT too.
  expect(records[0]!.billedDurationMs).toBe(Math.ceil(records[0]!.durationMs + records[0]!.initDurationMs!));

  const reports = (await reportLines('/aws/lambda/warm')).map(parseReportLine);
  expect(reports).toHaveLength(2);
  const byId = new Map(reports.map((r) => [r!.requestId, r!]));
  const cold = byId.get(String(first.requestId))!;
  const warm = byId.get(String(second.requestId))!;
  expect(cold.initDurationMs).toBeGreaterThan(0);
  expect(warm.initDurationMs).toBeUndefined();
  for (const r of [cold, warm]) {
    expect(r.memorySizeMb).toBe(256);
    expect(r.maxMemoryUsedMb).toBeGreaterThan(10);
    expect(r.maxMemoryUsedMb).toBeLessThanOrEqual(256);
    expect(r.billedDurationMs).toBeGreaterThanOrEqual(Math.ceil(r.durationMs));
  }
  // The handler's own console output is in the same stream, in the Node runtime's format.
  const all = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/warm' }));
  const messages = (all.events ?? []).map((e) => e.message ?? '');
  expect(messages).toContainEqual(expect.stringMatching(/^START RequestId: \S+ Version: \$LATEST$/));
  expect(messages).toContainEqual(expect.stringMatching(/^END RequestId: \S+$/));
  expect(messages).toContainEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t\S+\tINFO\tevent \{"n":1\}$/));
  expect(new Set((all.events ?? []).map((e) => e.logStreamName))).toEqual(new Set([expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/)]));
});

test('a timeout kills the environment: Sandbox.Timedout, REPORT Status: timeout, next invoke is cold', async () => {
  await createFunction(s, 'slow', `exports.handler = async (e) => { if (e.sleep) await new Promise((r) => setTimeout(r, e.sleep)); return 'done'; };`, { timeout: 1 });
  const r = await invoke('slow', { sleep: 5000 });
  expect(r.FunctionError).toBe('Unhandled');
  const body = payloadOf(r);
  expect(body.errorType).toBe('Sandbox.Timedout');
  expect(body.errorMessage).toMatch(/Task timed out after 1\.00 seconds/);
  const again = await invoke('slow', {});
  expect(payloadOf(again)).toBe('done');
  const records = (await s.invocations()).filter((x) => x.functionName === 'slow');
  expect(records.map((x) => [x.outcome, x.cold])).toEqual([
    ['timeout', true],
    ['success', true],
  ]);
  const reports = (await reportLines('/aws/lambda/slow')).map(parseReportLine);
  const timedOut = reports.find((x) => x!.status === 'timeout')!;
  expect(timedOut.durationMs).toBe(1000);
  expect(timedOut.billedDurationMs).toBeGreaterThanOrEqual(1000);
});

test('exceeding the memory size kills the environment with Runtime.OutOfMemory', async () => {
  // Buffers live outside the V8 heap, so this is the RSS watchdog, not V8's heap limit.
  await createFunction(
    s,
    'hog',
    `exports.handler = async () => { const keep = []; for (let i = 0; i < 40; i++) { keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 5)); } return keep.length; };`,
    { memorySize: 128 },
  );
  const r = await invoke('hog');
  expect(r.FunctionError).toBe('Unhandled');
  expect(payloadOf(r).errorType).toBe('Runtime.OutOfMemory');
  const rec = (await s.invocations()).find((x) => x.functionName === 'hog')!;
  expect(rec.outcome).toBe('oom');
  expect(rec.maxMemoryUsedMb).toBe(128);
  const reports = (await reportLines('/aws/lambda/hog')).map(parseReportLine);
  expect(reports[0]).toMatchObject({ status: 'error', errorType: 'Runtime.OutOfMemory', maxMemoryUsedMb: 128 });
});

test('reserved concurrency throttles with 429 TooManyRequestsException (x-amzn-ErrorType)', async () => {
  await createFunction(s, 'reserved', `exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return 'ok'; };`, { reserved: 1 });
  const results = await Promise.allSettled([invoke('reserved'), invoke('reserved'), invoke('reserved')]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const throttled = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(ok).toHaveLength(1);
  expect(throttled).toHaveLength(2);
  for (const t of throttled) {
    expect((t.reason as Error).name).toBe('TooManyRequestsException');
    expect((t.reason as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(429);
    expect((t.reason as { Reason?: string }).Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
  }
  const recs = (await s.invocations()).filter((x) => x.functionName === 'reserved');
  expect(recs.filter((x) => x.throttled)).toHaveLength(2);
});

test('the account concurrency cap throttles unreserved functions', async () => {
  // Account cap 4, of which 'reserved' above holds 1: 3 left for everyone else.
  await createFunction(s, 'unreserved', `exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return 'ok'; };`);
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => invoke('unreserved')));
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  expect(rejected).toHaveLength(2);
  expect((rejected[0]!.reason as { Reason?: string }).Reason).toBe('ConcurrentInvocationLimitExceeded');
});

test('a handler error is a 200 with X-Amz-Function-Error: Unhandled and the AWS error body', async () => {
  await createFunction(s, 'thrower', `class ValidationError extends Error {}; exports.handler = async () => { throw new ValidationError('bad input'); };`);
  const r = await invoke('thrower');
  expect(r.StatusCode).toBe(200);
  expect(r.FunctionError).toBe('Unhandled');
  expect(payloadOf(r)).toMatchObject({ errorType: 'ValidationError', errorMessage: 'bad input' });
  // An error does not reset the environment.
  await invoke('thrower');
  expect((await s.invocations()).filter((x) => x.functionName === 'thrower').map((x) => x.cold)).toEqual([true, false]);
});

test('handlers reach S3 through AWS_ENDPOINT_URL with the runtime-provided AWS SDK, and honour LoggingConfig.LogGroup', async () => {
  const s3 = new S3Client({ ...cfg(s), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'handler-out' }));
  await createFunction(
    s,
    'writer',
    `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
     const s3 = new S3Client({ forcePathStyle: true });
     exports.handler = async (e) => { await s3.send(new PutObjectCommand({ Bucket: 'handler-out', Key: e.key, Body: process.env.GREETING })); return { region: process.env.AWS_REGION }; };`,
    { env: { GREETING: 'hello' }, logGroup: '/custom/writer' },
  );
  const r = await invoke('writer', { key: 'k1' });
  expect(r.FunctionError).toBeUndefined();
  expect(payloadOf(r)).toEqual({ region: s.region });
  const obj = await s3.send(new GetObjectCommand({ Bucket: 'handler-out', Key: 'k1' }));
  expect(await obj.Body!.transformToString()).toBe('hello');
  expect(await reportLines('/custom/writer')).toHaveLength(1);
  s3.destroy();
});

test('fault injection is deterministic, recorded, and off again with zero rates', async () => {
  await createFunction(s, 'faulty', `exports.handler = async (e) => e;`);
  s.setFaults({ throwRate: 1, seed: 7 });
  const r = await invoke('faulty', { a: 1 });
  expect(r.FunctionError).toBe('Unhandled');
  s.setFaults({ throttleRate: 1 });
  await expect(invoke('faulty', { a: 2 })).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  s.setFaults({});
  expect(payloadOf(await invoke('faulty', { a: 3 }))).toEqual({ a: 3 });
  const recs = (await s.invocations()).filter((x) => x.functionName === 'faulty');
  expect(recs.map((x) => x.injected)).toEqual(['throw', 'throttle', undefined]);
  expect(() => s.setFaults({ throwRate: 2 })).toThrow(/throwRate must be a number in \[0, 1\], got 2/);
  expect(() => s.setFaults({ throwRate: 0.6, oomRate: 0.6 })).toThrow(/must add up to at most 1/);
});

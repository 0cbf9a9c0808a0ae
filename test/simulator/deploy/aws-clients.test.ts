import { execFileSync } from 'child_process';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { awsClients, unreachableReason } from '../../../simulator/deploy/aws-clients';
import { TargetUnreachableError } from '../../../simulator/errors';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A local HTTP server answering every request with `status`; returns its URL. */
async function answering(status: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: `status ${status}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<string> {
  const s = await answering(200);
  await s.close();
  return s.url;
}

describe('the AWS clients of a run: a target that stopped answering is a TargetUnreachableError', () => {
  test('connection refused, after the SDK retries', async () => {
    const endpoint = await closedPort();
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'unreachable-child.ts'), endpoint], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out)).toEqual({
      threw: true,
      typed: true,
      name: 'TargetUnreachableError',
      endpoint,
      reason: 'ECONNREFUSED',
      message: `the target ${endpoint} is unreachable (ECONNREFUSED)`,
      hasCause: true,
    });
  }, 60_000);

  test('HTTP 502 from the gateway (the emulator behind it is gone)', async () => {
    const server = await answering(502);
    const clients = awsClients({ endpoint: server.url, region: 'us-east-1', credentials });
    try {
      await expect(clients.sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: 'TargetUnreachableError', reason: 'HTTP 502' });
    } finally {
      clients.destroy();
      await server.close();
    }
  }, 30_000);

  test('a service error is not: it stays the SDK error', async () => {
    const server = await answering(400);
    const clients = awsClients({ endpoint: server.url, region: 'us-east-1', credentials });
    try {
      const e = await clients.sfn.send(new ListStateMachinesCommand({})).catch((x: unknown) => x);
      expect(e).not.toBeInstanceOf(TargetUnreachableError);
      expect((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    } finally {
      clients.destroy();
      await server.close();
    }
  });

  test.each([
    ['a code on the error', Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'ECONNRESET'],
    ['a code on its cause', new Error('x', { cause: Object.assign(new Error('y'), { code: 'EHOSTUNREACH' }) }), 'EHOSTUNREACH'],
    ['a code inside an AggregateError', new AggregateError([new Error('a'), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]), 'ECONNREFUSED'],
    ['HTTP 503 (a transient AWS error)', Object.assign(new Error('SlowDown'), { $metadata: { httpStatusCode: 503 } }), undefined],
    ['a message that merely says so', new Error('socket hang up'), undefined],
  ])('unreachableReason: %s', (_what, error, reason) => {
    expect(unreachableReason(error)).toBe(reason);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../../../simulator/errors';
import { EMULATOR_PROVIDERS, startEmulator } from '../../../simulator/emulator';
import { findMoto } from '../../../simulator/emulator/moto/moto-process';
import { EMULATORS } from '../../../simulator/cli/options';

test('every --emulator choice has a provider, and nothing else does', () => {
  expect(Object.keys(EMULATOR_PROVIDERS).sort()).toEqual([...EMULATORS].sort());
  for (const [kind, p] of Object.entries(EMULATOR_PROVIDERS)) expect(p.kind).toBe(kind);
  expect(() => startEmulator('nope' as never)).toThrow(/unknown emulator nope; expected one of moto, localstack, endpoint, aws/);
});

test('aws refuses to touch an account without an explicit yes', async () => {
  await expect(startEmulator('aws', {})).rejects.toThrow(UserError);
  await expect(startEmulator('aws', {})).rejects.toThrow(/deploys to a real AWS account and incurs charges: add --yes to confirm/);
});

describe('endpoint', () => {
  test('needs a URL', async () => {
    await expect(startEmulator('endpoint', {})).rejects.toThrow(/--emulator endpoint needs --endpoint URL/);
    await expect(startEmulator('endpoint', { endpoint: 'not a url' })).rejects.toThrow(/--endpoint not a url is not a URL/);
    await expect(startEmulator('endpoint', { endpoint: 'ftp://127.0.0.1:1' })).rejects.toThrow(/must be http:\/\/ or https:\/\//);
  });

  test('says clearly when nothing answers', async () => {
    // A port that was just free: nothing listens there.
    const srv = http.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    await expect(startEmulator('endpoint', { endpoint: `http://127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`cannot reach the emulator at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): start one with "scalesim emulator start --keep"`),
    );
  });

  test('treats an unknown AWS-compatible server as a pass-through target it never stops', async () => {
    const srv = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      const s = await startEmulator('endpoint', { endpoint: `${url}/ignored/path` });
      expect(s.endpoint).toBe(url);
      expect(s.description.name).toBe('unknown');
      expect(s.capabilities.executesLambda).toBe(false);
      expect(s.setFaults).toBeUndefined();
      expect(await s.prepareStateMachines(['arn:a'])).toEqual(['arn:a']);
      await s.stop();
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });
});

test('moto missing: one line that says how to install it', () => {
  expect(() => findMoto({ PATH: '/nonexistent' })).toThrow(UserError);
  expect(() => findMoto({ PATH: '/nonexistent' })).toThrow(/moto's server is not installed .*: run pip install "moto\[server\]>=5\.2,<6"/);
});

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

test('aws with --yes but no usable credentials: one line, no stack', async () => {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  const saved = { ...process.env };
  // STS pointed at a closed local port: fails fast and offline, like missing credentials would. The
  // endpoint-override check (which would refuse this variable) is given a clean environment: it is
  // tested on its own in aws-endpoint.test.ts; here the SDK still reads process.env.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${port}`, AWS_MAX_ATTEMPTS: '1' });
  try {
    await expect(startEmulator('aws', { yes: true, env: {} })).rejects.toThrow(/--emulator aws found no usable AWS credentials \(.*\): configure a profile or AWS_\* variables/);
  } finally {
    process.env = saved;
  }
});

test('moto refusing its execution config is reported with its answer', async () => {
  const { setMotoExecution } = await import('../../../simulator/emulator/moto/state-machines');
  const srv = http.createServer((_req, res) => res.writeHead(500).end('boom'));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  try {
    await expect(setMotoExecution(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`, true)).rejects.toThrow(/moto refused its config \(HTTP 500\): boom/);
  } finally {
    await new Promise((r) => srv.close(r));
  }
});

test('a Python that has moto but whose launcher dies says why', async () => {
  const { mkdtempSync, writeFileSync, chmodSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { startMoto } = await import('../../../simulator/emulator/moto/moto-process');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-fakepy-'));
  const fake = path.join(dir, 'python3');
  // Passes the import probe (prints a version), then "crashes" when asked to run the launcher.
  writeFileSync(fake, '#!/bin/sh\nif [ "$1" = "-c" ]; then echo 5.2.1; exit 0; fi\necho "Traceback: launcher exploded" >&2\nexit 3\n');
  chmodSync(fake, 0o755);
  await expect(startMoto({ gatewayPort: 1, env: { ...process.env, SCALESIM_PYTHON: fake } })).rejects.toThrow(/moto exited before it was ready \(exit 3\):\nTraceback: launcher exploded/);
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDockerfile } from '../../../simulator/emulator/gateway/ecs/ecs-service';
import { chooseFault, validateFaults } from '../../../simulator/emulator/gateway/lambda/faults';
import { functionNameOf, outcomeOf } from '../../../simulator/emulator/gateway/lambda/lambda-service';
import { billedDurationMs, kbToMb, parseReportLine, reportLine } from '../../../simulator/emulator/gateway/lambda/report';
import { assemblyImageDir } from '../../../simulator/emulator/gateway/server';
import { emulatorAsset } from '../../../simulator/emulator/assets';
import { clientConfig, sessionEnv } from '../../../simulator/emulator/client-config';

describe('REPORT lines', () => {
  test('format exactly as AWS writes them, and parse back', () => {
    const line = reportLine({ requestId: 'abc', durationMs: 12.345, billedDurationMs: 163, memorySizeMb: 1024, maxMemoryUsedMb: 70, initDurationMs: 150.1 });
    expect(line).toBe('REPORT RequestId: abc\tDuration: 12.35 ms\tBilled Duration: 163 ms\tMemory Size: 1024 MB\tMax Memory Used: 70 MB\tInit Duration: 150.10 ms\t');
    expect(parseReportLine(line)).toEqual({ requestId: 'abc', durationMs: 12.35, billedDurationMs: 163, memorySizeMb: 1024, maxMemoryUsedMb: 70, initDurationMs: 150.1 });
    const oom = reportLine({ requestId: 'x', durationMs: 5, billedDurationMs: 5, memorySizeMb: 128, maxMemoryUsedMb: 128, status: 'error', errorType: 'Runtime.OutOfMemory' });
    expect(parseReportLine(oom)).toMatchObject({ status: 'error', errorType: 'Runtime.OutOfMemory' });
    expect(parseReportLine('START RequestId: x Version: $LATEST')).toBeUndefined();
  });

  test('billing: 1 ms granularity rounded up, INIT billed on cold starts, at least 1 ms', () => {
    expect(billedDurationMs(12.01)).toBe(13);
    expect(billedDurationMs(12.01, 150.5)).toBe(163);
    expect(billedDurationMs(0.1)).toBe(1);
    expect(kbToMb(70 * 1024 + 1)).toBe(71);
  });
});

test('faults: deterministic per (seed, function, payload, attempt), rates validated', () => {
  const f = { throwRate: 0.5, seed: 1 };
  const a = Array.from({ length: 50 }, (_, i) => chooseFault(f, 'fn', `{"i":${i}}`, 1));
  expect(Array.from({ length: 50 }, (_, i) => chooseFault(f, 'fn', `{"i":${i}}`, 1))).toEqual(a);
  const thrown = a.filter((x) => x === 'throw').length;
  expect(thrown).toBeGreaterThan(10);
  expect(thrown).toBeLessThan(40);
  expect(chooseFault({}, 'fn', '{}', 1)).toBeUndefined();
  expect(chooseFault({ oomRate: 1 }, 'fn', '{}', 3)).toBe('oom');
  expect(() => validateFaults({ timeoutRate: -0.1 })).toThrow(/timeoutRate must be a number in \[0, 1\], got -0.1/);
  expect(() => validateFaults({ seed: 1.5 })).toThrow(/seed must be an integer, got 1.5/);
});

test('function references: name, name:qualifier, ARN, URL-encoded ARN', () => {
  expect(functionNameOf('worker')).toBe('worker');
  expect(functionNameOf('worker:live')).toBe('worker');
  expect(functionNameOf('arn:aws:lambda:us-east-1:123456789012:function:worker')).toBe('worker');
  expect(functionNameOf(encodeURIComponent('arn:aws:lambda:us-east-1:123456789012:function:worker:1'))).toBe('worker');
});

test('container images resolve to CDK docker image assets by tag, including nested stage assemblies', () => {
  const asm = mkdtempSync(path.join(os.tmpdir(), 'scalesim-asm-'));
  mkdirSync(path.join(asm, 'asset.abc123'));
  mkdirSync(path.join(asm, 'assembly-Stage', 'asset.def456'), { recursive: true });
  const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/cdk-hnb659fds-container-assets-123456789012-us-east-1';
  expect(assemblyImageDir(asm, `${repo}:abc123`)).toBe(path.join(asm, 'asset.abc123'));
  expect(assemblyImageDir(asm, `${repo}:def456`)).toBe(path.join(asm, 'assembly-Stage', 'asset.def456'));
  expect(assemblyImageDir(asm, `${repo}:nope`)).toBeUndefined();
  expect(assemblyImageDir(undefined, `${repo}:abc123`)).toBeUndefined();
});

test('Dockerfile CMD/ENTRYPOINT/WORKDIR of the last stage give the default command', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-docker-'));
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM node:20 AS build\nCMD ["echo", "build"]\nFROM public.ecr.aws/docker/library/node:20-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["node"]\nCMD ["dist/task.js", \\\n "--fast"]\n',
  );
  expect(readDockerfile(dir)).toEqual({ workdir: '/app', entryPoint: ['node'], cmd: ['dist/task.js', '--fast'] });
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM x\nCMD node task.js\n');
  expect(readDockerfile(dir)).toEqual({ cmd: ['/bin/sh', '-c', 'node task.js'] });
});

test('client config and exported env point at the emulator, path-style for S3', () => {
  const s = { region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const c = clientConfig(s);
  expect(c).toEqual({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000', forcePathStyle: true, credentials: s.credentials });
  expect(c.credentials).not.toBe(s.credentials);
  expect(clientConfig({ region: 'us-east-1' })).toEqual({ region: 'us-east-1' });
  expect(sessionEnv(s)).toEqual({ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
});

test('a missing packaged file names what is missing and where it looked', () => {
  expect(emulatorAsset('moto/launcher.py')).toMatch(/simulator\/emulator\/moto\/launcher\.py$/);
  expect(() => emulatorAsset('moto/nope.py')).toThrow(/scalesim is missing its file simulator\/emulator\/moto\/nope\.py \(looked in /);
});

describe('outcomeOf', () => {
  const info = { timeoutSec: 3 };
  test('a handler error is returned as is, with no REPORT status', () => {
    const error = { errorType: 'TypeError', errorMessage: 'x is undefined' };
    expect(outcomeOf({ kind: 'error', error, durationMs: 5, maxMemoryKb: 0 }, 'r1', info)).toEqual({ outcome: 'error', error });
  });
  test('a sandbox failure carries the error Lambda writes and the REPORT status', () => {
    expect(outcomeOf({ kind: 'timeout', durationMs: 3000, maxMemoryKb: 0 }, 'r1', info)).toEqual({
      outcome: 'timeout',
      status: 'timeout',
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: r1 Error: Task timed out after 3.00 seconds' },
    });
    expect(outcomeOf({ kind: 'oom', durationMs: 0, maxMemoryKb: 1024 }, 'r2', info)).toMatchObject({ outcome: 'oom', status: 'error', error: { errorType: 'Runtime.OutOfMemory' } });
  });
});

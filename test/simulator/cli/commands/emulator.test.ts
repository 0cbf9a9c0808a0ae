import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startCommand, stopCommand } from '../../../../simulator/cli/commands/emulator';
import type { CliDeps } from '../../../../simulator/cli/deps';
import { UserError } from '../../../../simulator/errors';
import { readState } from '../../../../simulator/emulator/detached';
import { startEmulator } from '../../../../simulator/emulator';
import { isAlive } from '../../../../simulator/emulator/process-tree';
import { cfg, createFunction, waitFor } from '../../emulator/helpers';

/**
 * `scalesim emulator start --keep` / `stop`, and the endpoint provider recognising the kept gateway.
 * The commands run in-process (yargs is ESM-only, which jest on Node 20 cannot load); the foreground
 * Ctrl-C path runs the real CLI in a child process and sends it a real SIGINT.
 */
jest.setTimeout(90_000);

/** `emulator start` arguments as the parser hands them over (the option table's defaults filled in). */
const args = (o: { keep?: boolean; deploy?: string } = {}) => ({ _: [], region: 'us-east-1', keep: false, ...o });

function deps(env: Record<string, string>, signal = new AbortController().signal) {
  const out: string[] = [];
  const err: string[] = [];
  const d: CliDeps = {
    stdout: { write: (t) => void out.push(t) },
    stderr: { write: (t) => void err.push(t) },
    now: () => Date.now(),
    env: { ...process.env, ...env },
    cwd: process.cwd(),
    interactive: false,
    signal,
  };
  return { d, out, err };
}

test('start --keep prints the endpoint and env, keeps running for the AWS CLI/SDK, and stop kills exactly its PIDs', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-state-'));
  const started = deps({ SCALESIM_STATE_DIR: dir });
  expect(await startCommand.run(args({ keep: true }), started.d)).toBe(0);
  const state = readState(dir)!;
  try {
    const text = started.out.join('');
    expect(text).toContain(`export AWS_ENDPOINT_URL=${state.endpoint}`);
    expect(text).toContain('export AWS_ACCESS_KEY_ID=testing');
    expect(text).toContain(`aws --endpoint-url ${state.endpoint} stepfunctions list-state-machines`);
    expect(isAlive(state.gatewayPid)).toBe(true);
    expect(isAlive(state.motoPid)).toBe(true);

    // A second start refuses instead of orphaning the first.
    const again = deps({ SCALESIM_STATE_DIR: dir });
    await expect(startCommand.run(args({ keep: true }), again.d)).rejects.toThrow(UserError);
    await expect(startCommand.run(args({ keep: true }), again.d)).rejects.toThrow(/an emulator is already running at .*: run "scalesim emulator stop" first/);

    // The endpoint provider recognises the kept gateway and drives it over HTTP.
    const s = await startEmulator('endpoint', { endpoint: state.endpoint });
    expect(s.description.name).toBe('scalesim-gateway');
    expect(s.capabilities).toMatchObject({ executesLambda: true, faultInjection: true });
    const sfn = new SFNClient(cfg(s));
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    sfn.destroy();
    await createFunction(s, 'kept', `exports.handler = async () => 'ok';`);
    await s.setFaults!({ throwRate: 1, seed: 3 });
    const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
    const lambda = new LambdaClient(cfg(s));
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'kept' }))).FunctionError).toBe('Unhandled');
    lambda.destroy();
    expect((await s.invocations!()).map((r) => r.injected)).toEqual(['throw']);
    await expect(s.setFaults!({ oomRate: 7 })).rejects.toThrow(/oomRate must be a number in \[0, 1\], got 7/);
    await s.stop();
  } finally {
    const stopped = deps({ SCALESIM_STATE_DIR: dir });
    expect(await stopCommand.run({ _: [] }, stopped.d)).toBe(0);
    expect(stopped.out.join('')).toMatch(/stopped the emulator at http:\/\/127\.0\.0\.1:\d+ \(gateway pid \d+, moto pid \d+\)/);
  }
  await waitFor(async () => (!isAlive(state.gatewayPid) && !isAlive(state.motoPid) ? true : undefined), 10_000, 'kept emulator to exit');
  expect(readState(dir)).toBeUndefined();
  const none = deps({ SCALESIM_STATE_DIR: dir });
  await stopCommand.run({ _: [] }, none.d);
  expect(none.out.join('')).toBe('no emulator is running\n');
});

test('start in the foreground (the real CLI) runs until Ctrl-C, then stops everything', async () => {
  const root = path.join(__dirname, '..', '..', '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'scalesim.ts'), 'emulator', 'start'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const endpoint = await waitFor(async () => /running at (\S+)/.exec(out)?.[1], 60_000, 'foreground start');
  const info = (await (await fetch(`${endpoint}/_scalesim/info`)).json()) as { pid: number };
  expect(info.pid).toBe(child.pid);
  const { descendants } = await import('../../../../simulator/emulator/process-tree');
  const started = descendants(child.pid!);
  expect(started.length).toBeGreaterThan(0);
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(out).toMatch(/SIGINT received, stopping and cleaning up/);
  await expect(fetch(`${endpoint}/_scalesim/info`)).rejects.toThrow();
  // Everything the CLI had started (moto, by process group) is gone, not re-parented to init.
  const { isAlive } = await import('../../../../simulator/emulator/process-tree');
  expect(started.filter((p) => isAlive(p))).toEqual([]);
});

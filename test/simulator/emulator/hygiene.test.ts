import { ECSClient, CreateClusterCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { descendants, isAlive } from '../../../simulator/emulator/process-tree';
import { startMotoSession } from '../../../simulator/emulator/moto/provider';
import { cfg, createFunction, sleep, waitFor } from './helpers';

/** After stop (or abort), nothing scalesim started may remain: moto, environments, containers. */
jest.setTimeout(60_000);

async function gone(pids: number[]): Promise<void> {
  await waitFor(async () => (pids.every((p) => !isAlive(p)) ? true : undefined), 5000, `processes ${pids.join(',')} to exit`);
}

test('stop() leaves no moto, execution environment or container process behind', async () => {
  const before = new Set(descendants(process.pid));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scalesim-hyg-'));
  // A "container" that would run for a minute, and spawns a grandchild of its own.
  writeFileSync(path.join(dir, 'long.js'), `require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }); setTimeout(() => {}, 60000);`);
  const s = await startMotoSession({ resolveImage: () => dir });
  let pids: number[];
  try {
    await createFunction(s, 'idle', `exports.handler = async () => 'hi';`);
    const lambda = new LambdaClient(cfg(s));
    await lambda.send(new InvokeCommand({ FunctionName: 'idle' }));
    lambda.destroy();
    const ecs = new ECSClient(cfg(s));
    await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'long',
        networkMode: 'bridge',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'main', image: 'local/long', memory: 512, command: ['node', 'long.js'] }],
      }),
    );
    await ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: td.taskDefinition!.taskDefinitionArn!, launchType: 'FARGATE' }));
    ecs.destroy();
    await sleep(300);
    pids = [s.pids.moto, ...s.childPids()];
    // moto, one warm environment, one container (process-group leaders), plus the container's grandchild.
    expect(s.childPids()).toHaveLength(2);
    expect(descendants(process.pid).filter((p) => !before.has(p)).length).toBeGreaterThanOrEqual(4);
  } finally {
    await s.stop();
  }
  await gone(pids);
  expect(descendants(process.pid).filter((p) => !before.has(p))).toEqual([]);
  // Idempotent.
  await s.stop();
});

test('aborting the signal stops the session', async () => {
  const before = new Set(descendants(process.pid));
  const ac = new AbortController();
  const s = await startMotoSession({ signal: ac.signal });
  await createFunction(s, 'f', `exports.handler = async () => 1;`);
  const lambda = new LambdaClient(cfg(s));
  await lambda.send(new InvokeCommand({ FunctionName: 'f' }));
  lambda.destroy();
  const pids = [s.pids.moto, ...s.childPids()];
  ac.abort(new Error('SIGINT'));
  await gone(pids);
  await waitFor(async () => (descendants(process.pid).filter((p) => !before.has(p)).length === 0 ? true : undefined), 5000, 'no descendants');
});

test('an aborted start cleans up what it had started', async () => {
  const before = new Set(descendants(process.pid));
  const ac = new AbortController();
  const p = startMotoSession({ signal: ac.signal });
  setTimeout(() => ac.abort(new Error('interrupted by SIGINT')), 200);
  await expect(p).rejects.toThrow(/interrupted by SIGINT/);
  await waitFor(async () => (descendants(process.pid).filter((x) => !before.has(x)).length === 0 ? true : undefined), 5000, 'no descendants');
});

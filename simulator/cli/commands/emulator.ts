import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DESIGNS } from '../../../lib/workload/contract';
import { awsClients } from '../../deploy/aws-clients';
import { deployStack } from '../../deploy/deploy';
import { synthesize } from '../../deploy/synth';
import { startEmulator } from '../../emulator';
import { sessionEnv } from '../../emulator/client-config';
import type { EmulatorSession } from '../../emulator/types';
import { loadScenario } from '../../scenario/load';
import { readState, startDetached, stateDir, stopDetached } from '../../emulator/detached';
import { startMotoSession } from '../../emulator/moto/provider';
import { defineCommand } from '../command';
import type { CliDeps } from '../deps';
import { readAssembly } from '../../assembly/read';

function printSession(deps: CliDeps, endpoint: string, region: string, how: string): void {
  const env = sessionEnv({ endpoint, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  deps.stdout.write(
    `scalesim emulator (moto behind the scalesim gateway) is running at ${endpoint}\n` +
      `Export these to point the AWS CLI and SDKs at it:\n` +
      Object.entries(env)
        .map(([k, v]) => `  export ${k}=${v}\n`)
        .join('') +
      `Try: aws --endpoint-url ${endpoint} stepfunctions list-state-machines\n` +
      `${how}\n`,
  );
}

/** Synthesize a scenario and deploy both stacks into a running emulator, as `scalesim run` does. */
async function deployScenario(file: string, session: EmulatorSession, deps: CliDeps): Promise<void> {
  const loaded = loadScenario(file);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-emulator-assembly-'));
  synthesize(loaded.scenario, dir);
  session.useAssembly(dir);
  const assembly = readAssembly(dir);
  const clients = awsClients(session);
  try {
    for (const design of DESIGNS) {
      const d = await deployStack(session, clients, assembly[design], { seedBootstrap: true, signal: deps.signal });
      await session.prepareStateMachines([d.stateMachineArn]);
      deps.stdout.write(`deployed ${d.stackName}: state machine ${d.stateMachineArn}, raw bucket ${d.buckets.raw}\n`);
    }
  } finally {
    clients.destroy();
  }
}

export const startCommand = defineCommand({
  command: 'start',
  describe: 'Start the embedded emulator (moto + scalesim gateway) and print its endpoint',
  options: ['keep', 'region', 'deploy'],
  examples: [
    ['$0 emulator start', 'Run in the foreground until Ctrl-C'],
    ['$0 emulator start --keep', 'Leave it running in the background; stop it with `scalesim emulator stop`'],
    ['$0 emulator start --keep --deploy scenarios/baseline.yaml', 'Also deploy both baseline stacks, to list them with the AWS CLI'],
  ],
  async run(args, deps) {
    const region = args.region;
    const scenarioFile = args.deploy;
    if (args.keep) {
      const s = await startDetached({ region, dir: stateDir(deps.env) });
      if (scenarioFile) {
        const session = await startEmulator('endpoint', { endpoint: s.endpoint, region, signal: deps.signal });
        try {
          await deployScenario(scenarioFile, session, deps);
        } finally {
          await session.stop();
        }
      }
      printSession(deps, s.endpoint, s.region, `Left running (gateway pid ${s.gatewayPid}, moto pid ${s.motoPid}); stop it with: scalesim emulator stop`);
      return 0;
    }
    const session = await startMotoSession({ region, signal: deps.signal });
    try {
      if (scenarioFile) await deployScenario(scenarioFile, session, deps);
      printSession(deps, session.endpoint, region, 'Press Ctrl-C to stop it.');
      await new Promise<void>((resolve) => {
        if (deps.signal.aborted) resolve();
        deps.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      await session.stop();
    }
    deps.stderr.write('scalesim: emulator stopped\n');
    return 0;
  },
});

export const stopCommand = defineCommand({
  command: 'stop',
  describe: 'Stop the emulator left running by `emulator start --keep`',
  options: [],
  examples: [['$0 emulator stop', 'Stop the background emulator and everything it started']],
  async run(_args, deps) {
    const dir = stateDir(deps.env);
    const before = readState(dir);
    const stopped = await stopDetached(dir);
    if (stopped) deps.stdout.write(`stopped the emulator at ${stopped.endpoint} (gateway pid ${stopped.gatewayPid}, moto pid ${stopped.motoPid})\n`);
    else deps.stdout.write(before ? 'the recorded emulator was no longer running; state cleared\n' : 'no emulator is running\n');
    return 0;
  },
});

export const emulatorCommand = defineCommand({
  command: 'emulator',
  describe: 'Start or stop the embedded AWS emulator, to poke at it with the AWS CLI',
  options: [],
  examples: [
    ['$0 emulator start --keep', 'Start moto + the scalesim gateway in the background'],
    ['$0 emulator stop', 'Stop it'],
  ],
  subcommands: [startCommand, stopCommand],
  async run() {
    return 0;
  },
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DESIGNS } from '../../../lib/workload/contract';
import { awsClients } from '../../deploy/aws-clients';
import { deployStack } from '../../deploy/deploy';
import { synthesizeCached } from '../../deploy/synth-cache';
import { startEmulator } from '../../emulator';
import { sessionEnv } from '../../emulator/client-config';
import type { EmulatorSession } from '../../emulator/types';
import { loadScenario } from '../../scenario/load';
import { assemblyDirOf, inspectState, startDetached, stateDir, stopDetached } from '../../emulator/detached';
import { startMotoSession } from '../../emulator/moto/provider';
import { defineCommand } from '../command';
import type { CliDeps } from '../deps';
import { regionFlag } from '../flags';
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

/** Deploy both stacks of a synthesized assembly into a running emulator, as `scalesim run` does. */
async function deployAssembly(assemblyDir: string, session: EmulatorSession, deps: CliDeps): Promise<void> {
  session.useAssembly(assemblyDir);
  const assembly = readAssembly(assemblyDir);
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
    // Inputs first: nothing is started for a bad region or a bad scenario.
    const region = regionFlag(args);
    const scenarioFile = args.deploy;
    const loaded = scenarioFile ? loadScenario(scenarioFile) : undefined;
    // Synthesis (cdk-nag included) is part of checking the input: it runs before anything is started.
    const assemblyDir = loaded ? fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-emulator-assembly-')) : undefined;
    try {
      if (loaded) synthesizeCached(loaded.scenario, assemblyDir!);
      if (args.keep) {
        const dir = stateDir(deps.env);
        const s = await startDetached({ region, dir });
        if (assemblyDir) {
          // Teardown on every error path: a failed deploy must not leave moto and the gateway running.
          try {
            // The kept gateway runs Lambda and ECS code from this assembly until `emulator stop` removes it.
            fs.cpSync(assemblyDir, assemblyDirOf(dir), { recursive: true });
            const session = await startEmulator('endpoint', { endpoint: s.endpoint, region, signal: deps.signal });
            try {
              await deployAssembly(assemblyDirOf(dir), session, deps);
            } finally {
              await session.stop();
            }
          } catch (e) {
            await stopDetached(dir);
            throw e;
          }
        }
        printSession(deps, s.endpoint, s.region, `Left running (gateway pid ${s.gatewayPid}, moto pid ${s.motoPid}); stop it with: scalesim emulator stop`);
        return 0;
      }
      const session = await startMotoSession({ region, signal: deps.signal });
      try {
        if (assemblyDir) await deployAssembly(assemblyDir, session, deps);
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
    } finally {
      if (assemblyDir) fs.rmSync(assemblyDir, { recursive: true, force: true });
    }
  },
});

export const stopCommand = defineCommand({
  command: 'stop',
  describe: 'Stop the emulator left running by `emulator start --keep`',
  options: [],
  examples: [['$0 emulator stop', 'Stop the background emulator and everything it started']],
  async run(_args, deps) {
    const dir = stateDir(deps.env);
    const before = inspectState(dir);
    const stopped = await stopDetached(dir);
    if (stopped?.recovered) {
      const { gatewayPids, reason } = stopped.recovered;
      const what = gatewayPids.length
        ? `stopped the emulator found by its command line (gateway pid ${gatewayPids.join(', ')})`
        : fs.existsSync('/proc/self')
          ? 'no emulator for this state folder is running'
          : 'this system has no /proc to find one by its command line (check with: ps ax | grep gateway-main)';
      deps.stdout.write(`the state file was corrupt (${reason.slice(0, 200)}); ${what}; state cleared\n`);
    } else if (stopped?.state) {
      const s = stopped.state;
      deps.stdout.write(`stopped the emulator at ${s.endpoint} (gateway pid ${s.gatewayPid}, moto pid ${s.motoPid})\n`);
    } else deps.stdout.write(before.kind === 'ok' ? 'the recorded emulator was no longer running; state cleared\n' : 'no emulator is running\n');
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

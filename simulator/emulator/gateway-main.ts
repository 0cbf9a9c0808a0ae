/**
 * Entry point of the detached emulator (`scalesim emulator start --keep`): embedded moto plus the
 * gateway, running until SIGTERM/SIGINT, then stopped cleanly. Started by detached.ts; not a CLI.
 * Arguments: --region R --state-dir DIR --log-file F [--port P]
 */
import { rmSync } from 'node:fs';
import { stateFile, writeState } from './detached';
import { startMotoSession } from './moto/provider';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function run(): Promise<void> {
  const region = arg('region') ?? 'us-east-1';
  const dir = arg('state-dir');
  if (!dir) throw new Error('--state-dir is required');
  const port = arg('port') ? Number(arg('port')) : undefined;
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const session = await startMotoSession({ region, log, ...(port ? { port } : {}) });
  let stopping = false;
  const shutdown = (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    void session.stop().finally(() => {
      rmSync(stateFile(dir), { force: true });
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  writeState(dir, {
    endpoint: session.endpoint,
    region,
    gatewayPid: process.pid,
    motoPid: session.pids.moto,
    startedAt: new Date().toISOString(),
    logFile: arg('log-file') ?? '',
  });
  log(`ready on ${session.endpoint}`);
}

run().catch((e: Error) => {
  process.stdout.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});

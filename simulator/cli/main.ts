import yargs, { Argv } from 'yargs';
import { isUserError, UserError } from '../errors';
import { environmentError } from '../io/errno';
import type { AnyCommand } from './command';
import { COMMANDS } from './commands';
import { CliDeps, processDeps } from './deps';
import { OPTIONS } from './options';

/** Exit codes: 0 ok, 1 the run itself failed (e.g. invariant broken), 2 a user mistake. */
const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/**
 * Runs one CLI invocation in-process and returns its exit code. Never calls process.exit, so tests
 * can drive it with injected deps.
 */
export async function exec(argv: readonly string[], deps: CliDeps): Promise<number> {
  let exitCode: number | undefined;
  const parser = yargs([...argv])
    .scriptName('scalesim')
    .usage('$0 <command> [options]\n\nWhen does scale require distributed computation? Measure both designs on an AWS emulator and find out.')
    .strict()
    .demandCommand(1, 'name a command; see --help')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      // Throwing stops yargs here; returning would let it run the command's handler anyway.
      const friendly = msg && /^Not enough non-option arguments/.test(msg) ? `${msg.replace(/:.*$/, '')}: a required argument is missing (see --help)` : msg;
      throw new UserError(friendly ?? 'invalid arguments; see --help');
    });
  for (const spec of COMMANDS) {
    register(parser, spec, deps, (code) => (exitCode = code));
  }
  try {
    await parser.parseAsync();
  } catch (e) {
    // A full disk, a read-only or forbidden path: the user's environment, not a scalesim bug. One line.
    const user = isUserError(e) ? e : deps.signal.aborted ? undefined : environmentError(e);
    if (user) {
      deps.stderr.write(`scalesim: ${user.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  return exitCode ?? EXIT_OK;
}

function register(parser: Argv, spec: AnyCommand, deps: CliDeps, setExit: (code: number) => void): void {
  parser.command(
    spec.command,
    spec.describe,
    (y) => {
      for (const [name, p] of Object.entries(spec.positionals ?? {})) {
        y.positional(name, { describe: p.describe, type: p.type ?? 'string', array: p.array });
      }
      for (const name of spec.options) {
        const choices = spec.choices?.[name];
        y.option(name, { ...OPTIONS[name], ...(choices ? { choices: [...choices] } : {}), demandOption: spec.required?.includes(name) ?? false });
      }
      for (const [cmd, what] of spec.examples) y.example(cmd, what);
      for (const sub of spec.subcommands ?? []) register(y, sub, deps, setExit);
      if (spec.subcommands?.length) y.demandCommand(1, `name a sub-command of ${spec.command.split(' ')[0]}`);
      return y;
    },
    spec.subcommands?.length
      ? undefined
      : async (parsed) => {
          // yargs parsed and checked the options of `spec`, whose `run` is typed from the same lists.
          setExit(await spec.run(parsed as never, deps));
        },
  );
}

/** The process entry point: wires signals and real deps, then exits with the code. */
export async function main(argv: readonly string[]): Promise<void> {
  silenceSdkNodeVersionWarning();
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\nscalesim: ${sig} received, stopping and cleaning up...\n`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code: number;
  try {
    code = await exec(argv.slice(2), processDeps(controller.signal));
  } catch (e) {
    if (controller.signal.aborted) {
      process.stderr.write(`scalesim: interrupted; cleaned up\n`);
      code = 130;
    } else {
      process.stderr.write(`scalesim: internal error (a bug, please report it):\n${e instanceof Error ? e.stack : String(e)}\n`);
      code = EXIT_FAILURE;
    }
  }
  if (interrupted && code === EXIT_OK) code = 130;
  process.exitCode = code;
}

/**
 * The AWS SDK prints a multi-line NodeVersionSupportWarning on Node 20 before every CLI message,
 * which breaks the one-line error contract. Node 20 is this project's supported runtime until the
 * SDK actually requires 22; drop just that warning. Remove when the engines field moves to Node 22.
 */
function silenceSdkNodeVersionWarning(): void {
  const emit = process.emitWarning.bind(process) as (...a: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const name = warning instanceof Error ? warning.name : type;
    if (name === 'NodeVersionSupportWarning' || String(warning).includes('require node >=22')) return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}

import { UserError } from '../errors';
import type { CliDeps } from './deps';
import type { OptionName } from './options';

/** Parsed arguments as yargs hands them over: named options plus positionals. */
export type Args = Record<string, unknown> & { _: (string | number)[] };

/**
 * One CLI command. Commands live one per file in `commands/` and are listed in `commands/index.ts`.
 */
export interface CommandSpec {
  /** yargs command string, e.g. `run <scenario>`. */
  readonly command: string;
  readonly describe: string;
  /** Positional arguments, described for --help. */
  readonly positionals?: Record<string, { describe: string; type?: 'string' | 'number'; array?: boolean }>;
  /** Options from the shared table (options.ts) this command accepts. */
  readonly options: readonly OptionName[];
  /** Options that must be given. */
  readonly required?: readonly OptionName[];
  /**
   * Narrower choices for a shared option in this command (e.g. `check --format` prints text, json,
   * markdown or github, not the report's md or html).
   * @default - the option table's choices
   */
  readonly choices?: Partial<Record<OptionName, readonly string[]>>;
  readonly examples: ReadonlyArray<readonly [string, string]>;
  /** Sub-commands (e.g. `emulator start|stop`); when present, `run` is not called. */
  readonly subcommands?: readonly CommandSpec[];
  /** Returns the exit code. Throw UserError for mistakes the user can fix. */
  run(args: Args, deps: CliDeps): Promise<number>;
}

export function str(args: Args, name: string): string | undefined {
  const v = args[name];
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * A finite number, or undefined when the flag was not given; anything else is a UserError (never
 * silently ignored). For the integer flags, prefer numericFlag in flags.ts, which also checks ranges.
 */
export function num(args: Args, name: string): number | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new UserError(`--${name}: expected a number, got ${JSON.stringify(String(v)).slice(0, 60)}`);
  return n;
}

export function bool(args: Args, name: string): boolean {
  return args[name] === true;
}

import type { CliDeps } from './deps';
import type { OptionName, OptionValue, OptionWithDefault } from './options';

/** A positional argument, described for --help. */
export interface PositionalSpec {
  readonly describe: string;
  /** @default 'string' */
  readonly type?: 'string' | 'number';
  /** @default false */
  readonly array?: boolean;
  /**
   * The command string names it in brackets (`access [scenario]`): it may be absent.
   * @default false
   */
  readonly optional?: boolean;
}

export type Positionals = Readonly<Record<string, PositionalSpec>>;

type PositionalValue<P extends PositionalSpec> = P extends { readonly optional: true } ? RequiredPositionalValue<P> | undefined : RequiredPositionalValue<P>;

type RequiredPositionalValue<P extends PositionalSpec> = P extends { readonly type: 'number' }
  ? P extends { readonly array: true }
    ? readonly number[]
    : number
  : P extends { readonly array: true }
    ? readonly string[]
    : string;

/**
 * The parsed arguments of a command, typed from the option table (options.ts) and the command's own
 * `options`, `required` and `positionals`: an option with a default or listed as required always has a
 * value; any other option may be absent. Positionals (`run <scenario>`) are always there.
 */
export type Args<O extends OptionName = never, P extends Positionals = Record<never, never>, R extends O = never> = {
  readonly [K in O as K extends OptionWithDefault | R ? K : never]: OptionValue<K>;
} & {
  readonly [K in O as K extends OptionWithDefault | R ? never : K]?: OptionValue<K>;
} & {
  readonly [K in keyof P]: PositionalValue<P[K]>;
} & { readonly _: readonly (string | number)[] };

/**
 * One CLI command. Commands live one per file in `commands/`, are made with `defineCommand` (which types
 * `run`'s arguments from the lists below) and are listed in `commands/index.ts`.
 */
export interface CommandSpec<O extends OptionName = OptionName, P extends Positionals = Positionals, R extends O = O> {
  /** yargs command string, e.g. `run <scenario>`. */
  readonly command: string;
  readonly describe: string;
  /**
   * Positional arguments, described for --help.
   * @default - none
   */
  readonly positionals?: P;
  /** Options from the shared table (options.ts) this command accepts. */
  readonly options: readonly O[];
  /**
   * Options that must be given.
   * @default - none
   */
  readonly required?: readonly R[];
  /**
   * Narrower choices for a shared option in this command (e.g. `check --format` prints text, json,
   * markdown or github, not the report's md or html).
   * @default - the option table's choices
   */
  readonly choices?: Partial<Record<OptionName, readonly string[]>>;
  readonly examples: ReadonlyArray<readonly [string, string]>;
  /**
   * Sub-commands (e.g. `emulator start|stop`); when present, `run` is not called.
   * @default - none
   */
  readonly subcommands?: readonly AnyCommand[];
  /** Returns the exit code. Throw UserError for mistakes the user can fix. */
  run(args: Args<O, P, R>, deps: CliDeps): Promise<number>;
}

/**
 * A command of any option list, as the registry (commands/index.ts) and the parser (main.ts) hold it:
 * its `run` takes the arguments its own lists describe, which only the parser can produce.
 */
export type AnyCommand = Omit<CommandSpec, 'run'> & { run(args: never, deps: CliDeps): Promise<number> };

/** A command whose `run` receives arguments typed from its own option and positional lists. */
export function defineCommand<const O extends OptionName = never, const P extends Positionals = Record<never, PositionalSpec>, const R extends O = never>(
  spec: CommandSpec<O, P, R>,
): CommandSpec<O, P, R> {
  return spec;
}

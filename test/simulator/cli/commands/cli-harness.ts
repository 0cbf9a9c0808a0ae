import { spawnSync } from 'child_process';
import * as path from 'path';
import type { CliDeps } from '../../../../simulator/cli/deps';
import { optionDefaults, type OptionName } from '../../../../simulator/cli/options';
import { isUserError } from '../../../../simulator/errors';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one command's `run` in-process with captured output, turning a UserError into exit 2 and a
 * one-line message the way `exec` does. (jest cannot load `simulator/cli/main.ts` itself: yargs 18
 * ships only ESM.) `args` are what the user typed; the option table's defaults are filled in, as yargs
 * would.
 */
export async function runSpec<A>(
  spec: { readonly options: readonly OptionName[]; run(args: A, deps: CliDeps): Promise<number> },
  args: Readonly<Record<string, unknown>>,
  cwd: string,
  now = Date.UTC(2026, 11, 3, 9, 30),
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const deps: CliDeps = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    now: () => now,
    env: {},
    cwd,
    interactive: false,
    signal: new AbortController().signal,
  };
  try {
    const code = await spec.run({ _: [], ...optionDefaults(spec.options), ...args } as A, deps);
    return { code, stdout, stderr };
  } catch (e) {
    if (!isUserError(e)) throw e;
    stderr += `scalesim: ${e.message}\n`;
    return { code: 2, stdout, stderr };
  }
}

const REPO = path.join(__dirname, '..', '..', '..', '..');

/** The real CLI in a child process (tsx), for end-to-end checks of parsing and exit codes. */
export function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(REPO, 'bin', 'scalesim.ts'), ...argv], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

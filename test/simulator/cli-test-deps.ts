import type { CliDeps } from '../../simulator/cli/deps';

/** CLI deps for in-process command tests: output collected, nothing interactive, a signal never aborted. */
export function testDeps(stdout: string[], stderr: string[] = stdout, env: CliDeps['env'] = process.env): CliDeps {
  return {
    stdout: { write: (t) => void stdout.push(t) },
    stderr: { write: (t) => void stderr.push(t) },
    now: () => Date.now(),
    env,
    cwd: process.cwd(),
    interactive: false,
    signal: new AbortController().signal,
  };
}

/**
 * What a command may touch, injected so tests can run commands in-process (STYLE.md rule 10).
 */
export interface Output {
  write(text: string): void;
}

export interface CliDeps {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** True when progress bars may be drawn. */
  readonly interactive: boolean;
  /** Aborted on SIGINT/SIGTERM; long work must stop and clean up. */
  readonly signal: AbortSignal;
}

export function processDeps(signal: AbortSignal): CliDeps {
  return {
    stdout: { write: (t) => void process.stdout.write(t) },
    stderr: { write: (t) => void process.stderr.write(t) },
    now: () => Date.now(),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    signal,
  };
}

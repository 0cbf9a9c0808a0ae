import { SingleBar } from 'cli-progress';
import type { CliDeps } from './deps';

export interface ProgressReporter {
  /** A status line (stderr): always printed, unless quiet. */
  log(line: string): void;
  /** A progress bar on a TTY; silent in CI and when piped. */
  bar(label: string, done: number, total: number): void;
  done(): void;
}

/**
 * Long work shows a bar on an interactive terminal and stays quiet in CI (CLI deps decide what is
 * interactive). Status lines go to stderr so stdout stays machine-readable.
 */
export function progressReporter(deps: CliDeps, quiet: boolean): ProgressReporter {
  let bar: SingleBar | undefined;
  let label = '';
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    log(line) {
      if (quiet) return;
      stop();
      deps.stderr.write(`${line}\n`);
    },
    bar(l, done, total) {
      if (quiet || !deps.interactive) return;
      if (!bar || l !== label) {
        stop();
        label = l;
        bar = new SingleBar({ format: `${l} [{bar}] {value}/{total} partitions`, hideCursor: true, clearOnComplete: true, stream: process.stderr });
        bar.start(total, done);
      }
      bar.setTotal(total);
      bar.update(done);
    },
    done: stop,
  };
}

import { SingleBar } from 'cli-progress';
import type { CliDeps } from './deps';
import { ProgressRate } from './progress-rate';
import type { StepProgress } from '../run/run-data';

export interface ProgressReporter {
  /** A status line (stderr): always printed, unless quiet. */
  log(line: string): void;
  /**
   * Progress of a long step, counted in `unit` (partitions, events, MB): a bar on a TTY (with events
   * per second and an ETA when `events` is given); elsewhere, unless quiet, one status line every 30 s,
   * so a long run's log shows it is moving.
   */
  bar(label: string, done: number, total: number, unit: string, events?: number): void;
  done(): void;
}

/** Seconds between status lines when there is no terminal to draw a bar on. */
const LINE_EVERY_MS = 30_000;

/**
 * Long work shows a bar on an interactive terminal and stays quiet in CI (CLI deps decide what is
 * interactive). Status lines go to stderr so stdout stays machine-readable.
 */
export function progressReporter(deps: CliDeps, quiet: boolean, now: () => number = Date.now): ProgressReporter {
  let bar: SingleBar | undefined;
  let label = '';
  let rate: ProgressRate | undefined;
  let lastLine = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const statusLine = (l: string, done: number, total: number, unit: string, r: ProgressRate) => {
    if (now() - lastLine < LINE_EVERY_MS || done >= total) return;
    lastLine = now();
    deps.stderr.write(`${l}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}${r.describe()}\n`);
  };
  return {
    log(line) {
      if (quiet) return;
      stop();
      deps.stderr.write(`${line}\n`);
    },
    bar(l, done, total, unit, events) {
      if (quiet) return;
      if (!rate || l !== label) {
        stop();
        label = l;
        rate = new ProgressRate(now());
        lastLine = now();
      }
      rate.update(now(), done, total, events);
      if (!deps.interactive) return statusLine(l, done, total, unit, rate);
      if (!bar) {
        bar = new SingleBar({ format: `${l} [{bar}] {value}/{total} ${unit}{rate}`, hideCursor: true, clearOnComplete: true, stream: process.stderr });
        bar.start(total, done, { rate: '' });
      }
      bar.setTotal(total);
      bar.update(done, { rate: rate.describe() });
    },
    done: stop,
  };
}

/** The run pipeline's steps (run/run-data.ts `StepProgress`, each with its unit) on a progress reporter. */
export function stepProgress(progress: ProgressReporter): StepProgress {
  return (label, done, total, unit, events) => progress.bar(label, done, total, unit, events);
}

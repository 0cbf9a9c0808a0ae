import { UserError } from '../errors';
import { decodeUserText, parseUserJson, readUserFile } from '../io/read-user-file';
import { RESULTS_SCHEMA_VERSION, type Results } from './results';
import { validateResults } from './validate';

/**
 * The one way a command reads a results.json (cost, profile, report, diff, sweep --refit). In order:
 * the guarded read (a regular file, at most MAX_RESULTS_BYTES, UTF-8), JSON without echoing the text and
 * without non-finite numbers (`1e400`), the schemaVersion (an unknown one is refused on one line, not
 * half-read), the shape (validateResults), then the run's status.
 *
 * What an incomplete run, or one with no design results, gets depends on what the command does with it,
 * and is the same for every command of a kind:
 * - `refuse`: commands that compute new figures from the measurements (`cost`, `sweep --refit`); a
 *   partial run would under-count usage or bend a fit, so they stop with exit 2;
 * - `warn`: commands that show what the file holds (`report`, `profile`, `diff`); they go on, after one
 *   warning line on stderr.
 */

/** Largest results.json read; a bigger file is not a results file. */
export const MAX_RESULTS_BYTES = 200_000_000;

export type IncompletePolicy = 'refuse' | 'warn';

export interface LoadResultsOptions {
  /** What an incomplete run (or one without design results) gets. */
  readonly incomplete: IncompletePolicy;
  /** What the command would do with the figures, for the refusal: `price it`, `fit from it`. */
  readonly purpose: string;
  /**
   * How messages name the file.
   * @default - the path as given
   */
  readonly display?: string;
  /**
   * Where a warning line goes (without the `scalesim: warning: ` prefix the caller adds).
   * @default - warnings are dropped
   */
  readonly warn?: (line: string) => void;
}

export function loadResults(file: string, o: LoadResultsOptions): Results {
  const display = o.display ?? file;
  const raw = parseUserJson(decodeUserText(readUserFile(file, { what: 'results file', display, maxBytes: MAX_RESULTS_BYTES }), display), display);
  return checkResults(raw, display, o);
}

/** The checks after parsing, for results that did not come from a file. */
export function checkResults(raw: unknown, display: string, o: LoadResultsOptions): Results {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${display}: not a scalesim results file (top level: expected an object)`);
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) throw new UserError(`${display}: not a scalesim results file (it has no schemaVersion)`);
  // Older versions are migrated on read (./migrate.ts); a newer or unknown one is refused on one line.
  if (!(typeof version === 'number' && Number.isInteger(version) && version >= 1 && version <= RESULTS_SCHEMA_VERSION)) {
    const shown = typeof version === 'number' || typeof version === 'string' ? JSON.stringify(version).slice(0, 20) : typeof version;
    throw new UserError(`${display}: schemaVersion ${shown} is not one this scalesim reads (it reads 1 to ${RESULTS_SCHEMA_VERSION}); use the scalesim version that wrote it, or run again`);
  }
  const results = validateResults(raw, display);
  const problem = results.status === 'incomplete'
    ? `${display} is INCOMPLETE (${(results.incompleteReason ?? 'the run did not finish').slice(0, 200)})`
    : Object.keys(results.designs).length === 0
      ? `${display} holds no design results (designs is empty)`
      : undefined;
  if (problem && o.incomplete === 'refuse') {
    throw new UserError(`${problem}: its figures cover only what finished, so scalesim will not ${o.purpose}; run it again to completion`);
  }
  if (problem) o.warn?.(`${problem}; the figures below cover only what finished`);
  return results;
}

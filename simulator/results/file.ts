import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import type { Results } from './results';
import { validateResults } from './validate';

/** Reads and validates a results.json (migrating an older schemaVersion). Every failure is a one-line UserError. */
export function readResults(file: string): Results {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not valid JSON`);
  }
  return validateResults(raw, file);
}

/** Writes `dir/results.json` (creating `dir`) and returns its path. */
export function writeResults(dir: string, results: Results): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'results.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

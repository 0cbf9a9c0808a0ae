import * as fs from 'fs';
import * as path from 'path';
import type { Results } from './results';

/** Writes `dir/results.json` (creating `dir`) and returns its path. */
export function writeResults(dir: string, results: Results): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'results.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

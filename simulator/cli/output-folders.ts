import * as path from 'path';
import { prepareOutputDir, type OutputDir } from '../io/output-dir';
import { parseUserJson, readUserText } from '../io/read-user-file';

/**
 * The output folders of `run` and `sweep`: results.json, the two reports, the cloud assembly (cdk.out,
 * replaced by each synthesis) and a sweep's measured runs (sweep/). Prepared the guarded way
 * (prepareOutputDir): new, empty, or scalesim's own.
 */
const RESULTS_FOLDER_ENTRIES = {
  'results.json': 'file',
  'report.md': 'file',
  'report.html': 'file',
  'cdk.out': 'tree',
  sweep: 'tree',
} as const;

export function prepareResultsFolder(outAbs: string, display: string, command: 'run' | 'sweep'): OutputDir {
  return prepareOutputDir(outAbs, { display, command, writes: RESULTS_FOLDER_ENTRIES, recognise: isResultsFolder });
}

/** A folder a scalesim run or sweep wrote before folders carried the marker: its results.json says so. */
function isResultsFolder(dir: string): boolean {
  try {
    const raw = parseUserJson(readUserText(path.join(dir, 'results.json'), { what: 'results file', maxBytes: 200_000_000 }), 'results.json') as { schemaVersion?: unknown; command?: unknown } | null;
    return typeof raw?.schemaVersion === 'number' && typeof raw.command === 'string' && /\bscalesim (run|sweep)\b/.test(raw.command);
  } catch {
    return false;
  }
}

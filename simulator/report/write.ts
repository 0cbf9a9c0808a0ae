import * as fs from 'fs';
import * as path from 'path';
import { renderHtml } from './html';
import { renderMemo } from './memo';
import type { Results } from '../results/results';

/** The report files `writeReports` can write, by format. */
export const REPORT_FILES = { md: 'report.md', html: 'report.html' } as const;
export type ReportFileFormat = keyof typeof REPORT_FILES;

/**
 * Writes report.md and/or report.html for `results` into `dir` (created if needed) and returns the
 * paths written. The only I/O of the report: the renderers themselves are pure. Pass completed
 * results (`completeResults`), as results.json holds them.
 */
export function writeReports(dir: string, results: Results, formats: readonly ReportFileFormat[] = ['md', 'html']): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return formats.map((f) => {
    const file = path.join(dir, REPORT_FILES[f]);
    fs.writeFileSync(file, f === 'md' ? renderMemo(results) : renderHtml(results));
    return file;
  });
}

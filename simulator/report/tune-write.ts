import * as fs from 'fs';
import * as path from 'path';
import { TUNE_FILES, type TuneReport } from '../results/tune';
import { renderTuneHtml } from './tune-html';
import { renderTuneMarkdown } from './tune-md';

/** Writes tune.md and tune.html for a tune report into `dir` and returns their paths; the renderers are pure. */
export function writeTuneReports(dir: string, report: TuneReport): string[] {
  const md = path.join(dir, TUNE_FILES.md);
  const html = path.join(dir, TUNE_FILES.html);
  fs.writeFileSync(md, renderTuneMarkdown(report));
  fs.writeFileSync(html, renderTuneHtml(report));
  return [md, html];
}

import * as path from 'path';
import { completeResults } from '../../report/recommend';
import { REPORT_FILES, writeReports, type ReportFileFormat } from '../../report/write';
import { loadResults } from '../../results/load';
import { prepareOutputDir } from '../../io/output-dir';
import { defineCommand } from '../command';

export const reportCommand = defineCommand({
  command: 'report <results>',
  describe: 'Render the design-review memo (report.md) and the charts (report.html) from a results.json',
  positionals: { results: { describe: 'results.json written by `scalesim run` or `scalesim sweep`' } },
  options: ['format', 'out'],
  examples: [
    ['$0 report reports/baseline/results.json', 'Write report.md and report.html next to results.json'],
    ['$0 report reports/baseline/results.json --format html --out /tmp/review', 'Only the HTML, into /tmp/review (a new or empty folder, or one scalesim wrote)'],
    ['$0 report reports/baseline/results.json --format json', 'Print the results with the derived comparison, alternatives and recommendation'],
  ],
  async run(args, deps) {
    const given = args.results;
    const file = path.resolve(deps.cwd, given);
    const rel = (f: string) => path.relative(deps.cwd, f) || f;
    const results = completeResults(loadResults(file, { display: given, incomplete: 'warn', purpose: 'report it', warn: (l) => deps.stderr.write(`scalesim: warning: ${l}\n`) }));
    const format = args.format;
    if (format === 'json') {
      deps.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      return 0;
    }
    const outArg = args.out;
    let out = path.dirname(file);
    // The default is the results' own folder: the reports belong next to the file they render. An
    // explicit --out is prepared like every output folder (new, empty, or scalesim's own).
    if (outArg !== undefined && path.resolve(deps.cwd, outArg) !== out) {
      out = prepareOutputDir(path.resolve(deps.cwd, outArg), {
        display: outArg,
        command: 'report',
        writes: { [REPORT_FILES.md]: 'file', [REPORT_FILES.html]: 'file' },
      }).dir;
    }
    const formats: ReportFileFormat[] = format ? [format] : ['md', 'html'];
    for (const written of writeReports(out, results, formats)) deps.stdout.write(`wrote ${rel(written)}\n`);
    return 0;
  },
});

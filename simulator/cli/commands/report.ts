import * as path from 'path';
import { completeResults } from '../../report/recommend';
import { writeReports, type ReportFileFormat } from '../../report/write';
import { defineCommand } from '../command';
import { readResults } from '../../results/file';

export const reportCommand = defineCommand({
  command: 'report <results>',
  describe: 'Render the design-review memo (report.md) and the charts (report.html) from a results.json',
  positionals: { results: { describe: 'results.json written by `scalesim run` or `scalesim sweep`' } },
  options: ['format', 'out'],
  examples: [
    ['$0 report reports/baseline/results.json', 'Write report.md and report.html next to results.json'],
    ['$0 report reports/baseline/results.json --format html --out /tmp/review', 'Only the HTML, into /tmp/review'],
    ['$0 report reports/baseline/results.json --format json', 'Print the results with the derived comparison, alternatives and recommendation'],
  ],
  async run(args, deps) {
    const file = path.resolve(deps.cwd, args.results);
    const results = completeResults(readResults(file));
    const format = args.format;
    if (format === 'json') {
      deps.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      return 0;
    }
    const out = path.resolve(deps.cwd, args.out ?? path.dirname(file));
    const formats: ReportFileFormat[] = format ? [format] : ['md', 'html'];
    for (const written of writeReports(out, results, formats)) {
      deps.stdout.write(`wrote ${path.relative(deps.cwd, written) || written}\n`);
    }
    if (results.status === 'incomplete') deps.stderr.write(`scalesim: ${path.relative(deps.cwd, file) || file} is INCOMPLETE: ${results.incompleteReason ?? 'the run did not finish'}\n`);
    return 0;
  },
});

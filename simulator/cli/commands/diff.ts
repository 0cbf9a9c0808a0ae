import * as path from 'path';
import { renderDiff } from '../../report/diff';
import { loadResults } from '../../results/load';
import { defineCommand } from '../command';

export const diffCommand = defineCommand({
  command: 'diff <a> <b>',
  describe: 'Compare two results.json files as a Markdown comment: cost, runtime, IAM scope, quality, recommendation and crossover changes',
  positionals: {
    a: { describe: 'The baseline results.json' },
    b: { describe: 'The results.json to compare with it' },
  },
  options: [],
  examples: [
    ['$0 diff reports/baseline/results.json reports/skewed/results.json', 'How the skewed scenario differs from the baseline'],
    ['$0 diff main/results.json pr/results.json > comment.md', 'A pull-request comment, Infracost style'],
  ],
  async run(args, deps) {
    const [a, b] = [args.a, args.b].map((f) => path.resolve(deps.cwd, f));
    const rel = (f: string) => path.relative(deps.cwd, f) || f;
    const load = (f: string) => loadResults(f, { display: rel(f), incomplete: 'warn', purpose: 'compare it', warn: (l) => deps.stderr.write(`scalesim: warning: ${l}\n`) });
    deps.stdout.write(renderDiff(load(a!), load(b!), { a: rel(a!), b: rel(b!) }));
    return 0;
  },
});

import * as path from 'path';
import { renderDiff } from '../../report/diff';
import { Args, CommandSpec, str } from '../command';
import type { CliDeps } from '../deps';
import { readResults } from '../../results/file';

export const diffCommand: CommandSpec = {
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
  async run(args: Args, deps: CliDeps) {
    const [a, b] = (['a', 'b'] as const).map((k) => path.resolve(deps.cwd, str(args, k)!));
    const rel = (f: string) => path.relative(deps.cwd, f) || f;
    deps.stdout.write(renderDiff(readResults(a!), readResults(b!), { a: rel(a!), b: rel(b!) }));
    return 0;
  },
};

import * as path from 'path';
import { renderProfile } from '../../report/profile';
import { loadResults } from '../../results/load';
import { UserError } from '../../errors';
import { defineCommand } from '../command';
import { optionDefaults } from '../options';
import { runCommand } from './run';

export const profileCommand = defineCommand({
  command: 'profile <input>',
  describe: 'Stage breakdown, orchestration share, cold starts, throttling, stragglers, critical path and the bottleneck of each design',
  positionals: { input: { describe: 'A results.json, or a scenario YAML to run first (then --out is required)' } },
  options: ['out', 'events', 'partitions', 'emulator', 'endpoint', 'yes', 'quiet'],
  examples: [
    ['$0 profile reports/baseline/results.json', 'Profile a finished run'],
    ['$0 profile scenarios/skewed.yaml --events 200000 --out /tmp/skewed', 'Run the skewed scenario into /tmp/skewed, then profile it'],
  ],
  async run(args, deps) {
    const input = args.input;
    let file = path.resolve(deps.cwd, input);
    let display = input;
    if (/\.ya?ml$/i.test(input)) {
      // Before any work: a whole run must not end in "needs --out".
      const out = args.out;
      if (!out) throw new UserError('profile <scenario> needs --out DIR: the run writes its results.json there, then profile reads it');
      const code = await runCommand.run({ ...optionDefaults(runCommand.options), ...args, scenario: input }, deps);
      if (code !== 0) return code;
      file = path.join(path.resolve(deps.cwd, out), 'results.json');
      display = path.relative(deps.cwd, file) || file;
    }
    const results = loadResults(file, { display, incomplete: 'warn', purpose: 'profile it', warn: (l) => deps.stderr.write(`scalesim: warning: ${l}\n`) });
    deps.stdout.write(renderProfile(results));
    return 0;
  },
});

import * as path from 'path';
import { renderProfile } from '../../report/profile';
import { UserError } from '../../errors';
import { defineCommand } from '../command';
import { OPTIONS } from '../options';
import { runCommand } from './run';
import { readResults } from '../../results/file';

export const profileCommand = defineCommand({
  command: 'profile <input>',
  describe: 'Stage breakdown, orchestration share, cold starts, throttling, stragglers, critical path and the bottleneck of each design',
  positionals: { input: { describe: 'A results.json, or a scenario YAML to run first' } },
  options: ['out', 'events', 'partitions', 'emulator', 'endpoint', 'quiet'],
  examples: [
    ['$0 profile reports/baseline/results.json', 'Profile a finished run'],
    ['$0 profile scenarios/skewed.yaml --events 200000', 'Run the skewed scenario, then profile it'],
  ],
  async run(args, deps) {
    const input = args.input;
    let file = path.resolve(deps.cwd, input);
    if (/\.ya?ml$/i.test(input)) {
      // `run`'s own options, which profile does not take, at their defaults from the option table.
      const runDefaults = { design: OPTIONS.design.default, yes: OPTIONS.yes.default, image: OPTIONS.image.default, 'probe-access': OPTIONS['probe-access'].default };
      const code = await runCommand.run({ ...args, ...runDefaults, scenario: input }, deps);
      if (code !== 0) return code;
      const out = args.out;
      if (!out) throw new UserError('profile <scenario> needs --out DIR so it knows where the run wrote results.json');
      file = path.join(path.resolve(deps.cwd, out), 'results.json');
    }
    deps.stdout.write(renderProfile(readResults(file)));
    return 0;
  },
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { accessFromAssembly, type AccessResults } from '../../access/assembly';
import { renderAccess } from '../../access/render';
import { synthesizeCached } from '../../deploy/synth-cache';
import { UserError } from '../../errors';
import { DEFAULT_SCENARIO_FILE, loadScenario } from '../../scenario/load';
import { defineCommand } from '../command';
import type { CliDeps } from '../deps';

export const accessCommand = defineCommand({
  command: 'access [scenario]',
  describe:
    'IAM access scope of both designs and the stakeholder matrix against ACCESS_MATRIX, offline from the synthesized templates (exit 1 if the matrix differs)',
  positionals: {
    scenario: { describe: 'Scenario YAML to synthesize and analyse (default: ./cdk.out when it exists, else scenarios/baseline.yaml)', optional: true },
  },
  options: ['assembly', 'format'],
  // The HTML report comes from `scalesim report`; access prints the table or its JSON.
  choices: { format: ['md', 'json'] },
  examples: [
    ['$0 access', 'Analyse ./cdk.out, or synthesize the baseline scenario when there is none'],
    ['$0 access scenarios/large.yaml', "Synthesize the large scenario's two designs and analyse them"],
    ['$0 access --assembly cdk.out --format json', 'The JSON that results.json holds under designs.*.access and comparison.access'],
  ],
  async run(args, deps) {
    const format = args.format ?? 'md';
    if (args.scenario !== undefined && args.assembly !== undefined) {
      throw new UserError('scalesim access analyses a scenario or a cloud assembly (--assembly), not both');
    }
    const results = await analyse(args.scenario, args.assembly, deps);
    deps.stdout.write(format === 'json' ? `${JSON.stringify(results, null, 2)}\n` : renderAccess(results));
    const drift = Object.values(results.designs).reduce((n, d) => n + d.matrix.differences.length, 0);
    return drift ? 1 : 0;
  },
});

/**
 * The static access analysis of: the assembly named with --assembly; else ./cdk.out when it holds one
 * (what `npx cdk synth` wrote); else the scenario (named, or the baseline), synthesized on demand into a
 * scratch directory that is removed afterwards (a copy of the cached assembly when the scenario and the CDK
 * sources are unchanged: simulator/deploy/synth-cache.ts).
 */
async function analyse(scenario: string | undefined, assembly: string | undefined, deps: CliDeps): Promise<AccessResults> {
  if (assembly !== undefined) return accessFromAssembly(path.resolve(deps.cwd, assembly));
  const local = path.resolve(deps.cwd, 'cdk.out');
  if (scenario === undefined && fs.existsSync(path.join(local, 'manifest.json'))) return accessFromAssembly(local);
  const file = scenario === undefined ? DEFAULT_SCENARIO_FILE : path.resolve(deps.cwd, scenario);
  const loaded = loadScenario(file);
  const shown = (f: string) => (path.relative(deps.cwd, f).startsWith('..') ? f : path.relative(deps.cwd, f) || f);
  const why = scenario === undefined ? `no cloud assembly in ${shown(local)}; ` : '';
  deps.stderr.write(`scalesim: ${why}synthesizing ${shown(file)} (both designs, cdk-nag AwsSolutions) to analyse it\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-access-synth-'));
  try {
    synthesizeCached(loaded.scenario, dir);
    return await accessFromAssembly(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

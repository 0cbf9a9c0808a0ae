import path from 'node:path';
import { accessFromAssembly } from '../../access/assembly';
import { renderAccess } from '../../access/render';
import { UserError } from '../../errors';
import { defineCommand } from '../command';

export const accessCommand = defineCommand({
  command: 'access',
  describe:
    'IAM access scope of both designs and the stakeholder matrix against ACCESS_MATRIX, offline from the synthesized templates (exit 1 if the matrix differs)',
  options: ['assembly', 'format'],
  examples: [
    ['$0 access', 'Analyse cdk.out (run `npx cdk synth` first)'],
    ['$0 access --assembly cdk.out --format json', 'The JSON that results.json holds under designs.*.access and comparison.access'],
  ],
  async run(args, deps) {
    const format = args.format ?? 'md';
    if (format !== 'md' && format !== 'json') {
      throw new UserError(`scalesim access prints md or json, not '${format}'; the HTML report comes from \`scalesim report\``);
    }
    const dir = path.resolve(deps.cwd, args.assembly);
    const results = await accessFromAssembly(dir);
    deps.stdout.write(format === 'json' ? `${JSON.stringify(results, null, 2)}\n` : renderAccess(results));
    const drift = Object.values(results.designs).reduce((n, d) => n + d.matrix.differences.length, 0);
    return drift ? 1 : 0;
  },
});

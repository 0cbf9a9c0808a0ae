import { renderCheckGithub } from '../../check/render/github';
import { renderCheckMarkdown } from '../../check/render/markdown';
import { renderCheckText } from '../../check/render/text';
import { runCheck } from '../../check/run-check';
import { synthesizeForCheck, type DesignSynthesizer } from '../../check/synthesize';
import { UserError } from '../../errors';
import { defineCommand } from '../command';
import { numberFlag, type FlagArgs } from '../flags';
import { CHECK_FORMATS, type CheckFormat } from '../options';

/**
 * `scalesim check`: one gate for cost, runtime and new access, for a pull request. Exit 0 when every
 * gate passes, 1 when one fails, 2 for a usage mistake (like every command).
 */
export function makeCheckCommand(synthesize: DesignSynthesizer) {
  return defineCommand({
    command: 'check <input>',
    describe:
      'Gate a change: monthly cost, projected runtime, no new access and no new IAM findings against a baseline, no unpriced resources, the accounting invariant; exit 0 pass, 1 a gate failed. Static for a scenario (no emulator run)',
    positionals: { input: { describe: 'A scenario .yaml (static: templates, static access, projected cost and runtime) or a results.json (measured)' } },
    options: ['baseline', 'format', 'max-monthly-usd', 'max-runtime-minutes', 'new-access', 'new-findings', 'unpriced', 'prices', 'calibration'],
    choices: { format: CHECK_FORMATS },
    examples: [
      ['$0 check scenarios/baseline.yaml', 'Gate the scenario on its own budget and SLA, statically (no emulator run)'],
      ['$0 check scenarios/baseline.yaml --baseline main-check.json --format markdown > comment.md', "A pull-request comment against main's `check --format json` report"],
      ['$0 check scenarios/baseline.yaml --baseline reports/main/results.json --no-new-access', 'Fail if any principal may do what the baseline run did not allow'],
      ['$0 check reports/pr/results.json --baseline reports/main/results.json --max-monthly-usd 40', 'Gate a run: measured cost at most $40 a month, accounting held'],
      ['$0 check scenarios/baseline.yaml --baseline main-check.json --format github', 'GitHub Actions annotations on the lines that created the offending constructs'],
    ],
    async run(args, deps) {
      // `choices` narrows --format to CHECK_FORMATS for this command; yargs has checked it.
      const format = ((args.format as string | undefined) ?? 'text') as CheckFormat;
      if (Array.isArray(args.baseline)) throw new UserError(`--baseline was given ${(args.baseline as unknown[]).length} times; give it once`);
      const baseline = args.baseline;
      if (deps.interactive) deps.stderr.write('scalesim: synthesizing both designs in-process (a few seconds per scenario)...\n');
      const { report, input, baseline: base } = await runCheck({
        input: args.input,
        ...(baseline ? { baseline } : {}),
        flags: {
          ...optional('maxMonthlyUsd', numberFlag(args, 'max-monthly-usd', 0)),
          ...optional('maxRuntimeMinutes', numberFlag(args, 'max-runtime-minutes', Number.MIN_VALUE)),
          ...optional('newAccess', flag(args, 'new-access')),
          ...optional('newFindings', flag(args, 'new-findings')),
          ...optional('unpriced', flag(args, 'unpriced')),
        },
        facts: { synthesize, cwd: deps.cwd, ...(args.prices ? { prices: args.prices } : {}), ...(args.calibration ? { calibration: args.calibration } : {}) },
      });
      switch (format) {
        case 'json':
          deps.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          break;
        case 'markdown':
          deps.stdout.write(renderCheckMarkdown(report, base?.facts, input.results && base?.results ? { results: { input: input.results, baseline: base.results } } : {}));
          break;
        case 'github':
          deps.stdout.write(renderCheckGithub(report));
          break;
        default:
          deps.stdout.write(renderCheckText(report));
      }
      // The document went to stdout (often into a file): the failed gates still reach the log, one line each.
      if (format !== 'text') for (const g of report.gates.filter((x) => x.status === 'fail')) deps.stderr.write(`scalesim: ${g.line}\n`);
      return report.verdict === 'pass' ? 0 : 1;
    },
  });
}

export const checkCommand = makeCheckCommand(synthesizeForCheck);

function flag(args: FlagArgs, name: string): boolean | undefined {
  const v = args[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new UserError(`--${name} was given ${v.length} times; give it once`);
  return v === true;
}

function optional<K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

import * as path from 'path';
import { formatMs } from '../../report/format';
import { calibrateFromResults } from '../../run/calibrate';
import { defineCommand } from '../command';

export const calibrateCommand = defineCommand({
  command: 'calibrate <results>',
  describe: "Fit the AWS calibration constants from a run made with --emulator aws, write them as a profile, and backtest the default profile against that run",
  positionals: { results: { describe: 'results.json of a run with --emulator aws' } },
  options: ['out', 'calibration'],
  examples: [
    ['$0 calibrate reports/baseline-aws/results.json', 'Writes reports/baseline-aws/aws-us-east-1-calibrated.yaml and prints the backtest'],
    ['$0 run scenarios/baseline.yaml --calibration reports/baseline-aws/aws-us-east-1-calibrated.yaml', 'Then project with the fitted constants'],
  ],
  async run(args, deps) {
    const today = new Date(deps.now()).toISOString().slice(0, 10);
    const out = calibrateFromResults(args.results, { outDir: args.out, calibrationFile: args.calibration, cwd: deps.cwd, today });
    const rel = (f: string) => path.relative(deps.cwd, f) || f;
    const lines = [`wrote ${rel(out.file)}`];
    for (const f of out.fit.fitted) lines.push(`fitted ${f.key}: ${f.value.toPrecision(4)} (range ${f.low.toPrecision(3)}–${f.high.toPrecision(3)}, ${f.samples} samples; ${out.base.file} had ${f.previous})`);
    for (const n of out.fit.notFitted) lines.push(`kept ${n.key}: ${n.reason}`);
    const rows = (label: string, bt: typeof out.backtest.base) =>
      bt.map((b) => `backtest ${label}: ${b.design} at ${b.events.toLocaleString('en-US')} events: projected ${formatMs(b.projectedMs)} vs measured on AWS ${formatMs(b.measuredMs)} (${b.errorPct >= 0 ? '+' : ''}${b.errorPct}%)`);
    lines.push(...rows(`${out.base.file}`, out.backtest.base), ...rows('fitted profile', out.backtest.fitted));
    deps.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
});

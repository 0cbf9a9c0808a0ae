import * as path from 'path';
import { DESIGNS } from '../../../lib/workload/contract';
import { awsPreflight } from '../../emulator/aws/provider';
import { prepareOutputDir } from '../../io/output-dir';
import { writeTuneReports } from '../../report/tune-write';
import { registryEntry, tune, type TemplateSource } from '../../run/tune';
import { synthesizeDesignTemplates } from '../../deploy/template-resources';
import { loadRegistryFile } from '../../generate/registry-file';
import { loadScenario } from '../../scenario/load';
import { loadPriceSnapshot } from '../../cost/prices/load';
import { loadCalibration } from '../../run/calibration-file';
import { chosenPoint, relaxedWords } from '../../tune/summary';
import { defineCommand } from '../command';
import { numericFlag } from '../flags';
import { progressReporter, stepProgress } from '../progress';
import type { CliDeps } from '../deps';
import type { EmulatorKind } from '../options';
import { TUNE_FILES, type TuneReport, type TuneStrategy } from '../../results/tune';
import { hostSlotsFrom } from '../../emulator/gateway/lambda/host-slots';

/**
 * `scalesim tune`: exit 0 when a design has a feasible pick and every verification held; 1 when no
 * design has a feasible configuration (one line naming what nothing meets) or a verification failed;
 * 2 for a usage mistake. `templatesFor` is the synthesis (tests pass fixture templates).
 */
export function makeTuneCommand(templatesFor: TemplateSource) {
  return defineCommand({
    command: 'tune <scenario>',
    describe:
      'Search every knob of both designs (Lambda memory, architecture, Map concurrency, batching, partitions; Fargate size, workers, architecture) for the cheapest configuration under the SLA and the budget, with each design’s Pareto front; verify the picks on the emulator and write tuned.yaml',
    positionals: { scenario: { describe: 'Scenario YAML file' } },
    options: ['strategy', 'out', 'verify', 'verify-events', 'prices', 'calibration', 'emulator', 'endpoint', 'yes', 'quiet'],
    examples: [
      ['$0 tune scenarios/baseline.yaml', 'Tune both designs, verify the balanced picks at 1/10 of the volume; write reports/baseline-tune/'],
      ['$0 tune scenarios/baseline.yaml --strategy cost --out /tmp/tuned', 'tuned.yaml gets the cheapest configuration of each design that meets the SLA and the budget'],
      ['$0 tune scenarios/large.yaml --no-verify', 'The model only: fronts and picks, no emulator run'],
      ['$0 tune scenarios/baseline.yaml --verify-events 20000', 'A smaller verification run'],
    ],
    async run(args, deps) {
      const inputs = readTuneInputs(args, deps);
      const progress = progressReporter(deps, args.quiet);
      try {
        const { report, files } = await tune({
          loaded: inputs.loaded,
          strategy: args.strategy,
          outDir: inputs.out,
          ...(inputs.verifyEvents !== undefined ? { verifyEvents: inputs.verifyEvents } : {}),
          emulator: args.emulator,
          emulatorOptions: { endpoint: args.endpoint, yes: args.yes, env: deps.env, log: progress.log, ...(inputs.hostSlots !== undefined ? { hostSlots: inputs.hostSlots } : {}) },
          prices: inputs.prices,
          calibration: inputs.calibration,
          cwd: deps.cwd,
          command: inputs.command,
          signal: deps.signal,
          log: progress.log,
          onProgress: stepProgress(progress),
          now: deps.now,
          templatesFor,
        });
        const written = writeTuneReports(inputs.out, report);
        progress.done();
        const rel = (f: string) => path.relative(deps.cwd, f) || f;
        deps.stdout.write(`wrote ${[files.json, ...written, ...(files.tuned ? [files.tuned] : [])].map(rel).join(', ')}\n`);
        return printTuneSummary(deps, report, args.strategy, args.emulator);
      } finally {
        progress.done();
      }
    },
  });
}

type TuneArgs = Parameters<ReturnType<typeof makeTuneCommand>['run']>[0];

/**
 * Every input, read before the output folder is prepared (a bad one leaves nothing behind): the
 * scenario and its registry, the verification volume, prices, calibration, the real-account consent
 * and the gateway's Lambda slots when the verification runs; then the folder and the command line
 * that reproduces the tuning.
 */
function readTuneInputs(args: TuneArgs, deps: CliDeps) {
  const loaded = loadScenario(args.scenario);
  const s = loaded.scenario;
  loadRegistryFile(loaded.registryFile);
  const verifyEvents = args.verify === false ? 0 : numericFlag(args, 'verify-events');
  const prices = loadPriceSnapshot({ region: s.region, file: args.prices, cwd: deps.cwd });
  const calibration = loadCalibration({ region: s.region, file: args.calibration, cwd: deps.cwd });
  if (args.emulator === 'aws' && verifyEvents !== 0) awsPreflight({ yes: args.yes, env: deps.env });
  const hostSlots = args.emulator === 'moto' && verifyEvents !== 0 ? hostSlotsFrom(deps.env) : undefined;
  const outArg = args.out ?? path.join('reports', `${s.name}-tune`);
  const registry = registryEntry(s);
  const out = prepareOutputDir(path.resolve(deps.cwd, outArg), {
    display: outArg,
    command: 'tune',
    writes: { [TUNE_FILES.json]: 'file', [TUNE_FILES.md]: 'file', [TUNE_FILES.html]: 'file', [TUNE_FILES.tuned]: 'file', [TUNE_FILES.verify]: 'tree', [registry.top]: registry.kind },
  }).dir;
  const command = [
    'npx',
    'scalesim',
    'tune',
    path.relative(deps.cwd, loaded.file) || loaded.file,
    ...(args.strategy !== 'balanced' ? ['--strategy', args.strategy] : []),
    ...(args.verify === false ? ['--no-verify'] : args['verify-events'] ? ['--verify-events', String(verifyEvents)] : []),
  ].join(' ');
  return { loaded, verifyEvents, prices, calibration, hostSlots, out, command };
}

/**
 * stdout: each design's pick and the comparison, each verification (measured on the emulator) with its
 * accounting. Exit 1 when no design has a feasible configuration or a verification failed, else 0.
 */
function printTuneSummary(deps: CliDeps, report: TuneReport, strategy: TuneStrategy, kind: EmulatorKind): number {
  for (const d of DESIGNS) {
    const c = chosenPoint(report.designs[d], strategy);
    const t = report.designs[d];
    deps.stdout.write(`${d}: ${t.feasible} of ${t.evaluated} feasible; ${c ? `${strategy} pick ${c.point.label}${c.relaxed.length ? ` (closest: misses ${relaxedWords(c.relaxed)})` : ''}` : 'nothing to pick'}\n`);
  }
  deps.stdout.write(`${report.comparison}\n`);
  for (const v of report.verification) {
    deps.stdout.write(`verified ${v.design} (${v.events.toLocaleString('en-US')} events, measured on the ${kind} emulator): ${v.status}${v.accounting ? `, input ${v.accounting.input.toLocaleString('en-US')} = curated + quarantined + duplicates ${v.accounting.holds ? 'holds' : 'BROKEN'}` : ''}\n`);
    for (const w of v.warnings) deps.stdout.write(`  warning: ${w}\n`);
  }
  const feasible = DESIGNS.filter((d) => report.designs[d].picks[strategy] !== null);
  if (!feasible.length) {
    deps.stderr.write(`scalesim: no feasible configuration: ${DESIGNS.map((d) => report.designs[d].noFeasible).join('; ')}\n`);
    return 1;
  }
  const failed = report.verification.filter((v) => v.status !== 'verified');
  if (!failed.length) return 0;
  deps.stderr.write(`scalesim: verification failed: ${failed.map((v) => `${v.design}: ${v.reason ?? v.status}`).join('; ')}\n`);
  return 1;
}

export const tuneCommand = makeTuneCommand(synthesizeDesignTemplates);

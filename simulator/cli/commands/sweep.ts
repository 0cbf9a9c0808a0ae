import * as path from 'path';
import { completeResults } from '../../report/recommend';
import { writeReports } from '../../report/write';
import { loadCalibration } from '../../run/calibration-file';
import { defaultProjectTo } from '../../run/finalize';
import { defaultVolumes, parseConcurrencies, parseVolumes, refitSweep, sweep } from '../../run/sweep';
import { loadScenario } from '../../scenario/load';
import { awsPreflight } from '../../emulator/aws/provider';
import { UserError } from '../../errors';
import { defineCommand } from '../command';
import { numericFlag } from '../flags';
import { prepareResultsFolder } from '../output-folders';
import { progressReporter } from '../progress';
import { hostSlotsFrom } from '../../emulator/gateway/lambda/host-slots';
import { writeResults } from '../../results/file';

export const sweepCommand = defineCommand({
  command: 'sweep <scenario>',
  describe: 'Measure both designs at several volumes (one held out) and concurrencies, fit the model, project to AWS and find the crossover',
  positionals: { scenario: { describe: 'Scenario YAML file' } },
  options: ['volumes', 'concurrencies', 'project-to', 'out', 'emulator', 'endpoint', 'yes', 'refit', 'calibration', 'quiet'],
  examples: [
    ['$0 sweep scenarios/baseline.yaml', 'Default volumes (1%, 3%, 10%, 30%, 100% of the scenario; 30% held out), concurrencies 1,2,4,8'],
    ['$0 sweep scenarios/baseline.yaml --volumes 1e4,3e4,1e5,3e5 --project-to 1e9', 'Explicit volumes and projection range'],
    ['$0 sweep scenarios/baseline.yaml --refit', 'Fit again from the runs in reports/baseline-sweep/, measuring nothing'],
  ],
  async run(args, deps) {
    const loaded = loadScenario(args.scenario);
    const s = loaded.scenario;
    const volumesText = args.volumes;
    const volumes = volumesText ? parseVolumes(volumesText) : defaultVolumes(s.workload.events, s.workload.partitions);
    const concText = args.concurrencies;
    const concurrencies = concText === undefined ? [1, 2, 4, 8] : parseConcurrencies(concText);
    const projectTo = numericFlag(args, 'project-to') ?? defaultProjectTo(s.workload.events);
    if (!(projectTo > volumes[volumes.length - 1])) throw new UserError(`--project-to ${projectTo} must be above the largest measured volume (${volumes[volumes.length - 1]})`);
    if (args.emulator === 'aws' && args.refit !== true) awsPreflight({ yes: args.yes === true, env: deps.env });
    // A bad profile is a user mistake: say so before anything starts.
    const calibration = loadCalibration({ region: s.region, file: args.calibration, cwd: deps.cwd });
    // The gateway's SCALESIM_LAMBDA_SLOTS, checked before anything starts (a refit starts nothing).
    const hostSlots = args.emulator === 'moto' && !args.refit ? hostSlotsFrom(deps.env) : undefined;
    const outArg = args.out ?? path.join('reports', `${s.name}-sweep`);
    // A refit reads (and rewrites the results of) an earlier sweep's folder; a new sweep prepares its own.
    const out = args.refit === true ? path.resolve(deps.cwd, outArg) : prepareResultsFolder(path.resolve(deps.cwd, outArg), outArg, 'sweep').dir;
    const progress = progressReporter(deps, args.quiet === true);
    const command = [
      'npx',
      'scalesim',
      'sweep',
      path.relative(deps.cwd, loaded.file) || loaded.file,
      '--volumes',
      volumes.join(','),
      '--concurrencies',
      concurrencies.join(','),
      '--project-to',
      String(projectTo),
      ...(args.calibration ? ['--calibration', args.calibration] : []),
    ].join(' ');
    const results = completeResults(
      args.refit
        ? await refitSweep(out, { projectTo, command, log: progress.log, calibration })
        : await sweep({
        loaded,
        volumes,
        concurrencies,
        projectTo,
        outDir: out,
        emulator: args.emulator ?? 'moto',
        emulatorOptions: { endpoint: args.endpoint, yes: args.yes === true, env: deps.env, log: progress.log, ...(hostSlots !== undefined ? { hostSlots } : {}) },
        command,
        signal: deps.signal,
        log: progress.log,
        calibration,
        }),
    );
    const file = writeResults(out, results);
    writeReports(out, results);
    progress.done();
    const m = results.model!;
    deps.stdout.write(`wrote ${path.relative(deps.cwd, file) || file}\n${m.crossover.sentence}\n`);
    for (const h of m.validation.heldOut) {
      deps.stdout.write(`held out: ${h.design} at ${h.events} events: measured ${h.measuredMs} ms / predicted ${h.predictedMs} ms = ${h.ratio} (target ±${m.validation.targetPct}%)\n`);
    }
    if (m.validation.note) deps.stdout.write(`validation: ${m.validation.note}\n`);
    return 0;
  },
});

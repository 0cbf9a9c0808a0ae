import * as path from 'path';
import { DESIGNS, DesignName } from '../../../lib/workload/contract';
import { completeResults } from '../../report/recommend';
import { writeReports } from '../../report/write';
import { runAccessProbe } from '../../run/access-probe';
import { finalizeResults } from '../../run/finalize';
import { dataCacheCapBytes } from '../../run/data-cache';
import { hostSlotsFrom } from '../../emulator/gateway/lambda/host-slots';
import { loadCalibration } from '../../run/calibration-file';
import { measureVolumes } from '../../run/validate-volumes';
import { withProxyDataLimits } from '../../run/proxy-limits';
import { prepareScenarioSample } from '../../sample/prepare';
import { startEmulator } from '../../emulator';
import { awsPreflight } from '../../emulator/aws/provider';
import { loadScenario } from '../../scenario/load';
import { type Args, defineCommand } from '../command';
import { numericFlag } from '../flags';
import { prepareResultsFolder } from '../output-folders';
import { loadRegistryFile } from '../../generate/registry-file';
import { withWorkloadOverrides } from '../../scenario/overrides';
import { progressReporter } from '../progress';
import { writeResults } from '../../results/file';

export const runCommand = defineCommand({
  command: 'run <scenario>',
  describe: 'Deploy both designs to an AWS emulator, run the workload through each, and write results.json and the memo',
  positionals: { scenario: { describe: 'Scenario YAML file' } },
  options: ['out', 'emulator', 'endpoint', 'image', 'yes', 'design', 'events', 'partitions', 'validate', 'calibration', 'probe-access', 'keep', 'keep-sample', 'quiet'],
  examples: [
    ['$0 run scenarios/baseline.yaml', 'Run the baseline on the embedded moto emulator at three volumes (one held out); write reports/baseline/'],
    ['$0 run scenarios/baseline.yaml --no-validate', 'One quick run at the scenario volume, without the held-out check'],
    ['$0 run scenarios/baseline.yaml --calibration my-account.yaml', 'Project with a calibration profile fitted by `scalesim calibrate`'],
    ['$0 run scenarios/skewed.yaml --events 100000 --out /tmp/skewed', 'A quick, smaller run of the skewed scenario'],
    ['$0 run scenarios/baseline.yaml --emulator endpoint --endpoint http://localhost:4566', 'Use an emulator that is already running'],
    ['$0 run scenarios/baseline.yaml --probe-access', 'Also check the stakeholder roles against the access matrix on an IAM-enforcing emulator'],
    ['$0 run my.yaml --events 100000', 'A scenario with workload.source replays a sample of real events; the memo then measures synthetic vs sample'],
  ],
  async run(args, deps) {
    const events = numericFlag(args, 'events');
    const partitions = numericFlag(args, 'partitions');
    const loaded = loadScenario(args.scenario);
    // Every input is checked before anything starts: the overrides against the scenario's own rules,
    // the schema registry, then the output folder.
    const effective = withWorkloadOverrides(loaded.scenario, { events, partitions });
    const registry = loadRegistryFile(loaded.registryFile);
    // A sample to replay (workload.source) is found, checked and hashed before anything starts.
    const sample = await prepareScenarioSample(loaded.file, effective, registry, { signal: deps.signal });
    const kind = args.emulator ?? 'moto';
    // The environment's settings too: SCALESIM_DATA_CACHE_GB, and the gateway's SCALESIM_LAMBDA_SLOTS.
    dataCacheCapBytes(deps.env);
    if (kind === 'moto') hostSlotsFrom(deps.env);
    if (kind === 'aws') awsPreflight({ yes: args.yes === true, env: deps.env });
    const outArg = args.out ?? path.join('reports', loaded.scenario.name);
    const out = prepareResultsFolder(path.resolve(deps.cwd, outArg), outArg, 'run').dir;
    const design = args.design ?? 'both';
    const designs: DesignName[] = design === 'both' ? [...DESIGNS] : [design as DesignName];
    const progress = progressReporter(deps, args.quiet);
    // A bad profile is a user mistake: say so before anything starts.
    const calibration = loadCalibration({ region: loaded.scenario.region, file: args.calibration, cwd: deps.cwd });
    try {
      const assemblyDir = path.join(out, 'cdk.out');
      const measured = await measureVolumes({
        loaded,
        designs,
        startSession: async () => {
          const session = await startEmulator(kind, {
            region: loaded.scenario.region,
            endpoint: args.endpoint,
            image: args.image,
            yes: args.yes === true,
            env: deps.env,
            signal: deps.signal,
            log: progress.log,
          });
          progress.log(`emulator: ${session.description.name}${session.description.version ? ` ${session.description.version}` : ''} at ${session.endpoint ?? 'AWS'}`);
          return session;
        },
        validate: args.validate !== false,
        assemblyDir,
        events,
        partitions,
        command: reproduceCommand(args, loaded.file, deps.cwd),
        signal: deps.signal,
        log: progress.log,
        onProgress: progress.bar,
        // Nothing is deleted on a real AWS account.
        keepData: args.keep === true || kind === 'aws',
        env: deps.env,
        ...(sample ? { sample, keepSampleData: args['keep-sample'] } : {}),
      });
      const { results, ok } = measured;
      const accessProbe = args['probe-access'] ? await runAccessProbe(assemblyDir, loaded.scenario.region, { signal: deps.signal, log: progress.log }) : undefined;
      let finalized = await finalizeResults(results, {
        assemblyDir,
        log: progress.log,
        accessProbe,
        calibration,
        ...(results.status === 'complete' ? { sweep: measured.runs } : {}),
        ...(measured.workloadCost ? { workloadCost: measured.workloadCost } : {}),
        ...(measured.validationSkipped ? { validationSkipped: measured.validationSkipped } : {}),
      });
      if (sample) {
        // The run's own results are already measured: a failing side measurement must not lose them.
        try {
          finalized = await withProxyDataLimits(finalized, {
            registry,
            pool: await sample.pool(),
            signal: deps.signal,
            log: progress.log,
            assemblyDir,
            calibration,
            ...(results.status === 'complete' ? { runs: measured.runs } : {}),
            ...(measured.workloadCost ? { workloadCost: measured.workloadCost } : {}),
          });
        } catch (e) {
          if (deps.signal.aborted) throw e;
          progress.log(`proxy-data limits not measured: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
      }
      const completed = completeResults(finalized);
      const file = writeResults(out, completed);
      writeReports(out, completed);
      progress.done();
      const rel = (f: string) => path.relative(deps.cwd, f) || f;
      deps.stdout.write(`${results.status === 'complete' ? 'wrote' : 'wrote INCOMPLETE'} ${rel(file)}, ${rel(path.join(out, 'report.md'))} and ${rel(path.join(out, 'report.html'))}\n`);
      if (completed.model) {
        deps.stdout.write(`${completed.model.crossover.sentence}\n`);
        for (const h of completed.model.validation.heldOut) {
          deps.stdout.write(`held out: ${h.design} at ${h.events} events: measured ${h.measuredMs} ms / predicted ${h.predictedMs} ms = ${h.ratio} (target ±${completed.model.validation.targetPct}%)\n`);
        }
        if (completed.model.validation.note) deps.stdout.write(`validation: ${completed.model.validation.note}\n`);
      }
      if (!ok) deps.stderr.write(`scalesim: run incomplete: ${results.incompleteReason}\n`);
      return ok ? 0 : 1;
    } finally {
      progress.done();
    }
  },
});

/** The command line that reproduces this run, with the scenario path relative to the repo. */
function reproduceCommand(args: Args<'emulator' | 'endpoint' | 'design' | 'events' | 'partitions' | 'probe-access' | 'validate' | 'calibration'>, scenarioFile: string, cwd: string): string {
  const parts = ['npx', 'scalesim', 'run', path.relative(cwd, scenarioFile) || scenarioFile];
  for (const name of ['emulator', 'endpoint', 'design', 'events', 'partitions'] as const) {
    const v = args[name];
    if (v !== undefined && !(name === 'emulator' && v === 'moto') && !(name === 'design' && v === 'both')) parts.push(`--${name}`, String(v));
  }
  if (args.validate === false) parts.push('--no-validate');
  if (typeof args.calibration === 'string') parts.push('--calibration', args.calibration);
  if (args['probe-access'] === true) parts.push('--probe-access');
  return parts.join(' ');
}

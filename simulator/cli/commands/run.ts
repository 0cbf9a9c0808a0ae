import * as path from 'path';
import { DESIGNS, DesignName } from '../../../lib/workload/contract';
import { completeResults } from '../../report/recommend';
import { writeReports } from '../../report/write';
import { runAccessProbe } from '../../run/access-probe';
import { finalizeResults } from '../../run/finalize';
import { dataCacheCapBytes } from '../../run/data-cache';
import { hostSlotsFrom } from '../../emulator/gateway/lambda/host-slots';
import { loadCalibration, type LoadedCalibration } from '../../run/calibration-file';
import { measureVolumes, type MeasuredRun } from '../../run/validate-volumes';
import { withProxyDataLimits } from '../../run/proxy-limits';
import { prepareScenarioSample, type PreparedSample } from '../../sample/prepare';
import { startEmulator } from '../../emulator';
import { awsPreflight } from '../../emulator/aws/provider';
import { loadScenario, type LoadedScenario } from '../../scenario/load';
import { type Args, defineCommand } from '../command';
import type { CliDeps } from '../deps';
import type { EmulatorKind } from '../options';
import type { SchemaRegistry } from '../../../lib/workload/registry';
import type { Results } from '../../results/results';
import { numericFlag } from '../flags';
import { prepareResultsFolder } from '../output-folders';
import { loadRegistryFile } from '../../generate/registry-file';
import { withWorkloadOverrides } from '../../scenario/overrides';
import { progressReporter, stepProgress, type ProgressReporter } from '../progress';
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
    const inputs = await readRunInputs(args, deps);
    const progress = progressReporter(deps, args.quiet);
    try {
      const measured = await measureRun(inputs, args, deps, progress);
      const accessProbe = args['probe-access'] ? await runAccessProbe(inputs.assemblyDir, inputs.loaded.scenario.region, { signal: deps.signal, log: progress.log }) : undefined;
      const finalized = await finalizeResults(measured.results, {
        assemblyDir: inputs.assemblyDir,
        log: progress.log,
        accessProbe,
        calibration: inputs.calibration,
        ...(measured.results.status === 'complete' ? { sweep: measured.runs } : {}),
        ...(measured.workloadCost ? { workloadCost: measured.workloadCost } : {}),
        ...(measured.validationSkipped ? { validationSkipped: measured.validationSkipped } : {}),
      });
      const completed = completeResults(await withSampleLimits(finalized, measured, inputs, deps, progress));
      const file = writeResults(inputs.out, completed);
      writeReports(inputs.out, completed);
      progress.done();
      printRunSummary(deps, measured.results, completed, [file, path.join(inputs.out, 'report.md'), path.join(inputs.out, 'report.html')]);
      if (!measured.ok) deps.stderr.write(`scalesim: run incomplete: ${measured.results.incompleteReason}\n`);
      return measured.ok ? 0 : 1;
    } finally {
      progress.done();
    }
  },
});

type RunArgs = Parameters<typeof runCommand.run>[0];

/** Everything a run reads, each checked before anything starts. */
interface RunInputs {
  readonly loaded: LoadedScenario;
  readonly events?: number;
  readonly partitions?: number;
  readonly registry: SchemaRegistry;
  readonly sample?: PreparedSample;
  readonly kind: EmulatorKind;
  /** The gateway's Lambda execution slots (moto only): $SCALESIM_LAMBDA_SLOTS, checked here. */
  readonly hostSlots?: number;
  readonly out: string;
  readonly assemblyDir: string;
  readonly designs: readonly DesignName[];
  readonly calibration: LoadedCalibration;
}

/**
 * Every input, checked before anything starts: the overrides against the scenario's own rules, the
 * schema registry, a sample to replay (found, checked and hashed), the environment's settings, the
 * output folder and the calibration profile (a bad profile is a user mistake: say so now).
 */
async function readRunInputs(args: RunArgs, deps: CliDeps): Promise<RunInputs> {
  const events = numericFlag(args, 'events');
  const partitions = numericFlag(args, 'partitions');
  const loaded = loadScenario(args.scenario);
  const effective = withWorkloadOverrides(loaded.scenario, { events, partitions });
  const registry = loadRegistryFile(loaded.registryFile);
  const sample = await prepareScenarioSample(loaded.file, effective, registry, { signal: deps.signal });
  const kind = args.emulator;
  // SCALESIM_DATA_CACHE_GB, and the gateway's SCALESIM_LAMBDA_SLOTS.
  dataCacheCapBytes(deps.env);
  const hostSlots = kind === 'moto' ? hostSlotsFrom(deps.env) : undefined;
  if (kind === 'aws') awsPreflight({ yes: args.yes, env: deps.env });
  const outArg = args.out ?? path.join('reports', loaded.scenario.name);
  const out = prepareResultsFolder(path.resolve(deps.cwd, outArg), outArg, 'run').dir;
  const designs: readonly DesignName[] = args.design === 'both' ? DESIGNS : [args.design];
  const calibration = loadCalibration({ region: loaded.scenario.region, file: args.calibration, cwd: deps.cwd });
  return { loaded, events, partitions, registry, sample, kind, hostSlots, out, assemblyDir: path.join(out, 'cdk.out'), designs, calibration };
}

/** Starts the emulator and measures the designs at the scenario volume (and the held-out volumes). */
function measureRun(inputs: RunInputs, args: RunArgs, deps: CliDeps, progress: ProgressReporter): Promise<MeasuredRun> {
  const { loaded, kind, sample } = inputs;
  return measureVolumes({
    loaded,
    designs: [...inputs.designs],
    startSession: async () => {
      const session = await startEmulator(kind, {
        region: loaded.scenario.region,
        endpoint: args.endpoint,
        image: args.image,
        yes: args.yes,
        env: deps.env,
        signal: deps.signal,
        log: progress.log,
        ...(inputs.hostSlots !== undefined ? { hostSlots: inputs.hostSlots } : {}),
      });
      const { name, version } = session.description;
      progress.log(`emulator: ${name}${version ? ` ${version}` : ''} at ${session.endpoint ?? 'AWS'}`);
      return session;
    },
    validate: args.validate,
    assemblyDir: inputs.assemblyDir,
    events: inputs.events,
    partitions: inputs.partitions,
    command: reproduceCommand(args, loaded.file, deps.cwd),
    signal: deps.signal,
    log: progress.log,
    onProgress: stepProgress(progress),
    // Nothing is deleted on a real AWS account.
    keepData: args.keep || kind === 'aws',
    env: deps.env,
    ...(sample ? { sample, keepSampleData: args['keep-sample'] } : {}),
  });
}

/**
 * With a sample to replay, the synthetic-vs-sample limits measured beside the run. The run's own
 * results are already measured: a failing side measurement is logged and must not lose them.
 */
async function withSampleLimits(finalized: Results, measured: MeasuredRun, inputs: RunInputs, deps: CliDeps, progress: ProgressReporter): Promise<Results> {
  if (!inputs.sample) return finalized;
  try {
    return await withProxyDataLimits(finalized, {
      registry: inputs.registry,
      pool: await inputs.sample.pool(),
      signal: deps.signal,
      log: progress.log,
      assemblyDir: inputs.assemblyDir,
      calibration: inputs.calibration,
      ...(measured.results.status === 'complete' ? { runs: measured.runs } : {}),
      ...(measured.workloadCost ? { workloadCost: measured.workloadCost } : {}),
    });
  } catch (e) {
    if (deps.signal.aborted) throw e;
    progress.log(`proxy-data limits not measured: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return finalized;
  }
}

/** stdout: the files written, the crossover sentence and each held-out volume's measured/predicted ratio. */
function printRunSummary(deps: CliDeps, measured: Results, completed: Results, files: readonly string[]): void {
  const rel = (f: string) => path.relative(deps.cwd, f) || f;
  const [results, md, html] = files.map(rel);
  deps.stdout.write(`${measured.status === 'complete' ? 'wrote' : 'wrote INCOMPLETE'} ${results}, ${md} and ${html}\n`);
  const model = completed.model;
  if (!model) return;
  deps.stdout.write(`${model.crossover.sentence}\n`);
  for (const h of model.validation.heldOut) {
    deps.stdout.write(`held out: ${h.design} at ${h.events} events: measured ${h.measuredMs} ms / predicted ${h.predictedMs} ms = ${h.ratio} (target ±${model.validation.targetPct}%)\n`);
  }
  if (model.validation.note) deps.stdout.write(`validation: ${model.validation.note}\n`);
}

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

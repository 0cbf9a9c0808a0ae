import * as fs from 'fs';
import * as path from 'path';
import type { DesignName } from '../../lib/workload/contract';
import type { EmulatorKind } from '../cli/options';
import type { SweepRun } from '../model/fit';
import type { EmulatorStartOptions } from '../emulator/types';
import { UserError } from '../errors';
import { loadResults } from '../results/load';
import { parseUserJson, readUserText } from '../io/read-user-file';
import type { LoadedScenario } from '../scenario/load';
import { MAX_EVENTS, type Scenario } from '../scenario/schema';
import { finalizeResults, runsOf } from './finalize';
import type { WorkloadCost } from '../model/workload-cost';
import type { LoadedCalibration } from './calibration-file';
import { designProblems, runScenario } from './run-scenario';
import { measureVolumes } from './validate-volumes';
import { startEmulator } from '../emulator';
import { writeResults } from '../results/file';
import type { Results } from '../results/results';

export interface SweepOptions {
  readonly loaded: LoadedScenario;
  /** Event volumes to measure, ascending. */
  readonly volumes: readonly number[];
  /** Index into `volumes` held out of the fit for validation. @default the second largest */
  readonly holdOut?: number;
  /** Map concurrencies for the distributed scaling curve (at the middle volume); empty to skip. */
  readonly concurrencies: readonly number[];
  readonly projectTo: number;
  readonly outDir: string;
  readonly emulator: EmulatorKind;
  readonly emulatorOptions: Omit<EmulatorStartOptions, 'region'>;
  readonly command: string;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
  /** The AWS calibration profile. @default calibration/aws-<region>.yaml */
  readonly calibration?: LoadedCalibration;
}

/**
 * Default sweep volumes: 1%, 3%, 10%, 30% and 100% of the scenario's events (at least 2,000 each), so
 * the scenario's own volume is measured and the results describe it.
 */
export function defaultVolumes(events: number, partitions: number): number[] {
  return [...new Set([0.01, 0.03, 0.1, 0.3, 1].map((f) => Math.max(2000, partitions * 50, Math.round(events * f))))].sort((a, b) => a - b);
}

export function parseVolumes(text: string): number[] {
  const out = text.split(',').map((t) => t.trim()).filter(Boolean).map((t) => {
    const v = Number(t);
    if (!/^(\d+(\.\d*)?|\.\d+)(e\+?\d+)?$/i.test(t) || !Number.isFinite(v) || v < 1 || Math.round(v) !== v) throw new UserError(`--volumes: '${t}' is not a whole number of events (e.g. 1e4,3e4,1e5)`);
    if (v > MAX_EVENTS) throw new UserError(`--volumes: '${t}' is above the ${MAX_EVENTS} events a scenario may ask for`);
    return v;
  });
  if (out.length < 2) throw new UserError('--volumes: give at least two volumes, e.g. 1e4,3e4,1e5');
  return [...new Set(out)].sort((a, b) => a - b);
}

export function parseConcurrencies(text: string): number[] {
  const out = text.split(',').map((t) => t.trim()).filter(Boolean).map((t) => {
    const v = Number(t);
    if (!Number.isInteger(v) || v < 1 || v > 1000) throw new UserError(`--concurrencies: '${t}' is not an integer from 1 to 1000`);
    return v;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Events per partition below which a sweep volume gets fewer partitions than the scenario's. */
const MIN_EVENTS_PER_PARTITION = 50;

/** One measured run of a sweep, the folder it is kept in, and its place in the fit. */
interface SweepMeasurement {
  readonly results: Results;
  readonly dir: string;
  readonly heldOut: boolean;
  readonly concurrency?: number;
}

const BOTH: readonly DesignName[] = ['single-node', 'distributed'];

/**
 * `scalesim sweep`: measure both designs at several volumes (one held out) on one deployment of both
 * stacks, as `scalesim run` validates (each volume with cold Lambda environments and its own run id),
 * and the distributed design at several Map concurrencies, each on a fresh emulator (a concurrency is a
 * different stack). The largest fitted volume's run becomes the results' main body, and its folder
 * keeps the cloud assembly; the model is fitted to all of them.
 */
export async function sweep(o: SweepOptions): Promise<Results> {
  if (o.volumes.length < 2) throw new UserError('sweep needs at least two volumes');
  const holdOut = o.holdOut ?? (o.volumes.length >= 3 ? o.volumes.length - 2 : -1);
  const { measured, workloadCost } = await measureSweepVolumes(o, holdOut);
  // A large volume (the second largest, to bound the sweep's time): enough work per run that fixed
  // costs do not hide the scaling.
  const at = o.volumes[Math.max(0, o.volumes.length - 2)];
  for (const c of o.concurrencies) {
    measured.push({ ...(await measureOnce(o, `distributed at concurrency ${c}, ${at} events`, at, c)), heldOut: false, concurrency: c });
  }
  const main = measured.filter((m) => m.concurrency === undefined && !m.heldOut).at(-1)!;
  writeSweepIndex(o.outDir, main, measured);
  const runs = measured.flatMap((m) => runsOf(m.results).map((run): SweepRun => (m.concurrency === undefined ? { ...run, heldOut: m.heldOut } : { ...run, concurrency: m.concurrency })));
  o.log(`sweep: fitting ${runs.length} measured runs and projecting to ${o.projectTo.toExponential(0)} events`);
  const finalized = await finalizeResults(main.results, {
    assemblyDir: path.join(main.dir, 'cdk.out'),
    sweep: runs,
    projectTo: o.projectTo,
    log: o.log,
    ...(o.calibration ? { calibration: o.calibration } : {}),
    ...(workloadCost ? { workloadCost } : {}),
  });
  return { ...finalized, command: o.command };
}

/** A sweep volume's partitions: the scenario's, fewer when a partition would hold under 50 events. */
function sweepPartitions(s: Scenario, events: number): number {
  return Math.max(1, Math.min(s.workload.partitions, Math.floor(events / MIN_EVENTS_PER_PARTITION)));
}

/** `<out>/sweep/<label>`: where one sweep run's results.json (and, for the main run, its assembly) is kept. */
function runDir(outDir: string, label: string): string {
  return path.join(outDir, 'sweep', label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, ''));
}

/**
 * Every volume on one deployment (simulator/run/validate-volumes.ts), with the workload's CPU per event
 * measured meanwhile in an isolated process over the largest volume (replaying the scenario's sample
 * when it has one, as every run does). Each run is kept in its own folder, so the fit can be audited
 * point by point; a volume with a failed design or a broken accounting stops the sweep.
 */
async function measureSweepVolumes(o: SweepOptions, holdOut: number): Promise<{ measured: SweepMeasurement[]; workloadCost?: WorkloadCost }> {
  const s = o.loaded.scenario;
  const plan = o.volumes.map((events, i) => ({ events, partitions: sweepPartitions(s, events), heldOut: i === holdOut }));
  const labels = plan.map((v) => `${v.events} events${v.heldOut ? ' (held out)' : ''}`);
  const dirs = labels.map((l) => runDir(o.outDir, l));
  const mainIndex = plan.map((v) => !v.heldOut).lastIndexOf(true);
  const largest = plan[plan.length - 1];
  o.signal?.throwIfAborted();
  o.log(`sweep: ${labels.join(', ')}, on one deployment of both designs`);
  const m = await measureVolumes({
    loaded: o.loaded,
    designs: BOTH,
    startSession: () => startEmulator(o.emulator, { ...o.emulatorOptions, region: s.region, signal: o.signal }),
    assemblyDir: path.join(dirs[mainIndex], 'cdk.out'),
    events: largest.events,
    partitions: largest.partitions,
    command: o.command,
    signal: o.signal,
    log: (l) => o.log(`  ${l}`),
    validate: true,
    volumes: plan,
  });
  const measured = m.volumes.map((results, i): SweepMeasurement => {
    writeResults(dirs[i], results);
    const problems = BOTH.flatMap((d) => (results.designs[d] ? designProblems(d, results.designs[d]) : [`${d}: not run`]));
    if (results.status !== 'complete' || problems.length) throw new Error(`sweep run ${labels[i]} did not complete: ${results.incompleteReason ?? problems.join('; ')}`);
    return { results, dir: dirs[i], heldOut: plan[i].heldOut };
  });
  return { measured, ...(m.workloadCost ? { workloadCost: m.workloadCost } : {}) };
}

/** One concurrency run of the distributed design on a fresh emulator (its own stack), kept in its own folder. */
async function measureOnce(o: SweepOptions, label: string, events: number, concurrency: number): Promise<{ results: Results; dir: string }> {
  o.signal?.throwIfAborted();
  o.log(`sweep: ${label}`);
  const session = await startEmulator(o.emulator, { ...o.emulatorOptions, region: o.loaded.scenario.region, signal: o.signal });
  const dir = runDir(o.outDir, label);
  try {
    const { results } = await runScenario({
      loaded: withConcurrency(o.loaded, concurrency),
      designs: ['distributed'],
      session,
      assemblyDir: path.join(dir, 'cdk.out'),
      events,
      partitions: sweepPartitions(o.loaded.scenario, events),
      command: o.command,
      signal: o.signal,
      log: (l) => o.log(`  ${l}`),
    });
    writeResults(dir, results);
    if (results.status !== 'complete') throw new Error(`sweep run ${label} did not complete: ${results.incompleteReason}`);
    return { results, dir };
  } finally {
    await session.stop();
  }
}

interface SweepIndexEntry {
  readonly dir: string;
  readonly heldOut: boolean;
  readonly concurrency?: number;
}

/** `<out>/sweep/index.json`: every run's folder, for `sweep --refit`. */
function writeSweepIndex(outDir: string, main: SweepMeasurement, measured: readonly SweepMeasurement[]): void {
  const dirOf = (m: SweepMeasurement) => path.relative(outDir, m.dir);
  const runs: SweepIndexEntry[] = measured.map((m) => ({ dir: dirOf(m), heldOut: m.heldOut, ...(m.concurrency !== undefined ? { concurrency: m.concurrency } : {}) }));
  fs.writeFileSync(path.join(outDir, 'sweep', 'index.json'), JSON.stringify({ main: dirOf(main), runs }, null, 2) + '\n');
}

/**
 * Fits again from the runs an earlier sweep measured (`<out>/sweep/index.json` and each run's
 * results.json), without measuring anything: for a changed model or price snapshot.
 */
export async function refitSweep(outDir: string, o: { projectTo: number; command: string; log: (line: string) => void; calibration?: LoadedCalibration }): Promise<Results> {
  const indexFile = path.join(outDir, 'sweep', 'index.json');
  if (!fs.existsSync(indexFile)) throw new UserError(`no sweep to refit in ${outDir}: ${path.relative(process.cwd(), indexFile)} is missing; run the sweep first`);
  const index = parseSweepIndex(parseUserJson(readUserText(indexFile, { what: 'sweep index', maxBytes: 10_000_000 }), indexFile), indexFile, outDir);
  // A partial run would bend the fit: refit refuses incomplete runs (as cost does).
  const readResults = (f: string) => loadResults(f, { incomplete: 'refuse', purpose: 'fit from it', display: path.relative(process.cwd(), f) || f });
  const runs: SweepRun[] = [];
  for (const e of index.runs) {
    const r = readResults(path.join(outDir, e.dir, 'results.json'));
    for (const run of runsOf(r)) runs.push({ ...run, heldOut: e.heldOut, ...(e.concurrency !== undefined ? { concurrency: e.concurrency } : {}) });
  }
  o.log(`sweep: refitting ${runs.length} measured runs from ${path.relative(process.cwd(), indexFile)}`);
  const main = readResults(path.join(outDir, index.main, 'results.json'));
  // The workload calibration the sweep measured, recorded in its results.
  const sweepResults = fs.existsSync(path.join(outDir, 'results.json')) ? readResults(path.join(outDir, 'results.json')) : undefined;
  const workloadCost = sweepResults?.model?.workloadCost;
  const finalized = await finalizeResults(main, {
    assemblyDir: path.join(outDir, index.main, 'cdk.out'),
    sweep: runs,
    projectTo: o.projectTo,
    log: o.log,
    ...(o.calibration ? { calibration: o.calibration } : {}),
    ...(workloadCost ? { workloadCost } : {}),
  });
  return { ...finalized, command: o.command };
}

/** The index a sweep wrote, checked: every run folder must stay inside the sweep's --out. */
function parseSweepIndex(raw: unknown, file: string, outDir: string): { main: string; runs: SweepIndexEntry[] } {
  const bad = (why: string): never => {
    throw new UserError(`${file}: not a sweep index (${why}); run the sweep again`);
  };
  if (raw === null || typeof raw !== 'object') return bad('expected an object');
  const { main, runs } = raw as { main?: unknown; runs?: unknown };
  const inside = (d: unknown): d is string => typeof d === 'string' && d.length > 0 && !path.isAbsolute(d) && !path.relative(outDir, path.resolve(outDir, d)).startsWith('..');
  if (!inside(main)) return bad('main: expected a run folder inside the sweep folder');
  if (!Array.isArray(runs) || runs.length === 0) return bad('runs: expected a non-empty list');
  for (const [i, r] of runs.entries()) {
    const e = r as Partial<SweepIndexEntry> | null;
    if (!e || !inside(e.dir) || typeof e.heldOut !== 'boolean' || (e.concurrency !== undefined && !Number.isInteger(e.concurrency))) bad(`runs[${i}]: expected {dir, heldOut, concurrency?} with dir inside the sweep folder`);
  }
  return { main, runs: runs as SweepIndexEntry[] };
}

function withConcurrency(loaded: LoadedScenario, c: number): LoadedScenario {
  const s = loaded.scenario;
  return {
    ...loaded,
    scenario: {
      ...s,
      distributed: {
        ...s.distributed,
        map: { ...s.distributed.map, maxConcurrency: c },
        lambda: { ...s.distributed.lambda, reservedConcurrency: Math.max(c, s.distributed.lambda.reservedConcurrency) },
      },
    },
  };
}

import type { DesignName } from '../../lib/workload/contract';
import { awsClients } from '../deploy/aws-clients';
import type { DeployedDesign } from '../deploy/deploy';
import type { AwsClients } from '../deploy/aws-clients';
import type { DesignStack } from '../assembly/read';
import type { PreparedSample } from '../sample/prepare';
import type { Scenario } from '../scenario/schema';
import { readAssembly } from '../assembly/read';
import { synthesizeCached } from '../deploy/synth-cache';
import type { EmulatorSession } from '../emulator/types';
import type { SweepRun } from '../model/fit';
import type { WorkloadCost } from '../model/workload-cost';
import type { DesignResult } from '../results/design';
import type { Results } from '../results/results';
import { runsOf } from './finalize';
import type { RunData } from './run-data';
import {
  assembleResults,
  deployDesign,
  designProblems,
  hasFaults,
  isTargetDown,
  newRunId,
  oneLine,
  prepareData,
  releaseRunData,
  runOnDeployed,
  type RunScenarioOptions,
  sampleRecord,
  scenarioSample,
  withoutSampleValues,
} from './run-scenario';
import { retireWarmEnvironments } from './cold-start';
import { withWorkloadOverrides } from '../scenario/overrides';
import { measureWorkloadCost } from './workload-cost';

/**
 * `scalesim run` by default: both designs deployed once, then run at several volumes on the same
 * stacks (each execution with its own run id), so the model is fitted to some volumes and checked
 * against one it did not see. Meanwhile an isolated child process measures the workload's CPU per
 * event once, for both designs' projections. With `validate: false`, one volume (the scenario's).
 */

export interface MeasureOptions extends Omit<RunScenarioOptions, 'session'> {
  /** Starts the target; runs while the data is prepared and the app synthesized. The session is stopped before returning. */
  readonly startSession: () => Promise<EmulatorSession>;
  /** Measure the validation volumes too. */
  readonly validate: boolean;
  /**
   * Measure the workload's CPU per event in an isolated process.
   * @default true
   */
  readonly calibrateWorkload?: boolean;
  /**
   * The volumes to run, ascending, instead of the validation volumes (`scalesim sweep`'s); the last is
   * the main one, and `validate` does not apply.
   * @default - the validation volumes of the scenario, or its own volume alone without `validate`
   */
  readonly volumes?: readonly ValidationVolume[];
}

export interface MeasuredRun {
  /** The scenario volume's results (the main body of results.json). */
  readonly results: Results;
  readonly ok: boolean;
  /** Every volume's runs, the held-out one marked; only complete designs. */
  readonly runs: readonly SweepRun[];
  readonly workloadCost?: WorkloadCost;
  /** Why there are no validation volumes, when there are none. */
  readonly validationSkipped?: string;
  /** Every volume's results, in the order of the volumes (the last is `results`). */
  readonly volumes: readonly Results[];
}

/** One volume of a validated run. */
export interface ValidationVolume {
  readonly events: number;
  readonly partitions: number;
  readonly heldOut: boolean;
}

/**
 * Three volumes, ascending, the last the scenario's own: about 1/8 and 1/4 of its partitions at the
 * scenario's partition size (so a partition costs the same at every volume), the middle one held out.
 * Not smaller: at 1/16 and 1/8 the held-out run of the baseline is a two-second run on an idle machine,
 * where the emulator's fixed costs dominate, and it missed ±15% in 5 of 6 tries against 0 of 6 at 1/8 and
 * 1/4 (bench/RESULTS.md, "Validation volumes").
 * At least two partitions in the smallest: the single node's worker pool (two workers on the baseline's
 * 2 vCPU) then runs whole rounds at every volume, so its wall time is a line in volume, as the
 * prediction assumes; one partition would leave a worker idle. Below four partitions, 1/4 and 1/2 of the
 * events in the same partitions.
 */
export function validationVolumes(events: number, partitions: number): ValidationVolume[] {
  const p1 = Math.max(2, Math.round(partitions / 8));
  let p2 = Math.max(p1 + 1, Math.round(partitions / 4));
  if (p2 >= partitions) p2 = Math.floor((p1 + partitions) / 2);
  if (partitions >= 4 && p1 < p2 && p2 < partitions) {
    const perPartition = events / partitions;
    return [p1, p2, partitions].map((p, i) => ({ events: i === 2 ? events : Math.round(perPartition * p), partitions: p, heldOut: i === 1 }));
  }
  const small = [Math.round(events / 4), Math.round(events / 2)].map((e) => Math.max(e, partitions * 50));
  const vols = [...new Set([...small.filter((e) => e < events), events])].sort((x, y) => x - y);
  return vols.map((e, i) => ({ events: e, partitions, heldOut: vols.length === 3 && i === 1 }));
}

export async function measureVolumes(o: MeasureOptions): Promise<MeasuredRun> {
  const now = o.now ?? Date.now;
  const scenario = withWorkloadOverrides(o.loaded.scenario, o);
  const sessionP = o.startSession();
  // A failed start is reported where it is awaited; this keeps it from being an unhandled rejection meanwhile.
  sessionP.catch(() => undefined);
  let session: EmulatorSession | undefined;
  const data: RunData[] = [];
  // Stops the calibration worker if anything fails before it is done (or on Ctrl-C).
  const costAbort = new AbortController();
  const onAbort = () => costAbort.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { plan, skipped } = volumePlan(o, scenario);
    const sample = await prepareVolumes(o, scenario, plan, data);
    const costP = startWorkloadCost(o, data, costAbort.signal);
    o.log(`synthesizing ${scenario.name} (both designs, cdk-nag AwsSolutions)${costP ? '; measuring the workload CPU per event in an isolated process' : ''}`);
    const synth = synthesizeCached(scenario, o.assemblyDir);
    if (synth.reused) o.log(`reused the cloud assembly synthesized earlier from the same scenario and sources (${synth.key})`);
    const assembly = readAssembly(o.assemblyDir);
    session = await sessionP;
    session.useAssembly(o.assemblyDir);
    const m = await onSharedStacks({ o, run: { ...o, session }, scenario, plan, data, sample, now }, assembly, costP);
    const sampleRec = sample ? await sampleRecord(sample) : undefined;
    const x = { session, notEmulated: m.notEmulated, now, ...(sampleRec ? { sample: sampleRec } : {}) };
    const volumes = plan.map((v, i) => assembleResults(o, withWorkloadOverrides(scenario, v), { ...x, designs: m.perVolume[i], problems: i === plan.length - 1 ? m.problems : [], data: data[i] }));
    const runs = volumes.flatMap((r, i) => runsOf(r).map((run) => ({ ...run, heldOut: plan[i].heldOut })));
    return {
      results: volumes[volumes.length - 1],
      ok: m.problems.length === 0,
      runs,
      volumes,
      ...(m.workloadCost ? { workloadCost: m.workloadCost } : {}),
      ...(skipped ? { validationSkipped: skipped } : {}),
    };
  } finally {
    // Replayed samples' temporary copies go with the run.
    for (const d of data) d.dispose();
    o.signal?.removeEventListener('abort', onAbort);
    costAbort.abort(new Error('the run ended before the workload calibration'));
    const s = session ?? (await sessionP.catch(() => undefined));
    await s?.stop();
  }
}

/** The volumes to run (the scenario's last), or only the scenario's, and why, when validation is off or cannot hold. */
function volumePlan(o: Pick<MeasureOptions, 'validate' | 'volumes'>, scenario: Scenario): { plan: ValidationVolume[]; skipped?: string } {
  if (o.volumes) return { plan: [...o.volumes] };
  const skipped = !o.validate ? 'not run (--no-validate)' : hasFaults(scenario) ? 'not run: the scenario injects faults, which change run time by volume (retries, failed partitions)' : undefined;
  if (skipped) return { plan: [{ events: scenario.workload.events, partitions: scenario.workload.partitions, heldOut: false }], skipped };
  return { plan: validationVolumes(scenario.workload.events, scenario.workload.partitions) };
}

/**
 * Each volume's data, pushed onto `data` as it is prepared (so the caller disposes what was prepared
 * if a later one fails), replaying the scenario's sample (workload.source) when it has one. Returns the sample.
 */
export async function prepareVolumes(
  o: Parameters<typeof prepareData>[0] & Pick<MeasureOptions, 'loaded' | 'signal' | 'sample'>,
  scenario: Scenario,
  plan: readonly ValidationVolume[],
  data: RunData[],
): Promise<PreparedSample | undefined> {
  const sample = o.sample ?? (await scenarioSample(o, scenario));
  for (const v of plan) data.push(await prepareData({ ...o, ...(sample ? { sample } : {}) }, withWorkloadOverrides(scenario, v)));
  return sample;
}

/** Starts the isolated workload calibration on the largest volume generated to local disk; none when off or when every volume streams. */
function startWorkloadCost(o: MeasureOptions, data: readonly RunData[], signal: AbortSignal): Promise<WorkloadCost> | undefined {
  // A volume streamed into the raw zone has no local copy.
  const calibrationDir = [...data].reverse().find((d) => d.localDir)?.localDir;
  if (o.calibrateWorkload === false) return undefined;
  if (!calibrationDir) {
    o.log('workload calibration skipped: every volume streams straight into the raw zone (no local copy); the projection uses the emulator\'s stage profiles');
    return undefined;
  }
  const costP = measureWorkloadCost({ dataDir: calibrationDir, signal });
  costP.catch(() => undefined);
  return costP;
}

/** What every step on the shared stacks reads. */
interface VolumeRunContext {
  readonly o: MeasureOptions;
  readonly run: RunScenarioOptions;
  readonly scenario: Scenario;
  readonly plan: readonly ValidationVolume[];
  readonly data: readonly RunData[];
  readonly sample: PreparedSample | undefined;
  readonly now: () => number;
}

/** What the shared stacks produced: each volume's designs, the main volume's problems. */
interface SharedStacksOutcome {
  readonly perVolume: Partial<Record<DesignName, DesignResult>>[];
  readonly problems: string[];
  readonly notEmulated: Record<string, string[]>;
  readonly workloadCost?: WorkloadCost;
}

/** Deploys each design once, waits for the workload calibration, then runs every volume on the same stacks. */
async function onSharedStacks(x: VolumeRunContext, assembly: Record<DesignName, DesignStack>, costP: Promise<WorkloadCost> | undefined): Promise<SharedStacksOutcome> {
  const clients = awsClients(x.run.session);
  try {
    const stacks = await deployAll(x, clients, assembly);
    // The calibration finishes before any execution starts, so neither measurement disturbs the other.
    const workloadCost = costP ? await awaitWorkloadCost(x.o, costP) : undefined;
    const perVolume = await runVolumes(x, clients, stacks);
    return { perVolume, problems: stacks.problems, notEmulated: stacks.notEmulated, ...(workloadCost ? { workloadCost } : {}) };
  } finally {
    clients.destroy();
  }
}

/** The deployed designs, and the state every later step shares: problems so far, and whether the target went down. */
interface SharedStacks {
  readonly deployed: Partial<Record<DesignName, DeployedDesign>>;
  readonly notEmulated: Record<string, string[]>;
  readonly problems: string[];
  targetDown?: string;
}

async function deployAll(x: VolumeRunContext, clients: AwsClients, assembly: Record<DesignName, DesignStack>): Promise<SharedStacks> {
  const stacks: SharedStacks = { deployed: {}, notEmulated: {}, problems: [] };
  for (const design of x.o.designs) {
    try {
      const dep = await deployDesign(x.run, clients, assembly[design], x.now);
      stacks.deployed[design] = dep;
      stacks.notEmulated[design] = dep.notCreated.map((r) => `${r.logicalId} (${r.type})`);
    } catch (e) {
      if (x.o.signal?.aborted) throw e;
      const message = oneLine(e);
      stacks.problems.push(`${design}: deploy failed: ${message}`);
      x.o.log(`${design}: deploy failed: ${message}`);
      if (isTargetDown(e)) stacks.targetDown = message;
    }
  }
  return stacks;
}

async function awaitWorkloadCost(o: MeasureOptions, costP: Promise<WorkloadCost>): Promise<WorkloadCost | undefined> {
  try {
    const w = await costP;
    const us = (ms: number) => (ms * 1000).toFixed(2);
    o.log(`workload CPU per event: ${us(w.cpuPerEventMs.value)} µs (${us(w.cpuPerEventMs.low)}–${us(w.cpuPerEventMs.high)} µs over ${w.repeats - 1} warm runs)`);
    return w;
  } catch (e) {
    if (o.signal?.aborted) throw e;
    o.log(`workload calibration failed, the projection falls back to the emulator's stage profiles: ${oneLine(e)}`);
    return undefined;
  }
}

/**
 * Every volume on the shared stacks, largest first: the emulator's one-time work on a fresh stack (the
 * first execution, the first code download) then falls on the run where it is the smallest share.
 */
async function runVolumes(x: VolumeRunContext, clients: AwsClients, stacks: SharedStacks): Promise<Partial<Record<DesignName, DesignResult>>[]> {
  const perVolume: Partial<Record<DesignName, DesignResult>>[] = x.plan.map(() => ({}));
  for (const [n, i] of [...x.plan.keys()].reverse().entries()) {
    const v = x.plan[i];
    const label = x.plan.length > 1 ? `volume ${n + 1}/${x.plan.length} (${v.events.toLocaleString('en-US')} events${v.heldOut ? ', held out' : ''}) ` : '';
    for (const [d, design] of x.o.designs.entries()) {
      x.o.signal?.throwIfAborted();
      const dep = stacks.deployed[design];
      if (!dep) continue;
      if (stacks.targetDown) {
        if (i === x.plan.length - 1) stacks.problems.push(`${design}: not run, because the target stopped responding (${stacks.targetDown})`);
        continue;
      }
      const r = await runOneVolume(x, clients, stacks, { index: i, first: n === 0, label, dep, lastDesign: d === x.o.designs.length - 1 });
      if (r) perVolume[i][design] = r;
    }
  }
  return perVolume;
}

/**
 * One design at one volume: a fresh run id, cold Lambda environments, the run, its problems (counted
 * only for the main volume; another volume with problems is left out of the fit), then its data released.
 */
async function runOneVolume(
  x: VolumeRunContext,
  clients: AwsClients,
  stacks: SharedStacks,
  at: { index: number; first: boolean; label: string; dep: DeployedDesign; lastDesign: boolean },
): Promise<DesignResult | undefined> {
  const { o, run, plan } = x;
  const { dep, label } = at;
  const design = dep.design;
  const isMain = at.index === plan.length - 1;
  const log = (l: string) => o.log(`${label}${l}`);
  const runId = newRunId(x.scenario, design);
  let result: DesignResult | undefined;
  try {
    // Every volume starts with cold Lambda environments, as the first one did on the fresh stack.
    if (!at.first && dep.workerFunctionName) await retireWarmEnvironments(run.session, dep.workerFunctionName, runId, o.signal);
    const r = await runOnDeployed({ ...run, log }, clients, dep, withWorkloadOverrides(x.scenario, plan[at.index]), x.data[at.index], runId, x.now);
    result = withoutSampleValues(r, o.loaded, x.sample);
    const bad = designProblems(design, r);
    if (isMain) stacks.problems.push(...bad);
    else if (bad.length) log(`${bad.join('; ')}: this volume is left out of the fit`);
  } catch (e) {
    if (o.signal?.aborted) throw e;
    const message = oneLine(e);
    if (isMain) stacks.problems.push(`${design}: run failed: ${message}`);
    log(`${design}: run failed: ${message}`);
    if (isTargetDown(e)) stacks.targetDown = message;
  }
  if (!stacks.targetDown) {
    const released = await releaseRunData({ ...run, log }, clients, dep, runId, x.data[at.index], at.lastDesign, result);
    if (released) result = released;
  }
  return result;
}

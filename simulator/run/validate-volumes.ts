import type { DesignName } from '../../lib/workload/contract';
import { awsClients } from '../deploy/aws-clients';
import type { DeployedDesign } from '../deploy/deploy';
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
}

/** One volume of a validated run. */
export interface ValidationVolume {
  readonly events: number;
  readonly partitions: number;
  readonly heldOut: boolean;
}

/**
 * Three volumes, ascending, the last the scenario's own: about 1/16 and 1/8 of its partitions at the
 * scenario's partition size (so a partition costs the same at every volume), the middle one held out.
 * At least two partitions in the smallest: the single node's worker pool (two workers on the baseline's
 * 2 vCPU) then runs whole rounds at every volume, so its wall time is a line in volume, as the
 * prediction assumes; one partition would leave a worker idle. Below four partitions, 1/4 and 1/2 of the
 * events in the same partitions.
 */
export function validationVolumes(events: number, partitions: number): ValidationVolume[] {
  const p1 = Math.max(2, Math.round(partitions / 16));
  let p2 = Math.max(p1 + 1, Math.round(partitions / 8));
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
    const skipped = !o.validate ? 'not run (--no-validate)' : hasFaults(scenario) ? 'not run: the scenario injects faults, which change run time by volume (retries, failed partitions)' : undefined;
    const plan = skipped ? [{ events: scenario.workload.events, partitions: scenario.workload.partitions, heldOut: false }] : validationVolumes(scenario.workload.events, scenario.workload.partitions);
    const sample = o.sample ?? (await scenarioSample(o, scenario));
    for (const v of plan) data.push(await prepareData({ ...o, ...(sample ? { sample } : {}) }, withWorkloadOverrides(scenario, v)));
    // The largest volume generated to local disk (one streamed into the raw zone has no local copy).
    const calibrationDir = [...data].reverse().find((d) => d.localDir)?.localDir;

    const costP = o.calibrateWorkload === false || !calibrationDir ? undefined : measureWorkloadCost({ dataDir: calibrationDir, signal: costAbort.signal });
    if (!calibrationDir && o.calibrateWorkload !== false) o.log('workload calibration skipped: every volume streams straight into the raw zone (no local copy); the projection uses the emulator\'s stage profiles');
    costP?.catch(() => undefined);
    o.log(`synthesizing ${scenario.name} (both designs, cdk-nag AwsSolutions)${costP ? '; measuring the workload CPU per event in an isolated process' : ''}`);
    const synth = synthesizeCached(scenario, o.assemblyDir);
    if (synth.reused) o.log(`reused the cloud assembly synthesized earlier from the same scenario and sources (${synth.key})`);
    const assembly = readAssembly(o.assemblyDir);
    session = await sessionP;
    session.useAssembly(o.assemblyDir);
    const run: RunScenarioOptions = { ...o, session };

    const clients = awsClients(session);
    const notEmulated: Record<string, string[]> = {};
    const deployed: Partial<Record<DesignName, DeployedDesign>> = {};
    const problems: string[] = [];
    const perVolume: Partial<Record<DesignName, DesignResult>>[] = plan.map(() => ({}));
    let workloadCost: WorkloadCost | undefined;
    try {
      let targetDown: string | undefined;
      for (const design of o.designs) {
        try {
          deployed[design] = await deployDesign(run, clients, assembly[design], now);
          notEmulated[design] = deployed[design]!.notCreated.map((r) => `${r.logicalId} (${r.type})`);
        } catch (e) {
          if (o.signal?.aborted) throw e;
          const message = oneLine(e);
          problems.push(`${design}: deploy failed: ${message}`);
          o.log(`${design}: deploy failed: ${message}`);
          if (isTargetDown(e)) targetDown = message;
        }
      }
      // The calibration finishes before any execution starts, so neither measurement disturbs the other.
      if (costP) {
        try {
          workloadCost = await costP;
          o.log(`workload CPU per event: ${(workloadCost.cpuPerEventMs.value * 1000).toFixed(2)} µs (${(workloadCost.cpuPerEventMs.low * 1000).toFixed(2)}–${(workloadCost.cpuPerEventMs.high * 1000).toFixed(2)} µs over ${workloadCost.repeats - 1} warm runs)`);
        } catch (e) {
          if (o.signal?.aborted) throw e;
          o.log(`workload calibration failed, the projection falls back to the emulator's stage profiles: ${oneLine(e)}`);
        }
      }
      // Largest volume first: the emulator's one-time work on a fresh stack (the first execution, the
      // first code download) then falls on the run where it is the smallest share.
      for (const [n, i] of [...plan.keys()].reverse().entries()) {
        const v = plan[i];
        const isMain = i === plan.length - 1;
        const vScenario = withWorkloadOverrides(scenario, v);
        const label = plan.length > 1 ? `volume ${n + 1}/${plan.length} (${v.events.toLocaleString('en-US')} events${v.heldOut ? ', held out' : ''}) ` : '';
        for (const [d, design] of o.designs.entries()) {
          o.signal?.throwIfAborted();
          const dep = deployed[design];
          if (!dep) continue;
          if (targetDown) {
            if (isMain) problems.push(`${design}: not run, because the target stopped responding (${targetDown})`);
            continue;
          }
          const runId = newRunId(scenario, design);
          try {
            // Every volume starts with cold Lambda environments, as the first one did on the fresh stack.
            if (n > 0 && dep.workerFunctionName) await retireWarmEnvironments(session, dep.workerFunctionName, runId, o.signal);
            const r = await runOnDeployed({ ...run, log: (l) => o.log(`${label}${l}`) }, clients, dep, vScenario, data[i], runId, now);
            perVolume[i][design] = withoutSampleValues(r, o.loaded, sample);
            const bad = designProblems(design, r);
            if (isMain) problems.push(...bad);
            else if (bad.length) o.log(`${label}${bad.join('; ')}: this volume is left out of the fit`);
          } catch (e) {
            if (o.signal?.aborted) throw e;
            const message = oneLine(e);
            if (isMain) problems.push(`${design}: run failed: ${message}`);
            o.log(`${label}${design}: run failed: ${message}`);
            if (isTargetDown(e)) targetDown = message;
          }
          if (!targetDown) {
            const released = await releaseRunData({ ...run, log: (l) => o.log(`${label}${l}`) }, clients, dep, runId, data[i], d === o.designs.length - 1, perVolume[i][design]);
            if (released) perVolume[i][design] = released;
          }
        }
      }
    } finally {
      clients.destroy();
    }
    const sampleRec = sample ? await sampleRecord(sample) : undefined;
    const x = { session, notEmulated, now, ...(sampleRec ? { sample: sampleRec } : {}) };
    const volumes = plan.map((v, i) => assembleResults(o, withWorkloadOverrides(scenario, v), { ...x, designs: perVolume[i], problems: i === plan.length - 1 ? problems : [], data: data[i] }));
    const runs = volumes.flatMap((r, i) => runsOf(r).map((run) => ({ ...run, heldOut: plan[i].heldOut })));
    return {
      results: volumes[volumes.length - 1],
      ok: problems.length === 0,
      runs,
      ...(workloadCost ? { workloadCost } : {}),
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

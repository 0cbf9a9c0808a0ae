import * as crypto from 'crypto';
import * as path from 'path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DesignName, RunManifest } from '../../lib/workload/contract';
import { collectDesign } from '../collect/collect-design';
import { designResult } from '../collect/design-result';
import { faultEvidence } from '../collect/faults';
import { awsClients, AwsClients } from '../deploy/aws-clients';
import { deployStack, DeployedDesign } from '../deploy/deploy';
import { synthesize } from '../deploy/synth';
import type { EmulatorSession } from '../emulator/types';
import { TargetUnreachableError } from '../errors';
import { loadRegistryFile } from '../generate/registry-file';
import type { SampleRecord } from '../results/sample';
import { withWorkloadOverrides } from '../scenario/overrides';
import { type PreparedSample, prepareScenarioSample } from '../sample/prepare';
import { pseudonymousQuality } from '../sample/privacy';
import { LoadedScenario } from '../scenario/load';
import type { Scenario } from '../scenario/schema';
import { DESIGN_RUNNERS } from './design-runners';
import { environmentRecord } from './environment';
import { startAndWait } from './execute';
import { deleteRunData } from './cleanup';
import { RunData, type StepProgress } from './run-data';
import type { DesignResult } from '../results/design';
import { type Results, RESULTS_SCHEMA_VERSION } from '../results/results';
import { type DesignStack, readAssembly } from '../assembly/read';

export interface RunScenarioOptions {
  readonly loaded: LoadedScenario;
  /** Which designs to run, in order. */
  readonly designs: readonly DesignName[];
  /** A started target; the caller owns it and stops it. */
  readonly session: EmulatorSession;
  /** Where the cloud assembly is synthesized. */
  readonly assemblyDir: string;
  /** Override workload.events / partitions (sweeps and quick runs). */
  readonly events?: number;
  readonly partitions?: number;
  /** The exact command that reproduces this run, recorded in results.json. */
  readonly command: string;
  readonly signal?: AbortSignal;
  /** Progress lines. */
  readonly log: (line: string) => void;
  /**
   * Progress of long steps (generating, landing, each design's run): a label, units done (partitions,
   * or events while generating), units in total, and events done so far.
   */
  readonly onProgress?: StepProgress;
  readonly now?: () => number;
  /** Reuse generated data from `.cache/generated` when the same scenario was generated before. @default true */
  readonly useDataCache?: boolean;
  /**
   * Keep each design's run data in the emulator after it is collected. By default it is deleted, so the
   * emulator holds one design's data at a time (never on a real AWS account: there nothing is deleted).
   * @default false
   */
  readonly keepData?: boolean;
  /**
   * Where settings are read (SCALESIM_DATA_CACHE_GB).
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The scenario's `workload.source`, prepared by the caller (to share the loaded sample with later steps).
   * @default - prepared here when the scenario has a source
   */
  readonly sample?: PreparedSample;
  /**
   * Keep a replayed sample's copy in `.cache/generated` for later runs. Without it, a run that replays a
   * sample (workload.source) generates into a temporary folder and deletes it when the run ends, so
   * copies of real data do not linger on disk.
   * @default false
   */
  readonly keepSampleData?: boolean;
}

/** A run's results plus whether every design finished and the invariant held. */
export interface RunOutcome {
  readonly results: Results;
  readonly ok: boolean;
}

/**
 * `scalesim run`: synthesize both designs, deploy them to the target through CloudFormation, land the
 * same generated data in each design's raw zone, run each state machine, and collect what happened
 * through AWS APIs. Returns results that are marked `incomplete` (never a success it did not have)
 * when a design fails; the caller writes them.
 */
export async function runScenario(o: RunScenarioOptions): Promise<RunOutcome> {
  const now = o.now ?? Date.now;
  const scenario = withWorkloadOverrides(o.loaded.scenario, o);
  o.log(`synthesizing ${scenario.name} (both designs, cdk-nag AwsSolutions)`);
  synthesize(scenario, o.assemblyDir);
  const assembly = readAssembly(o.assemblyDir);
  o.session.useAssembly(o.assemblyDir);

  const clients = awsClients(o.session);
  const designs: Partial<Record<DesignName, DesignResult>> = {};
  const notEmulated: Record<string, string[]> = {};
  const problems: string[] = [];
  let data: RunData | undefined;
  let sample: PreparedSample | undefined;
  try {
    sample = o.sample ?? (await scenarioSample(o, scenario));
    data = await prepareData({ ...o, sample }, scenario);
    let targetDown: string | undefined;
    for (const [i, design] of o.designs.entries()) {
      o.signal?.throwIfAborted();
      if (targetDown) {
        problems.push(`${design}: not run, because the target stopped responding (${targetDown})`);
        continue;
      }
      let stage = 'deploy';
      let landed: { deployed: DeployedDesign; runId: string } | undefined;
      try {
        const deployed = await deployDesign(o, clients, assembly[design], now);
        notEmulated[design] = deployed.notCreated.map((r) => `${r.logicalId} (${r.type})`);
        stage = 'run';
        landed = { deployed, runId: newRunId(scenario, design) };
        designs[design] = withoutSampleValues(await runOnDeployed(o, clients, deployed, scenario, data, landed.runId, now), o.loaded, sample);
        problems.push(...designProblems(design, designs[design]!));
      } catch (e) {
        if (o.signal?.aborted) throw e;
        const message = oneLine(e);
        problems.push(`${design}: ${stage} failed: ${message}`);
        o.log(`${design}: ${stage} failed: ${message}`);
        // A target that stopped answering will fail every later step the same way.
        if (isTargetDown(e)) targetDown = message;
      }
      // Collected (or failed): the emulator need not hold this design's data any longer.
      if (landed && !targetDown) {
        const released = await releaseRunData(o, clients, landed.deployed, landed.runId, data, i === o.designs.length - 1, designs[design]);
        if (released) designs[design] = released;
      }
    }
  } finally {
    clients.destroy();
    // The replayed sample's copy goes with the run (the emulator's raw zone goes when it stops).
    data?.dispose();
  }
  const sampleRec = sample ? await sampleRecord(sample) : undefined;
  const results = assembleResults(o, scenario, { session: o.session, notEmulated, designs, problems, data, now, ...(sampleRec ? { sample: sampleRec } : {}) });
  return { results, ok: problems.length === 0 };
}

/**
 * The generated data of one volume (simulator/run/run-data.ts): from the cache when the same scenario was
 * generated before, generated into it, or streamed straight into the first design's raw zone when it is
 * too large for the cache cap.
 */
export function prepareData(
  o: Pick<RunScenarioOptions, 'loaded' | 'log' | 'signal' | 'now' | 'useDataCache' | 'keepData' | 'onProgress' | 'env' | 'sample' | 'keepSampleData'> & { readonly session?: EmulatorSession },
  scenario: Scenario,
): Promise<RunData> {
  // Nothing is deleted on a real AWS account; a caller that has no session yet says so through keepData.
  const keep = !!o.keepData || !!o.session?.capabilities.realCloud;
  return RunData.prepare({
    scenario,
    loaded: o.loaded,
    useCache: o.useDataCache,
    keep,
    signal: o.signal,
    log: o.log,
    now: o.now ?? Date.now,
    onProgress: o.onProgress,
    ...(o.env ? { env: o.env } : {}),
    ...(o.sample ? { sample: o.sample, keepSampleData: !!o.keepSampleData } : {}),
  });
}

/** The scenario's `workload.source`, found, checked and hashed; none for synthetic data. */
export async function scenarioSample(o: Pick<RunScenarioOptions, 'loaded' | 'signal'>, scenario: Scenario): Promise<PreparedSample | undefined> {
  if (!scenario.workload.source) return undefined;
  return prepareScenarioSample(o.loaded.file, scenario, loadRegistryFile(o.loaded.registryFile), { signal: o.signal });
}

/** A replayed sample: results.json carries aggregates only, never a name or value from the data. */
export function withoutSampleValues(d: DesignResult, loaded: LoadedScenario, sample: PreparedSample | undefined): DesignResult {
  if (!sample || !d.quality) return d;
  return { ...d, quality: pseudonymousQuality(d.quality, loadRegistryFile(loaded.registryFile)) };
}

/** results.json `workload.sample`: the replayed sample's identity and aggregates (never a value). */
export async function sampleRecord(s: PreparedSample): Promise<SampleRecord> {
  const stats = (await s.pool()).stats;
  return { ...stats, mapped: s.mapping !== undefined };
}

/**
 * Once a design's run is collected (or failed), deletes its data from the emulator unless kept
 * (`--keep`, or a real AWS account), so the emulator holds one design's data at a time. The raw zone
 * stays until the next design has copied it. A failed deletion is logged, never fails the run.
 */
export async function releaseRunData(
  o: Pick<RunScenarioOptions, 'keepData' | 'session' | 'signal' | 'log'>,
  clients: AwsClients,
  deployed: DeployedDesign,
  runId: string,
  data: RunData,
  lastDesign: boolean,
  result: DesignResult | undefined,
): Promise<DesignResult | undefined> {
  if (o.keepData || o.session.capabilities.realCloud) return result;
  try {
    const freed = await deleteRunData(clients.s3, deployed.buckets, runId, data.zonesToDelete(lastDesign), o.signal);
    o.log(`${deployed.design}: deleted the run's ${freed.objects.toLocaleString('en-US')} objects (${(freed.bytes / 1e6).toFixed(1)} MB) from the emulator (--keep keeps them)`);
    return result ? { ...result, runDataDeleted: { objects: freed.objects, bytes: freed.bytes } } : result;
  } catch (e) {
    if (o.signal?.aborted) throw e;
    o.log(`${deployed.design}: could not delete the run's data from the emulator: ${oneLine(e)}`);
    return result;
  }
}

/** Deploys one design's stack through CloudFormation and prepares its state machine for execution. */
export async function deployDesign(o: Pick<RunScenarioOptions, 'session' | 'signal' | 'log'>, clients: AwsClients, stack: DesignStack, now: () => number): Promise<DeployedDesign> {
  o.log(`${stack.design}: deploying ${stack.stackName} through CloudFormation`);
  const deployed = await deployStack(o.session, clients, stack, { seedBootstrap: !o.session.capabilities.realCloud, signal: o.signal, now });
  const [arn] = await o.session.prepareStateMachines([deployed.stateMachineArn]);
  return { ...deployed, stateMachineArn: arn };
}

/** A unique run id: executions and their outputs never collide, so one deployed stack serves many runs. */
export function newRunId(scenario: Scenario, design: DesignName): string {
  return `${scenario.name}-${design}-${crypto.randomBytes(4).toString('hex')}`;
}

/** Lands `data` in the deployed design's raw zone under `runId`, runs it and collects what happened. */
export async function runOnDeployed(
  o: RunScenarioOptions,
  clients: AwsClients,
  deployed: DeployedDesign,
  scenario: Scenario,
  data: RunData,
  runId: string,
  now: () => number,
): Promise<DesignResult> {
  o.log(`${deployed.design}: landing the data in the raw zone (${runId})`);
  const u0 = now();
  const manifest = await data.land(clients.s3, deployed.buckets.raw, runId, deployed.design);
  const uploadMs = now() - u0;
  return runDesign(o, clients, deployed, scenario, manifest, runId, uploadMs);
}

/** Why a finished design does not count as a success (empty when it does). */
export function designProblems(design: DesignName, d: DesignResult): string[] {
  const out: string[] = [];
  if (d.executionStatus !== 'SUCCEEDED') out.push(`${design}: execution ${d.executionStatus}`);
  if (!d.accounting.invariantHolds) out.push(`${design}: accounting invariant broken (${d.accounting.violations[0]})`);
  return out;
}

/** A target that stopped answering fails every later step the same way. */
export function isTargetDown(e: unknown): boolean {
  return e instanceof TargetUnreachableError;
}

/** The results.json of one volume. */
export function assembleResults(
  o: Pick<RunScenarioOptions, 'loaded' | 'command'>,
  scenario: Scenario,
  x: {
    readonly session: EmulatorSession;
    readonly notEmulated: Record<string, readonly string[]>;
    readonly designs: Partial<Record<DesignName, DesignResult>>;
    readonly problems: readonly string[];
    readonly data?: RunData;
    readonly now: () => number;
    /** @default - synthetic data */
    readonly sample?: SampleRecord;
  },
): Results {
  const manifest = x.data?.manifest;
  const bytes = manifest?.partitions.reduce((n, p) => n + p.bytes, 0) ?? 0;
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    status: x.problems.length ? 'incomplete' : 'complete',
    ...(x.problems.length ? { incompleteReason: x.problems.join('; ') } : {}),
    generatedAt: new Date(x.now()).toISOString(),
    command: o.command,
    scenario: { name: scenario.name, file: path.relative(process.cwd(), o.loaded.file) || o.loaded.file, hash: o.loaded.hash, seed: scenario.seed, spec: scenario },
    environment: environmentRecord(x.session, x.notEmulated),
    workload: {
      events: manifest?.events ?? scenario.workload.events,
      partitions: manifest?.partitions.length ?? 0,
      bytes,
      compression: scenario.workload.compression,
      outputCompression: scenario.workload.outputCompression,
      generateMs: x.data?.generateMs ?? 0,
      generateCached: x.data?.cached ?? false,
      ...(x.sample ? { sample: x.sample } : {}),
    },
    designs: x.designs,
  };
}

async function runDesign(
  o: RunScenarioOptions,
  clients: AwsClients,
  deployed: DeployedDesign,
  scenario: Scenario,
  manifest: RunManifest,
  runId: string,
  uploadMs: number,
): Promise<DesignResult> {
  const input = await DESIGN_RUNNERS[deployed.design].executionInput({ runId, deployed, manifest, scenario, clients, signal: o.signal });
  const faultsRequested = Object.values(scenario.faults.lambda).some((v) => v > 0);
  if (deployed.design === 'distributed' && faultsRequested) {
    if (o.session.setFaults) await o.session.setFaults({ ...scenario.faults.lambda, seed: scenario.seed });
    else o.log(`${deployed.design}: this target cannot inject Lambda faults; faults.lambda is ignored`);
  }
  const logBefore = (await o.session.invocations?.())?.length ?? 0;
  const timeoutMs = (deployed.design === 'single-node' ? scenario.singleNode.timeoutMinutes : scenario.distributed.timeoutMinutes) * 60_000;
  o.log(`${deployed.design}: running ${runId}`);
  const total = manifest.partitions.length;
  const progressEveryMs = total > 1000 ? 10_000 : 2_000;
  let lastCount = 0;
  const now = o.now ?? Date.now;
  const execution = await startAndWait(clients.sfn, deployed.stateMachineArn, runId, input, {
    timeoutMs,
    signal: o.signal,
    pollMs: 300,
    onPoll: o.onProgress
      ? async () => {
          // Counting outputs lists the audit zone, which costs the emulator more the larger the run.
          if (now() - lastCount < progressEveryMs) return;
          lastCount = now();
          const done = await countOutputs(clients, deployed, runId);
          o.onProgress!(deployed.design, done, total, 'partitions', eventsOf(manifest, done));
        }
      : undefined,
  });
  o.onProgress?.(deployed.design, total, total, 'partitions', manifest.events ?? eventsOf(manifest, total));
  o.log(`${deployed.design}: ${execution.status}; collecting history, REPORT lines and audit outputs`);
  const raw = await collectDesign({ clients, deployed, runId, manifest, execution, signal: o.signal });
  const invocations = (await o.session.invocations?.())?.slice(logBefore);
  if (o.session.setFaults && faultsRequested) await o.session.setFaults({});
  const result = designResult({ raw, manifest, scenario, deployed, uploadMs });
  const evidence = faultEvidence({ design: deployed.design, raw, manifest, scenario, invocations });
  const anyFault = evidence.retries > 0 || evidence.failedForGood.length > 0 || evidence.injected.truncatedGzipPartitions.length > 0 || hasFaults(scenario);
  return anyFault ? { ...result, faults: evidence } : result;
}

async function countOutputs(clients: AwsClients, deployed: DeployedDesign, runId: string): Promise<number> {
  let n = 0;
  let token: string | undefined;
  do {
    const r = await clients.s3.send(new ListObjectsV2Command({ Bucket: deployed.buckets.audit, Prefix: `${runId}/accounting/`, ContinuationToken: token }));
    n += r.KeyCount ?? r.Contents?.length ?? 0;
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return n;
}

/** Events in `done` of the manifest's partitions, assuming they finish in no particular order (the mean size). */
function eventsOf(manifest: RunManifest, done: number): number {
  const total = manifest.events ?? manifest.partitions.reduce((n, p) => n + p.events, 0);
  return Math.round((total * done) / Math.max(1, manifest.partitions.length));
}

export function hasFaults(s: Scenario): boolean {
  const f = s.faults;
  return Object.values(f.lambda).some((v) => v > 0) || f.singleNode.crashAfterPartitions > 0 || Object.values(f.data).some((v) => v > 0);
}

export function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0].slice(0, 300);
}

import * as crypto from 'crypto';
import * as path from 'path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DesignName, RunManifest } from '../../lib/workload/contract';
import { S3Storage } from '../../lib/workload/s3-storage';
import { collectDesign } from '../collect/collect-design';
import { designResult } from '../collect/design-result';
import { cachedRun, cacheSlot, dataCacheKey } from './data-cache';
import { faultEvidence } from '../collect/faults';
import { awsClients, AwsClients } from '../deploy/aws-clients';
import { deployStack, DeployedDesign } from '../deploy/deploy';
import { synthesize } from '../deploy/synth';
import type { EmulatorSession } from '../emulator/types';
import { generateRun } from '../generate/generator';
import { loadRegistryFile, readRegistryText } from '../generate/registry-file';
import { directorySink, uploadRunDirectory } from '../generate/sinks';
import { TargetUnreachableError } from '../errors';
import type { SampleRecord } from '../results/sample';
import { LoadedScenario } from '../scenario/load';
import type { Scenario } from '../scenario/schema';
import { type PreparedSample, prepareScenarioSample } from '../sample/prepare';
import { pseudonymousQuality } from '../sample/privacy';
import { DESIGN_RUNNERS } from './design-runners';
import { environmentRecord } from './environment';
import { startAndWait } from './execute';
import type { DesignResult } from '../results/design';
import { type Results, RESULTS_SCHEMA_VERSION } from '../results/results';
import { readAssembly } from '../assembly/read';

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
  /** Progress of the running design: partitions with outputs so far, of the total. */
  readonly onProgress?: (design: DesignName, done: number, total: number) => void;
  readonly now?: () => number;
  /** Reuse generated data from `.cache/generated` when the same scenario was generated before. @default true */
  readonly useDataCache?: boolean;
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
  const scenario = withOverrides(o.loaded.scenario, o.events, o.partitions);
  o.log(`synthesizing ${scenario.name} (both designs, cdk-nag AwsSolutions)`);
  synthesize(scenario, o.assemblyDir);
  const assembly = readAssembly(o.assemblyDir);
  o.session.useAssembly(o.assemblyDir);

  let dataDir: string;
  const clients = awsClients(o.session);
  const designs: Partial<Record<DesignName, DesignResult>> = {};
  const notEmulated: Record<string, string[]> = {};
  const problems: string[] = [];
  let manifest: RunManifest | undefined;
  let generateMs = 0;
  let generateCached = false;
  let sample: PreparedSample | undefined;
  let transient: { discard(): void } | undefined;
  try {
    const registry = scenario.workload.source ? loadRegistryFile(o.loaded.registryFile) : undefined;
    sample = o.sample ?? (registry ? await prepareScenarioSample(o.loaded.file, scenario, registry, { signal: o.signal }) : undefined);
    const key = dataCacheKey(scenario, readRegistryText(o.loaded.registryFile), sample?.sha256);
    const cached = o.useDataCache === false ? undefined : await cachedRun(key, undefined, { log: o.log, signal: o.signal });
    if (cached) {
      o.log(`reusing the generated data of an earlier run (deterministic: same scenario, seed and volume): ${cached.dir}`);
      dataDir = cached.dir;
      manifest = cached.manifest;
      generateCached = true;
    } else {
      if (sample) o.log(`replaying the sample (${sample.files.files.length} file(s), sha256 ${sample.sha256.slice(0, 12)}): ${scenario.workload.events.toLocaleString('en-US')} events resampled into ${scenario.workload.partitions} partitions (seed ${scenario.seed})`);
      else o.log(`generating ${scenario.workload.events.toLocaleString('en-US')} events in ${scenario.workload.partitions} partitions (seed ${scenario.seed})`);
      const replay = sample ? await sample.pool() : undefined;
      const slot = cacheSlot(key);
      const g0 = now();
      try {
        manifest = await generateRun(scenario, loadRegistryFile(o.loaded.registryFile), directorySink(slot.dir), {
          scenarioHash: o.loaded.hash,
          signal: o.signal,
          ...(replay ? { replay } : {}),
        });
      } catch (e) {
        slot.discard();
        throw e;
      }
      generateMs = now() - g0;
      if (sample && !o.keepSampleData) {
        dataDir = slot.dir;
        transient = slot;
      } else dataDir = slot.commit();
    }

    let targetDown: string | undefined;
    for (const design of o.designs) {
      o.signal?.throwIfAborted();
      if (targetDown) {
        problems.push(`${design}: not run, because the target stopped responding (${targetDown})`);
        continue;
      }
      let stage = 'deploy';
      try {
        o.log(`${design}: deploying ${assembly[design].stackName} through CloudFormation`);
        const deployed = await deployStack(o.session, clients, assembly[design], { seedBootstrap: !o.session.capabilities.realCloud, signal: o.signal, now });
        notEmulated[design] = deployed.notCreated.map((r) => `${r.logicalId} (${r.type})`);
        const [arn] = await o.session.prepareStateMachines([deployed.stateMachineArn]);
        const runId = `${scenario.name}-${design}-${crypto.randomBytes(4).toString('hex')}`;
        stage = 'upload';
        o.log(`${design}: landing the data in the raw zone (${runId})`);
        const u0 = now();
        await uploadRunDirectory(dataDir, new S3Storage(clients.s3, deployed.buckets), runId);
        const uploadMs = now() - u0;
        stage = 'run';
        designs[design] = await runDesign(o, clients, { ...deployed, stateMachineArn: arn }, scenario, manifest, runId, uploadMs);
        // A replayed sample: results.json carries aggregates only, never a name or value from the data.
        if (sample && registry && designs[design]!.quality) {
          designs[design] = { ...designs[design]!, quality: pseudonymousQuality(designs[design]!.quality, registry) };
        }
        const d = designs[design]!;
        if (d.executionStatus !== 'SUCCEEDED') problems.push(`${design}: execution ${d.executionStatus}`);
        if (!d.accounting.invariantHolds) problems.push(`${design}: accounting invariant broken (${d.accounting.violations[0]})`);
      } catch (e) {
        if (o.signal?.aborted) throw e;
        const message = oneLine(e);
        problems.push(`${design}: ${stage} failed: ${message}`);
        o.log(`${design}: ${stage} failed: ${message}`);
        // A target that stopped answering will fail every later step the same way.
        if (e instanceof TargetUnreachableError) targetDown = message;
      }
    }
  } finally {
    clients.destroy();
    // The replayed sample's copy goes with the run (the emulator's raw zone goes when it stops).
    transient?.discard();
  }
  const bytes = manifest?.partitions.reduce((n, p) => n + p.bytes, 0) ?? 0;
  const results: Results = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    status: problems.length ? 'incomplete' : 'complete',
    ...(problems.length ? { incompleteReason: problems.join('; ') } : {}),
    generatedAt: new Date(now()).toISOString(),
    command: o.command,
    scenario: { name: scenario.name, file: path.relative(process.cwd(), o.loaded.file) || o.loaded.file, hash: o.loaded.hash, seed: scenario.seed, spec: scenario },
    environment: environmentRecord(o.session, notEmulated),
    workload: {
      events: manifest?.events ?? scenario.workload.events,
      partitions: manifest?.partitions.length ?? 0,
      bytes,
      compression: scenario.workload.compression,
      generateMs,
      generateCached,
      ...(sample ? { sample: await sampleRecord(sample) } : {}),
    },
    designs,
  };
  return { results, ok: problems.length === 0 };
}

/** results.json `workload.sample`: the replayed sample's identity and aggregates (never a value). */
async function sampleRecord(s: PreparedSample): Promise<SampleRecord> {
  const stats = (await s.pool()).stats;
  return { ...stats, mapped: s.mapping !== undefined };
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
  const execution = await startAndWait(clients.sfn, deployed.stateMachineArn, runId, input, {
    timeoutMs,
    signal: o.signal,
    pollMs: 300,
    onPoll: o.onProgress ? async () => o.onProgress!(deployed.design, await countOutputs(clients, deployed, runId), total) : undefined,
  });
  o.onProgress?.(deployed.design, total, total);
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

function withOverrides(s: Scenario, events?: number, partitions?: number): Scenario {
  if (events === undefined && partitions === undefined) return s;
  const w = { ...s.workload, ...(events !== undefined ? { events } : {}), ...(partitions !== undefined ? { partitions } : {}) };
  const ppi = Math.min(s.distributed.map.partitionsPerInvocation, w.partitions);
  return { ...s, workload: w, distributed: { ...s.distributed, map: { ...s.distributed.map, partitionsPerInvocation: ppi } } };
}

function hasFaults(s: Scenario): boolean {
  const f = s.faults;
  return Object.values(f.lambda).some((v) => v > 0) || f.singleNode.crashAfterPartitions > 0 || Object.values(f.data).some((v) => v > 0);
}

function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0].slice(0, 300);
}

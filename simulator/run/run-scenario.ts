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
import { LoadedScenario } from '../scenario/load';
import type { Scenario } from '../scenario/schema';
import { DESIGN_RUNNERS } from './design-runners';
import { environmentRecord } from './environment';
import { startAndWait } from './execute';
import { deleteRunData } from './cleanup';
import { RunData } from './run-data';
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
  /**
   * Progress of long steps (generating, landing, each design's run): a label, units done (partitions,
   * or events while generating), units in total, and events done so far.
   */
  readonly onProgress?: (label: string, done: number, total: number, events?: number) => void;
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

  const clients = awsClients(o.session);
  const designs: Partial<Record<DesignName, DesignResult>> = {};
  const notEmulated: Record<string, string[]> = {};
  const problems: string[] = [];
  let data: RunData | undefined;
  const deleteData = !o.keepData && !o.session.capabilities.realCloud;
  try {
    data = await RunData.prepare({ scenario, loaded: o.loaded, useCache: o.useDataCache, keep: !deleteData, signal: o.signal, log: o.log, now, onProgress: o.onProgress, ...(o.env ? { env: o.env } : {}) });

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
        o.log(`${design}: deploying ${assembly[design].stackName} through CloudFormation`);
        const deployed = await deployStack(o.session, clients, assembly[design], { seedBootstrap: !o.session.capabilities.realCloud, signal: o.signal, now });
        notEmulated[design] = deployed.notCreated.map((r) => `${r.logicalId} (${r.type})`);
        const [arn] = await o.session.prepareStateMachines([deployed.stateMachineArn]);
        const runId = `${scenario.name}-${design}-${crypto.randomBytes(4).toString('hex')}`;
        stage = 'upload';
        o.log(`${design}: landing the data in the raw zone (${runId})`);
        const u0 = now();
        landed = { deployed, runId };
        const manifest = await data.land(clients.s3, deployed.buckets.raw, runId, design);
        const uploadMs = now() - u0;
        stage = 'run';
        designs[design] = await runDesign(o, clients, { ...deployed, stateMachineArn: arn }, scenario, manifest, runId, uploadMs);
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
      if (landed && deleteData && !targetDown) {
        // Collected (or failed): the emulator need not hold this design's data any longer.
        try {
          const freed = await deleteRunData(clients.s3, landed.deployed.buckets, landed.runId, data.zonesToDelete(i === o.designs.length - 1), o.signal);
          o.log(`${design}: deleted the run's ${freed.objects.toLocaleString('en-US')} objects (${(freed.bytes / 1e6).toFixed(1)} MB) from the emulator (--keep keeps them)`);
          const d = designs[design];
          if (d) designs[design] = { ...d, runDataDeleted: { objects: freed.objects, bytes: freed.bytes } };
        } catch (e) {
          if (o.signal?.aborted) throw e;
          o.log(`${design}: could not delete the run's data from the emulator: ${oneLine(e)}`);
        }
      }
    }
  } finally {
    clients.destroy();
  }
  const manifest = data?.manifest;
  const bytes = manifest?.partitions.reduce((n, p) => n + p.bytes, 0) ?? 0;
  const results: Results = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    status: problems.length ? 'incomplete' : 'complete',
    ...(problems.length ? { incompleteReason: problems.join('; ') } : {}),
    generatedAt: new Date(now()).toISOString(),
    command: o.command,
    scenario: { name: scenario.name, file: path.relative(process.cwd(), o.loaded.file) || o.loaded.file, hash: o.loaded.hash, seed: scenario.seed, spec: scenario },
    environment: environmentRecord(o.session, notEmulated),
    workload: { events: manifest?.events ?? scenario.workload.events, partitions: manifest?.partitions.length ?? 0, bytes, compression: scenario.workload.compression, outputCompression: scenario.workload.outputCompression, generateMs: data?.generateMs ?? 0, generateCached: data?.cached ?? false },
    designs,
  };
  return { results, ok: problems.length === 0 };
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
          o.onProgress!(deployed.design, done, total, eventsOf(manifest, done));
        }
      : undefined,
  });
  o.onProgress?.(deployed.design, total, total, manifest.events ?? eventsOf(manifest, total));
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

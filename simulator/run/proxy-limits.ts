import * as zlib from 'zlib';
import type { OutputCompression, RunManifest } from '../../lib/workload/contract';
import { KEYS } from '../../lib/workload/contract';
import { processPartition } from '../../lib/workload/partition-job';
import { STAGES } from '../../lib/workload/profile';
import type { SchemaRegistry } from '../../lib/workload/registry';
import { parseManifest } from '../../lib/workload/run-manifest';
import { loadPriceSnapshot } from '../cost/prices/load';
import { priceTableFromSnapshot } from '../cost/prices/table';
import { isUserError } from '../errors';
import { generateRun } from '../generate/generator';
import type { ReplayPool } from '../generate/replay';
import { storageSink } from '../generate/sinks';
import { fitRuns, type SweepRun } from '../model/fit';
import { resolveCalibration } from '../model/calibration';
import type { WorkloadCost } from '../model/workload-cost';
import { type LoadedCalibration, loadCalibration } from './calibration-file';
import { projectSide, syntheticRates } from '../model/proxy-projection';
import type { Results } from '../results/results';
import type { Scenario } from '../scenario/schema';
import { artifactSizes, defaultProjectTo, fixedCosts, runsOf } from './finalize';
import { MemoryStorage } from './memory-storage';
import type { ProxyDataLimits, ProxySide } from '../results/proxy-limits';
import { median } from '../model/stats';

/**
 * Measured proxy-data limits: how far the synthetic proxy is from the real sample on what drives
 * runtime and cost. The emulator run processed the sample (replayed); to put the synthetic proxy next
 * to it cheaply, both are measured here the same way, on equal footing:
 * - an equal-size set of each: `events` lines in the run's partition size, the synthetic one generated
 *   from the scenario's rates and registry, the sample one replayed from the same pool as the run;
 * - the same processor (processPartition, exactly as a Lambda or the task runs it) over in-memory
 *   storage, in this process, one partition at a time, with the same stage timer;
 * - a warm-up round (not counted), then `repeats` rounds, alternating which side goes first, the median
 *   per stage reported (timings on a shared machine are noisy; the range is kept next to it).
 * Then the model projects both onto AWS (model/proxy-projection.ts).
 */

/** Lines each side is measured on (fewer when the run itself is smaller). */
const PROXY_MEASURE_EVENTS = 50_000;
const PROXY_REPEATS = 3;
const RUN_ID = 'proxy';

export interface MeasureProxyOptions {
  readonly scenario: Scenario;
  readonly registry: SchemaRegistry;
  readonly pool: ReplayPool;
  /** @default min(PROXY_MEASURE_EVENTS, the scenario's events) */
  readonly events?: number;
  /** @default PROXY_REPEATS */
  readonly repeats?: number;
  readonly signal?: AbortSignal;
}

export interface MeasuredProxy {
  readonly synthetic: ProxySide | null;
  readonly syntheticNotMeasured?: string;
  readonly sample: ProxySide;
  readonly partitions: number;
  readonly repeats: number;
}

export async function measureProxySides(o: MeasureProxyOptions): Promise<MeasuredProxy> {
  const w = o.scenario.workload;
  const events = Math.max(1, Math.min(o.events ?? PROXY_MEASURE_EVENTS, w.events));
  const perPartition = w.events / w.partitions;
  const partitions = Math.max(1, Math.min(events, w.partitions, Math.round(events / perPartition)));
  const repeats = o.repeats ?? PROXY_REPEATS;
  const scenario: Scenario = {
    ...o.scenario,
    workload: { ...w, events, partitions },
    faults: { lambda: { throwRate: 0, timeoutRate: 0, oomRate: 0, throttleRate: 0 }, singleNode: { crashAfterPartitions: 0 }, data: { truncatedGzipPartitions: 0, driftBurstPartitionRate: 0, lateWavePartitionRate: 0 } },
  };

  const sampleSet = await generated(scenario, o.registry, o.pool);
  let synthSet: Generated | undefined;
  let syntheticNotMeasured: string | undefined;
  try {
    synthSet = await generated(scenario, o.registry, undefined);
  } catch (e) {
    if (!isUserError(e)) throw e;
    syntheticNotMeasured = `the generator cannot make synthetic events from this registry: ${e.message}`;
  }

  // A warm-up round, not counted: the first pass through the processor pays for JIT compilation.
  await processAll(sampleSet, o.signal);
  if (synthSet) await processAll(synthSet, o.signal);
  const samples: Round[] = [];
  const synths: Round[] = [];
  for (let r = 0; r < repeats; r++) {
    o.signal?.throwIfAborted();
    const order: [Generated, Round[]][] = [[sampleSet, samples], ...(synthSet ? [[synthSet, synths] as [Generated, Round[]]] : [])];
    if (r % 2 === 1) order.reverse();
    for (const [set, into] of order) into.push(await processAll(set, o.signal));
  }
  return {
    sample: side(sampleSet, samples),
    synthetic: synthSet ? side(synthSet, synths) : null,
    ...(syntheticNotMeasured ? { syntheticNotMeasured } : {}),
    partitions,
    repeats,
  };
}

interface Generated {
  readonly storage: MemoryStorage;
  readonly manifest: RunManifest;
  /** How the processor writes its outputs: the scenario's, so output bytes are the bytes it stores. */
  readonly outputCompression: OutputCompression;
}

interface Round {
  readonly cpuMs: Record<string, number>;
  readonly input: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outBytes: number;
}

async function generated(scenario: Scenario, registry: SchemaRegistry, pool: ReplayPool | undefined): Promise<Generated> {
  const storage = new MemoryStorage();
  const manifest = await generateRun(scenario, registry, storageSink(storage, RUN_ID), pool ? { replay: pool } : {});
  return { storage, manifest, outputCompression: scenario.workload.outputCompression };
}

async function processAll(set: Generated, signal?: AbortSignal): Promise<Round> {
  const loaded = parseManifest(set.manifest);
  const cpuMs: Record<string, number> = Object.fromEntries(STAGES.map((s) => [s, 0]));
  let input = 0;
  let quarantined = 0;
  let duplicates = 0;
  let outBytes = 0;
  for (const p of set.manifest.partitions) {
    signal?.throwIfAborted();
    const c = set.outputCompression;
    const r = await processPartition({ storage: set.storage, runId: RUN_ID, key: p.key, manifest: loaded, design: 'proxy-measure', outputCompression: c });
    for (const s of STAGES) cpuMs[s]! += r.profile.stages[s].cpuMs;
    const a = r.outcome.accounting;
    if (a) {
      input += a.input;
      quarantined += a.quarantined;
      duplicates += a.duplicatesDropped;
    }
    outBytes += set.storage.bytes('curated', KEYS.curated(RUN_ID, p.key, c)) + set.storage.bytes('quarantine', KEYS.quarantine(RUN_ID, p.key, c));
  }
  return { cpuMs, input, quarantined, duplicates, outBytes };
}

function side(set: Generated, rounds: readonly Round[]): ProxySide {
  const m = set.manifest;
  const lines = m.partitions.reduce((n, p) => n + p.events, 0);
  const content = m.partitions.reduce((n, p) => n + (p.contentBytes ?? p.bytes), 0);
  const stored = m.partitions.reduce((n, p) => n + p.bytes, 0);
  let gz = m.compression === 'gzip' ? stored : 0;
  if (m.compression !== 'gzip') {
    for (const p of m.partitions) {
      // What the raw zone would hold under gzip: the same level the generator and most landing zones use.
      gz += zlib.gzipSync(set.storage.object('raw', KEYS.rawPartition(RUN_ID, p.key)) ?? Buffer.alloc(0), { level: 6 }).length;
    }
  }
  const input = rounds[0]?.input ?? 0;
  const per = (x: number) => (input > 0 ? x / input : 0);
  const cpuPerEventUs: Record<string, number> = {};
  for (const s of STAGES) cpuPerEventUs[s] = round3(median(rounds.map((r) => per(r.cpuMs[s]! * 1000))));
  const totals = rounds.map((r) => per(STAGES.reduce((n, s) => n + r.cpuMs[s]!, 0) * 1000));
  return {
    events: lines,
    cpuPerEventUs,
    cpuPerEventUsTotal: round3(median(totals)),
    cpuPerEventUsRange: [round3(Math.min(...totals)), round3(Math.max(...totals))],
    bytesPerEvent: round3(content / Math.max(1, lines)),
    storedBytesPerEvent: round3(stored / Math.max(1, lines)),
    compressionRatio: round3(gz > 0 ? content / gz : 0),
    quarantineRate: per(rounds[0]?.quarantined ?? 0),
    duplicateRate: per(rounds[0]?.duplicates ?? 0),
    outBytesPerEvent: round3(per(rounds[0]?.outBytes ?? 0)),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface ProxyLimitsOptions {
  readonly registry: SchemaRegistry;
  readonly pool: ReplayPool;
  /** Price snapshot; default: the newest bundled one for the scenario's region. */
  readonly pricesFile?: string;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** @default min(PROXY_MEASURE_EVENTS, the run's events) */
  readonly events?: number;
  /** The run's cloud assembly: its artifact sizes pick the calibration profile's bins, as the run's model does. */
  readonly assemblyDir: string;
  /**
   * The AWS calibration profile the run's model used.
   * @default calibration/aws-<region>.yaml
   */
  readonly calibration?: LoadedCalibration;
  /**
   * What the run's model was fitted to (every measured volume) and its isolated workload CPU, so both sides
   * project with the run's own fit.
   * @default - this run's designs at its one volume, CPU from their stage profiles
   */
  readonly runs?: readonly SweepRun[];
  readonly workloadCost?: WorkloadCost;
}

/** results with `proxyDataLimits` filled: both sides measured in-process, then projected with the run's model. */
export async function withProxyDataLimits(r: Results, o: ProxyLimitsOptions): Promise<Results> {
  const scenario = r.scenario.spec;
  o.log?.('proxy-data limits: processing an equal-size synthetic set and a replayed sample set in-process, same processor and timer');
  const m = await measureProxySides({ scenario, registry: o.registry, pool: o.pool, signal: o.signal, ...(o.events ? { events: o.events } : {}) });
  const limits: ProxyDataLimits = {
    basis: 'measured-locally+projected',
    method: {
      repeats: m.repeats,
      partitions: m.partitions,
      synthetic: `${(m.synthetic ?? m.sample).events.toLocaleString('en-US')} synthetic events from the scenario's rates (seed ${scenario.seed})`,
      sample: `${m.sample.events.toLocaleString('en-US')} events replayed as in this run`,
      projection: `this run's fit; the synthetic side's workload terms scaled by the measured ratios${fixedCosts(r) ? `; "cheaper" per month at ${scenario.schedule.runsPerMonth} runs, fixed costs included` : ''}`,
    },
    synthetic: m.synthetic,
    sample: m.sample,
    ...(m.syntheticNotMeasured ? { syntheticNotMeasured: m.syntheticNotMeasured } : {}),
  };
  if (!r.model || r.status !== 'complete') {
    return { ...r, proxyDataLimits: { ...limits, projectionSkipped: r.status !== 'complete' ? 'the run is incomplete, so there is no model to project with' : 'the run has no model' } };
  }
  try {
    const prices = priceTableFromSnapshot(loadPriceSnapshot({ region: scenario.region, ...(o.pricesFile ? { file: o.pricesFile } : {}) }).snapshot);
    const rates = fitRuns(o.runs ?? runsOf(r), o.workloadCost).rates;
    const cal = o.calibration ?? loadCalibration({ region: scenario.region });
    const assumptions = resolveCalibration(cal.profile, artifactSizes(o.assemblyDir)).assumptions;
    const volume = r.workload.events;
    // The same range as the run's own model, so the sample side's crossover is the model's.
    const projectTo = defaultProjectTo(volume);
    // The same "cheaper" as the run's own crossover (finalize.ts): monthly totals when the templates were priced.
    const fixedMonthlyUsd = fixedCosts(r);
    const monthly = fixedMonthlyUsd ? { fixedMonthlyUsd, runsPerMonth: scenario.schedule.runsPerMonth } : undefined;
    const at = { volume, projectTo, assumptions, ...(monthly ? { monthly } : {}) };
    return {
      ...r,
      proxyDataLimits: {
        ...limits,
        projected: {
          volume,
          sample: projectSide(rates, scenario, prices, at),
          synthetic: m.synthetic ? projectSide(syntheticRates(rates, m.synthetic, m.sample), scenario, prices, at) : null,
        },
      },
    };
  } catch (e) {
    if (e instanceof RangeError) return { ...r, proxyDataLimits: { ...limits, projectionSkipped: `the model could not project: ${e.message}` } };
    throw e;
  }
}

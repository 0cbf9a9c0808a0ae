import { withProbe } from '../access/analyze';
import { accessFromAssembly } from '../access/assembly';
import { fillDesignCosts } from '../cost/design-cost';
import { readDesignTemplates } from '../deploy/template-resources';
import { loadPriceSnapshot } from '../cost/prices/load';
import { priceTableFromSnapshot } from '../cost/prices/table';
import * as path from 'path';
import { readAssembly } from '../assembly/read';
import { treeBytes } from '../io/dir-bytes';
import { classifyBottleneck } from '../model/bottleneck';
import { buildModel, projectedRuntimes } from '../model/build-model';
import { type ArtifactSizes, type CalibrationRecord, resolveCalibration } from '../model/calibration';
import type { SweepRun } from '../model/fit';
import type { WorkloadCost } from '../model/workload-cost';
import type { ProbeResult } from '../results/access';
import type { DesignResult } from '../results/design';
import type { Results } from '../results/results';
import { singleNodeWorkers, type Scenario } from '../scenario/schema';
import type { DesignName } from '../../lib/workload/contract';
import { type LoadedCalibration, loadCalibration } from './calibration-file';

export interface FinalizeOptions {
  /** Cloud assembly the run deployed (for the static access analysis). */
  readonly assemblyDir: string;
  /** Price snapshot file; default: the newest bundled one for the scenario's region. */
  readonly pricesFile?: string;
  /** Measured runs to fit the model to; default: this run's own designs (one volume, no validation). */
  readonly sweep?: readonly SweepRun[];
  /** Largest volume to project to. @default 10,000 × the scenario's events, at least 1e10 */
  readonly projectTo?: number;
  readonly log?: (line: string) => void;
  /** A run-time access probe result (runAccessProbe), attached to both designs' access scope. */
  readonly accessProbe?: ProbeResult;
  /**
   * The AWS calibration profile the projection uses.
   * @default calibration/aws-<region>.yaml
   */
  readonly calibration?: LoadedCalibration;
  /**
   * The workload's CPU per event from the isolated calibration (measureWorkloadCost), used for both designs.
   * @default - the emulator runs' stage profiles
   */
  readonly workloadCost?: WorkloadCost;
  /** Why no volume was held out (e.g. `--no-validate`), recorded as the validation note. */
  readonly validationSkipped?: string;
}

/**
 * Everything computed from a run's measurements, in order: cost (measured usage × list price), static
 * access scope, the bottleneck of each design, and the model (fit, AWS projection, crossover). Each
 * step fills its own part of results.json; a step that cannot run leaves its part out and says why.
 */
export async function finalizeResults(results: Results, o: FinalizeOptions): Promise<Results> {
  const scenario = results.scenario.spec;
  const prices = loadPriceSnapshot({ region: scenario.region, ...(o.pricesFile ? { file: o.pricesFile } : {}) });
  let r = withCosts(results, prices, o);
  r = await withAccess(r, o);
  r = withBottlenecks(r);
  const runs = o.sweep ?? runsOf(r);
  if (runs.length && !o.sweep && r.status !== 'complete') {
    o.log?.('model skipped: the run is incomplete, so its measurements are not a sound basis for a projection');
    return r;
  }
  try {
    return withModel(r, runs, prices, o);
  } catch (e) {
    o.log?.(`model skipped: ${(e as Error).message}`);
    return r;
  }
}

type PriceSnapshotFile = ReturnType<typeof loadPriceSnapshot>;

/** Cost: measured usage × list price, with the fixed costs of the templates when the assembly has them. */
function withCosts(r: Results, prices: PriceSnapshotFile, o: FinalizeOptions): Results {
  let templates: ReturnType<typeof readDesignTemplates> | undefined;
  try {
    templates = readDesignTemplates(o.assemblyDir);
  } catch (e) {
    o.log?.(`fixed costs not priced (no templates): ${(e as Error).message}`);
  }
  return fillDesignCosts(r, prices, {}, templates);
}

/** Static access scope of each design, with the run-time probe when there is one. */
async function withAccess(r: Results, o: FinalizeOptions): Promise<Results> {
  try {
    const access = await accessFromAssembly(o.assemblyDir);
    const designs = { ...r.designs };
    for (const d of Object.keys(designs) as (keyof typeof designs)[]) {
      // The probe exercised the shared data platform's persona roles, identical in both designs.
      designs[d] = { ...designs[d]!, access: o.accessProbe ? withProbe(access.designs[d], o.accessProbe) : access.designs[d] };
    }
    return {
      ...r,
      designs,
      comparison: { ...(r.comparison ?? {}), access: access.comparison },
      ...(o.accessProbe ? { accessProbe: o.accessProbe } : {}),
    };
  } catch (e) {
    o.log?.(`access analysis skipped: ${(e as Error).message}`);
    return r;
  }
}

/** The bottleneck of each design, given the partitions it had in flight and the machine's cores. */
function withBottlenecks(r: Results): Results {
  const designs = { ...r.designs };
  for (const d of Object.keys(designs) as (keyof typeof designs)[]) {
    const workers = inFlightWorkers(d, r.scenario.spec, r.workload.partitions);
    designs[d] = { ...designs[d]!, bottleneck: classifyBottleneck(d, designs[d]!, { workers, cpus: r.environment.cpus }) };
  }
  return { ...r, designs };
}

/**
 * Partitions a design works on at once: the single node's worker pool, or the distributed design's
 * Map concurrency capped by the Lambda's reserved concurrency and the partitions there are (at least one).
 */
export function inFlightWorkers(design: DesignName, spec: Scenario, partitions: number): number {
  if (design === 'single-node') return singleNodeWorkers(spec.singleNode);
  return Math.min(spec.distributed.map.maxConcurrency, spec.distributed.lambda.reservedConcurrency, Math.max(1, partitions));
}

/** The model (fit, AWS projection, crossover) and each design's projected AWS runtime. */
function withModel(r: Results, runs: readonly SweepRun[], prices: PriceSnapshotFile, o: FinalizeOptions): Results {
  const scenario = r.scenario.spec;
  const cal = o.calibration ?? loadCalibration({ region: scenario.region });
  const sizes = artifactSizes(o.assemblyDir);
  const resolved = resolveCalibration(cal.profile, sizes);
  const calibration: CalibrationRecord = { name: cal.profile.name, file: cal.file, sha256: cal.sha256, updated: cal.profile.updated, sizes, constants: resolved.constants };
  const fixedMonthlyUsd = fixedCosts(r);
  const built = buildModel(runs, scenario, priceTableFromSnapshot(prices.snapshot), {
    projectTo: o.projectTo ?? defaultProjectTo(scenario.workload.events),
    projectFrom: Math.min(1e4, scenario.workload.events),
    assumptions: resolved.assumptions,
    calibration,
    ...(o.workloadCost ? { workloadCost: o.workloadCost } : {}),
    ...(fixedMonthlyUsd ? { fixedMonthlyUsd } : {}),
  });
  const model = o.validationSkipped && !built.model.validation.heldOut.length
    ? { ...built.model, validation: { ...built.model.validation, note: `held-out validation ${o.validationSkipped}, so the prediction error was not measured` } }
    : built.model;
  const projected = projectedRuntimes(built);
  const designs = { ...r.designs };
  for (const d of Object.keys(designs) as (keyof typeof designs)[]) {
    const cur = designs[d]!;
    designs[d] = { ...cur, runtime: { ...cur.runtime, projectedAws: projected[d] } };
  }
  return { ...r, designs, model };
}

/**
 * How far the model projects by default: ten thousand times the scenario volume, at least 10B (the
 * boundaries of a 1M-event batch sit near 1B, and one just past a 1B range would read as "never").
 */
export function defaultProjectTo(events: number): number {
  return Math.max(1e10, events * 10_000);
}

/** Each design's fixed monthly cost from its cost record, when both were priced with their templates. */
export function fixedCosts(r: Results): Record<'single-node' | 'distributed', number> | undefined {
  const sn = (r.designs['single-node']?.cost as { fixedMonthlyUsd?: number } | undefined)?.fixedMonthlyUsd;
  const di = (r.designs.distributed?.cost as { fixedMonthlyUsd?: number } | undefined)?.fixedMonthlyUsd;
  return sn !== undefined && di !== undefined ? { 'single-node': sn, distributed: di } : undefined;
}

/** This run's designs as sweep points at one volume (nothing held out). */
export function runsOf(r: Results): SweepRun[] {
  return (Object.entries(r.designs) as [keyof Results['designs'], DesignResult | undefined][])
    .filter(([, d]) => d !== undefined && d.executionStatus === 'SUCCEEDED')
    .map(([design, d]) => ({
      design,
      inFlight: inFlightWorkers(design, r.scenario.spec, r.workload.partitions),
      cores: r.environment.cpus,
      events: r.workload.events,
      partitions: r.workload.partitions,
      rawBytes: r.workload.bytes,
      result: d!,
      heldOut: false,
      // The run's own cost, comparable with the projected per-run curves (which leave fixed costs out).
      costUsd: d!.cost?.runDependentPerRunUsd ?? d!.cost?.perRunUsd,
    }));
}

/**
 * Sizes that pick the calibration profile's bins: the Lambda package (the distributed stack's largest
 * zip asset, uncompressed, an upper bound of the zip) and, from the profile, the task image.
 */
export function artifactSizes(assemblyDir: string): ArtifactSizes {
  try {
    const zips = readAssembly(assemblyDir).distributed.fileAssets.filter((a) => a.packaging === 'zip');
    const sizes = zips.map((a) => treeBytes(path.resolve(assemblyDir, a.sourcePath)));
    return { lambdaPackageMb: Math.max(0, ...sizes) / 1e6 };
  } catch {
    return { lambdaPackageMb: 1 };
  }
}

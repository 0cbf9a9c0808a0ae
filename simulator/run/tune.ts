import * as fs from 'fs';
import * as path from 'path';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { STATIC_RUNTIME_SOURCE, staticWorkloadRates } from '../check/static-runtime';
import type { DesignTemplate } from '../cost/design-cost';
import { loadPriceSnapshot } from '../cost/prices/load';
import { snapshotRef, type LoadedPriceSnapshot } from '../cost/prices/loaded';
import { priceTableFromSnapshot, resourcePriceTableFromSnapshot } from '../cost/prices/table';
import { DEFAULT_RESOURCE_ASSUMPTIONS } from '../cost/resources';
import { priceTemplate } from '../cost/template-cost';
import { readDesignTemplates, synthesizeDesignTemplates } from '../deploy/template-resources';
import { startEmulator } from '../emulator';
import type { EmulatorKind, EmulatorStartOptions } from '../emulator/types';
import { describeAssumptions } from '../model/assumptions';
import { DRAWS, sampleDraws } from '../model/bands';
import { resolveCalibration } from '../model/calibration';
import { loadCalibration, type LoadedCalibration } from './calibration-file';
import { partitionsFor } from '../model/project-aws';
import { writeResults } from '../results/file';
import type { Results } from '../results/results';
import { TUNE_FILES, TUNE_REPORT_KIND, TUNE_REPORT_VERSION, tuneReportSchema, type DesignTune, type EvaluatedPoint, type TuneReport, type TuneStrategy, type Verification } from '../results/tune';
import type { DesignUsage } from '../results/usage';
import { loadScenario, type LoadedScenario } from '../scenario/load';
import type { Scenario } from '../scenario/schema';
import { evaluateSpace, limitsOf, projectConfigured, withZones, type EvaluationContext } from '../tune/evaluate';
import { pickConfigurations } from '../tune/pick';
import { RUNTIME_P95_POINT } from '../tune/runtime-p95';
import { applyConfiguration, distributedSpace, knobsOf, singleNodeSpace } from '../tune/search-space';
import { chosenPoint, compareDesigns, designTune, relaxedWords, type Chosen } from '../tune/summary';
import { tunedChanges, tunedScenarioText } from '../tune/tuned-yaml';
import { verifyDesign } from '../tune/verify';
import { runScenario } from './run-scenario';
import type { StepProgress } from './run-data';

/**
 * `scalesim tune`: the I/O around the pure search (simulator/tune). It synthesizes both designs once
 * to price their templates, evaluates every configuration of each design with the model, picks from
 * each Pareto front, writes tuned.yaml next to a copy of the scenario's schema registry (so the file
 * validates where it is), runs the picks once on the emulator at a reduced volume through the same
 * machinery as `scalesim run` (simulator/run/run-scenario.ts), and compares what the model predicted for
 * that run with what it measured.
 *
 * The partition count is the data's, shared by both designs in one scenario file: it is the distributed
 * design's knob, so the distributed design is tuned first and the single node is tuned at the
 * partition count of the distributed pick.
 */

export interface TuneOptions {
  readonly loaded: LoadedScenario;
  readonly strategy: TuneStrategy;
  readonly outDir: string;
  /** Events of the verification run; 0: no verification. @default defaultVerifyEvents of the tuned scenario */
  readonly verifyEvents?: number;
  readonly emulator: EmulatorKind;
  readonly emulatorOptions: Omit<EmulatorStartOptions, 'region'>;
  /** The price snapshot. @default - the newest bundled snapshot for the scenario's region */
  readonly prices?: LoadedPriceSnapshot;
  /** The AWS calibration profile (`--calibration`). @default - calibration/aws-<region>.yaml */
  readonly calibration?: LoadedCalibration;
  /** What displayed paths are relative to. @default process.cwd() */
  readonly cwd?: string;
  readonly command: string;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
  /** Progress of the verification run's designs: partitions with outputs so far. */
  readonly onProgress?: StepProgress;
  readonly now?: () => number;
  /**
   * Each design's template resources and asset sizes for a scenario (what the fixed costs are priced from).
   * @default synthesizeDesignTemplates - the in-process `cdk synth` of both stacks
   */
  readonly templatesFor?: TemplateSource;
}

/** Where the templates priced for every configuration come from. */
export type TemplateSource = (s: Scenario) => Readonly<Record<DesignName, DesignTemplate>>;

export interface TuneOutcome {
  readonly report: TuneReport;
  /** Files written, absolute. */
  readonly files: { readonly json: string; readonly tuned?: string; readonly verify?: string };
}


/** Largest default verification run, events: it must fit the command's 3-minute budget on 2 cores. */
const MAX_DEFAULT_VERIFY_EVENTS = 250_000;

/**
 * The default verification volume for a tuned scenario: a tenth of its events, or two of its
 * partitions if that is more (so the run has at least two partitions of the tuned size, and the Map
 * more than one item), at most MAX_DEFAULT_VERIFY_EVENTS and never more than the scenario.
 */
function defaultVerifyEvents(tuned: Scenario): number {
  const size = tuned.workload.events / tuned.workload.partitions;
  const wanted = Math.max(1000, Math.round(tuned.workload.events / 10), Math.round(2 * size));
  return Math.min(tuned.workload.events, wanted, MAX_DEFAULT_VERIFY_EVENTS);
}

export async function tune(o: TuneOptions): Promise<TuneOutcome> {
  const now = o.now ?? Date.now;
  const t0 = now();
  const scenario = o.loaded.scenario;
  const setup = evaluationSetup(o, scenario);
  const { designs, chosen: picked, tuned } = await searchBothDesigns(o, setup.baseCtx, scenario);
  const evaluateMs = now() - t0;

  // With no feasible pick in either design the command fails (exit 1): nothing is written to tuned.yaml
  // or verified, and tune.md says what nothing meets.
  const anyFeasible = DESIGNS.some((d) => designs[d].picks[o.strategy] !== null);
  if (!anyFeasible) o.log('tune: no design has a feasible configuration: tuned.yaml is not written and nothing is verified');
  const chosen = anyFeasible ? picked : {};
  const written = Object.keys(chosen).length ? writeAndReadBack(o, tuned, chosen) : undefined;

  const v0 = now();
  let verification: Verification[] = [];
  let verifyDir: string | undefined;
  const verifyEvents = o.verifyEvents ?? defaultVerifyEvents(tuned);
  if (written && verifyEvents > 0) {
    verifyDir = path.join(o.outDir, TUNE_FILES.verify);
    verification = await verify(o, written.loaded, chosen, designs, { ...setup.baseCtx, scenario: tuned }, verifyDir, verifyEvents);
  } else if (written) {
    o.log('tune: verification skipped (--no-verify)');
  }
  const verifyMs = now() - v0;

  const report: TuneReport = {
    ...reportHeader(o, setup, tuned, now()),
    designs,
    comparison: compareDesigns(designs, o.strategy, setup.baseCtx.limits),
    tunedScenario: written ? path.relative(o.outDir, written.file) : null,
    changes: written ? tunedChanges(scenario, tuned) : [],
    verification,
    timing: { evaluateMs, verifyMs, totalMs: now() - t0 },
  };
  const json = writeTuneJson(o.outDir, report);
  return { report, files: { json, ...(written ? { tuned: written.file } : {}), ...(verifyDir ? { verify: verifyDir } : {}) } };
}

/** What every configuration is evaluated with: prices, the calibration, the synthesized templates, the draws. */
interface EvaluationSetup {
  readonly prices: LoadedPriceSnapshot;
  readonly calibration: LoadedCalibration;
  readonly baseCtx: Omit<EvaluationContext, 'scenario'>;
}

function evaluationSetup(o: TuneOptions, scenario: Scenario): EvaluationSetup {
  const prices = o.prices ?? loadPriceSnapshot({ region: scenario.region });
  const calibration = o.calibration ?? loadCalibration({ region: scenario.region });
  o.log(`tune: synthesizing both designs of ${scenario.name} to price every resource of their templates`);
  const templates = (o.templatesFor ?? synthesizeDesignTemplates)(scenario);
  // The AWS constants, with the bins the synthesized Lambda package selects (as `scalesim check` does).
  const codeBytes = templates.distributed.assets.codeBytes;
  const assumptions = resolveCalibration(calibration.profile, { lambdaPackageMb: codeBytes !== undefined ? codeBytes / 1e6 : 1 }).assumptions;
  // The static rates depend on the scenario's volume, partitions and batch only: computed once per triple.
  const rates = new Map<string, ReturnType<typeof staticWorkloadRates>>();
  const ratesFor = (s: Scenario) => {
    const key = `${s.workload.events}/${s.workload.partitions}/${s.distributed.map.partitionsPerInvocation}`;
    if (!rates.has(key)) rates.set(key, staticWorkloadRates(s));
    return rates.get(key)!;
  };
  const baseCtx: Omit<EvaluationContext, 'scenario'> = {
    ratesFor,
    assumptions,
    // One set of draws for every configuration: the uncertain inputs are the workload's CPU (the same
    // for every configuration) and the AWS constants.
    draws: sampleDraws(ratesFor(scenario), assumptions, scenario.seed),
    prices: priceTableFromSnapshot(prices.snapshot),
    resourcePrices: resourcePriceTableFromSnapshot(prices.snapshot),
    templates,
    limits: limitsOf(scenario),
  };
  return { prices, calibration, baseCtx };
}

/**
 * The distributed design first (its pick fixes the partition count both designs read; see the module
 * comment), then the single node at that partition count. Returns both searches, the picks and the
 * scenario with the picks applied.
 */
async function searchBothDesigns(o: TuneOptions, baseCtx: Omit<EvaluationContext, 'scenario'>, scenario: Scenario): Promise<{ designs: Record<DesignName, DesignTune>; chosen: Partial<Record<DesignName, Chosen>>; tuned: Scenario }> {
  const distributed = await evaluateDesign(o, baseCtx, 'distributed', scenario);
  const diChosen = chosenPoint(distributed, o.strategy);
  const diApplied = diChosen ? applyConfiguration(scenario, diChosen.point.configuration, timeoutOf(diChosen)) : scenario;
  const singleNode = await evaluateDesign(o, baseCtx, 'single-node', diApplied);
  const snChosen = chosenPoint(singleNode, o.strategy);
  const tuned = snChosen ? applyConfiguration(diApplied, snChosen.point.configuration) : diApplied;
  return {
    designs: { 'single-node': singleNode, distributed },
    chosen: { ...(snChosen ? { 'single-node': snChosen } : {}), ...(diChosen ? { distributed: diChosen } : {}) },
    tuned,
  };
}

/** Parts of a design's search space evaluated between yields: a progress line each, and an interrupt is seen within one. */
const EVALUATION_SLICES = 4;

/** Every configuration of one design, evaluated with the model, and the picks from its Pareto front. */
async function evaluateDesign(o: TuneOptions, baseCtx: Omit<EvaluationContext, 'scenario'>, design: DesignName, s: Scenario): Promise<DesignTune> {
  const space = design === 'distributed' ? distributedSpace(s) : singleNodeSpace(s);
  o.log(`tune: ${design}: evaluating ${space.length.toLocaleString('en-US')} configurations with the model`);
  const slice = Math.max(1, Math.ceil(space.length / EVALUATION_SLICES));
  const points: EvaluatedPoint[] = [];
  for (let i = 0; i < space.length; i += slice) {
    o.signal?.throwIfAborted();
    points.push(...evaluateSpace(space.slice(i, i + slice), { ...baseCtx, scenario: s }));
    if (points.length < space.length) o.log(`  ${design}: ${points.length.toLocaleString('en-US')}/${space.length.toLocaleString('en-US')} evaluated`);
    await new Promise((r) => setImmediate(r));
  }
  const picks = pickConfigurations(design, points, baseCtx.limits, o.strategy);
  const d = designTune(design, points, picks, knobsOf(design, s));
  const chosen = chosenPoint(d, o.strategy);
  o.log(
    `tune: ${design}: ${d.feasible.toLocaleString('en-US')} of ${d.evaluated.toLocaleString('en-US')} feasible, front of ${d.front.length}` +
      (chosen ? `; ${o.strategy} pick: ${chosen.point.label}${chosen.relaxed.length ? ` (misses ${relaxedWords(chosen.relaxed)})` : ''}` : `; ${d.noFeasible}`),
  );
  return d;
}

/** tuned.yaml written, then loaded back through the scenario loader: it must read as the tuned scenario. */
function writeAndReadBack(o: TuneOptions, tuned: Scenario, chosen: Partial<Record<DesignName, Chosen>>): { file: string; loaded: LoadedScenario } {
  const file = writeTunedScenario(o, tuned, chosen);
  const loaded = loadScenario(file);
  if (canonical(loaded.scenario) !== canonical(tuned)) throw new Error(`${file} does not read back as the tuned scenario: a bug in simulator/tune/tuned-yaml.ts`);
  o.log(`tune: wrote ${path.relative(o.cwd ?? process.cwd(), file) || file} (it validates)`);
  return { file, loaded };
}

/** tune.json's identity, constraints and model description. */
function reportHeader(o: TuneOptions, setup: EvaluationSetup, tuned: Scenario, at: number): Pick<TuneReport, 'kind' | 'schemaVersion' | 'generatedAt' | 'command' | 'scenario' | 'strategy' | 'constraints' | 'model' | 'priceSnapshot'> {
  const scenario = o.loaded.scenario;
  const { calibration, prices } = setup;
  return {
    kind: TUNE_REPORT_KIND,
    schemaVersion: TUNE_REPORT_VERSION,
    generatedAt: new Date(at).toISOString(),
    command: o.command,
    scenario: { name: scenario.name, file: path.relative(o.cwd ?? process.cwd(), o.loaded.file) || o.loaded.file, sha256: o.loaded.hash },
    strategy: o.strategy,
    constraints: {
      slaMinutes: scenario.sla.deadlineMinutes,
      budgetPerRunUsd: scenario.budget.perRunUsd,
      budgetPerMonthUsd: scenario.budget.perMonthUsd,
      runsPerMonth: scenario.schedule.runsPerMonth,
      events: scenario.workload.events,
    },
    model: {
      runtimePoint: `${RUNTIME_P95_POINT}, ${DRAWS} draws seeded with the scenario's seed`,
      rates: STATIC_RUNTIME_SOURCE,
      assumptions: [
        `AWS constants: ${calibration.file} (sha256 ${calibration.sha256.slice(0, 12)})`,
        ...describeAssumptions(setup.baseCtx.assumptions, { singleNode: tuned.singleNode.fargate.architecture, distributed: tuned.distributed.lambda.architecture }).map((x) => `${x.text} (${x.source})`),
        `monthly cost: every resource of the synthesized templates (simulator/cost/resources), fixed + ${scenario.schedule.runsPerMonth} runs × the projected usage, month ${DEFAULT_RESOURCE_ASSUMPTIONS.horizonMonth}, as \`scalesim cost\` totals it`,
      ],
    },
    priceSnapshot: snapshotRef(prices),
  };
}

/** tune.json, checked against its schema first (a mismatch is a bug here, not the user's). Returns the file. */
function writeTuneJson(outDir: string, report: TuneReport): string {
  const checked = tuneReportSchema.safeParse(report);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(`tune.json does not match its schema at ${issue.path.map(String).join('.')}: ${issue.message} (a bug in simulator/run/tune.ts)`);
  }
  const json = path.join(outDir, TUNE_FILES.json);
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return json;
}

/** The Lambda timeout a distributed point was evaluated with. */
function timeoutOf(c: Chosen): { lambdaTimeoutSeconds?: number } {
  return c.point.lambdaTimeoutSeconds !== undefined ? { lambdaTimeoutSeconds: c.point.lambdaTimeoutSeconds } : {};
}

/** The top-level entry the scenario's schema registry is copied to, e.g. `schemas`. */
export function registryEntry(s: Scenario): { top: string; kind: 'file' | 'tree' } {
  const parts = s.workload.schemaRegistry.split(/[\\/]+/).filter((p) => p && p !== '.');
  return { top: parts[0]!, kind: parts.length > 1 ? 'tree' : 'file' };
}

function writeTunedScenario(o: TuneOptions, tuned: Scenario, chosen: Partial<Record<DesignName, Chosen>>): string {
  const original = o.loaded.scenario;
  const text = fs.readFileSync(o.loaded.file, 'utf8');
  const header = [
    `Tuned by \`${o.command}\` (strategy ${o.strategy}) from ${path.relative(o.cwd ?? process.cwd(), o.loaded.file) || o.loaded.file}.`,
    ...DESIGNS.flatMap((d) => {
      const c = chosen[d];
      if (!c) return [`${d}: unchanged (no configuration could be used; see tune.md)`];
      return [`${d}: ${c.point.label}${c.relaxed.length ? ` — misses ${relaxedWords(c.relaxed)}: no ${d} configuration meets it` : ''}`];
    }),
    'Costs and runtimes in tune.md are projected for AWS; the verification run is measured on the emulator.',
  ];
  const file = path.join(o.outDir, TUNE_FILES.tuned);
  fs.writeFileSync(file, tunedScenarioText(text, original, tuned, header));
  // The registry travels with the scenario: workload.schemaRegistry is relative to the file and must stay in its folder.
  const target = path.join(o.outDir, tuned.workload.schemaRegistry);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(o.loaded.registryFile, target);
  return file;
}

/** Runs the picks once on the emulator at the verification volume and compares them with the model. */
async function verify(
  o: TuneOptions,
  loaded: LoadedScenario,
  chosen: Partial<Record<DesignName, Chosen>>,
  tunes: Readonly<Record<DesignName, DesignTune>>,
  ctx: EvaluationContext,
  dir: string,
  verifyEvents: number,
): Promise<Verification[]> {
  const tuned = loaded.scenario;
  const designs = DESIGNS.filter((d) => chosen[d]);
  const events = Math.min(verifyEvents, tuned.workload.events);
  // The tuned partition size, where the reduced volume holds at least one such partition.
  const { eventsPerPartition } = partitionsFor(tuned.workload.events, tuned);
  const partitions = Math.max(1, Math.min(events, Math.round(events / eventsPerPartition)));
  o.log(`tune: verifying ${designs.join(' and ')} on the ${o.emulator} emulator: ${events.toLocaleString('en-US')} events in ${partitions} partition${partitions === 1 ? '' : 's'} (the tuned partition size is ${Math.round(eventsPerPartition).toLocaleString('en-US')} events)`);
  const results = await verificationRun(o, loaded, designs, dir, events, partitions);
  let runTemplates: Record<DesignName, DesignTemplate> | undefined;
  try {
    runTemplates = readDesignTemplates(path.join(dir, 'cdk.out'));
  } catch (e) {
    o.log(`tune: the verification's templates could not be read, so its costs are not compared: ${(e as Error).message}`);
  }
  return designs.map((design) => {
    const v = verifyOne({ design, c: chosen[design]!, results, tuned, ctx, template: runTemplates?.[design], memoryCheck: { points: tunes[design].points, tunedPartitions: tuned.workload.partitions, tunedEventsPerPartition: eventsPerPartition } });
    for (const w of v.warnings) o.log(`tune: ${design}: warning: ${w}`);
    o.log(`tune: ${design}: ${v.status}${v.reason ? ` (${v.reason})` : ''}; accounting ${accountingLine(v)}`);
    return v;
  });
}

/** The picks run once through `scalesim run`'s machinery on a fresh emulator; results.json kept in `dir`. */
async function verificationRun(o: TuneOptions, loaded: LoadedScenario, designs: readonly DesignName[], dir: string, events: number, partitions: number): Promise<Results> {
  const session = await startEmulator(o.emulator, { ...o.emulatorOptions, region: loaded.scenario.region, signal: o.signal });
  let results: Results;
  try {
    ({ results } = await runScenario({
      loaded,
      designs,
      session,
      assemblyDir: path.join(dir, 'cdk.out'),
      events,
      partitions,
      command: o.command,
      signal: o.signal,
      log: (l) => o.log(`  ${l}`),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    }));
  } finally {
    await session.stop();
  }
  writeResults(dir, results);
  return results;
}

interface VerifyOneInput {
  readonly design: DesignName;
  readonly c: Chosen;
  readonly results: Results;
  /** The tuned scenario at its own volume (the verification ran a reduced one). */
  readonly tuned: Scenario;
  readonly ctx: EvaluationContext;
  /** The verification's synthesized template; without it, costs are not compared. */
  readonly template: DesignTemplate | undefined;
  readonly memoryCheck: Parameters<typeof verifyDesign>[0]['memoryCheck'];
}

/** One design's prediction for the run it had, against what the run measured (runtime, cost, fixed cost). */
function verifyOne(x: VerifyOneInput): Verification {
  const { design, c, results, tuned, ctx, template: t } = x;
  const runSpec = results.scenario.spec;
  const measured = results.designs[design];
  const predicted = projectConfigured(design, runSpec, ctx, runSpec.workload.events);
  const priced = (usage: DesignUsage, s: Scenario, tpl: DesignTemplate) =>
    priceTemplate(tpl.resources, { design, runsPerMonth: s.schedule.runsPerMonth, usage, prices: ctx.prices, resourcePrices: ctx.resourcePrices, assumptions: DEFAULT_RESOURCE_ASSUMPTIONS, assets: tpl.assets });
  const full = withZones(projectConfigured(design, tuned, ctx).usage, tuned);
  return verifyDesign({
    design,
    point: c.point,
    events: results.workload.events,
    partitions: results.workload.partitions,
    predicted,
    rates: ctx.ratesFor(runSpec),
    predictedRunUsd: t ? priced(withZones(predicted.usage, runSpec), runSpec, t).runDependentPerRunUsd : 0,
    ...(t && measured?.usage ? { measuredRunUsd: priced(measured.usage, runSpec, t).runDependentPerRunUsd } : {}),
    ...(measured ? { measured } : {}),
    ...problemOf(results, design),
    ...(t ? { fixedCost: { evaluatedUsd: c.point.fixedMonthlyUsd, synthesizedUsd: priced(full, tuned, t).fixedMonthlyUsd } } : {}),
    memoryCheck: x.memoryCheck,
  });
}

/** `N in = C curated + Q quarantined + D duplicates`, marked BROKEN when it does not hold. */
function accountingLine(v: Verification): string {
  const a = v.accounting;
  if (!a) return 'not collected';
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(a.input)} in = ${n(a.curated)} curated + ${n(a.quarantined)} quarantined + ${n(a.duplicatesDropped)} duplicates${a.holds ? '' : ' BROKEN'}`;
}

/** The run's problems with one design (`incompleteReason` lists them as `design: …`, joined by `; `). */
function problemOf(results: Results, design: DesignName): { problem?: string } {
  const mine = (results.incompleteReason ?? '').split('; ').filter((p) => p.startsWith(`${design}:`));
  return mine.length ? { problem: mine.join('; ') } : {};
}

/** JSON with object keys sorted, to compare two scenarios whatever order their fields were written in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

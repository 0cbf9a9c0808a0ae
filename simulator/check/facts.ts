import * as path from 'path';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { analyzeDesigns } from '../access/assembly';
import { platformMap } from '../access/platform';
import { fillDesignCosts, projectedDesignCosts } from '../cost/design-cost';
import { loadPriceSnapshot } from '../cost/prices/load';
import type { LoadedPriceSnapshot } from '../cost/prices/loaded';
import type { DesignCostRecord } from '../results/cost';
import { priceTableFromSnapshot } from '../cost/prices/table';
import { UserError } from '../errors';
import { decodeUserText, parseUserJson, readUserFile } from '../io/read-user-file';
import type { AccountingRecord, ProjectedRuntime } from '../results/design';
import type { Results } from '../results/results';
import { checkResults, MAX_RESULTS_BYTES } from '../results/load';
import { loadScenario, validateScenario } from '../scenario/load';
import type { Scenario } from '../scenario/schema';
import { accessFactsFromStored, accessFactsFromTemplate } from './grants';
import {
  CHECK_REPORT_KIND,
  CHECK_REPORT_VERSION,
  checkReportSchema,
  type AccountingFacts,
  type CheckFacts,
  type ConstructFacts,
  type CostFacts,
  type DesignFacts,
  type FactsSource,
  type RuntimeFacts,
} from './report-schema';
import { staticRuntimes } from './static-runtime';
import { formatIssues } from '../zod-issues';
import type { AwsAssumptions } from '../model/assumptions';
import { resolveCalibration } from '../model/calibration';
import { loadCalibration } from '../run/calibration-file';
import type { DesignSynthesizer, SynthesizedDesigns } from './synthesize';

/**
 * The facts `check` judges, from whichever input the user names:
 * - a scenario (.yaml): static, no emulator: the templates synthesized in-process, their static IAM
 *   analysis, the projected cost (`scalesim cost <scenario>`'s totals) and the projected runtime;
 * - a results.json: what a run measured: its usage priced with the templates synthesized again (as
 *   `scalesim cost <results.json>` does), its access analysis, its projected runtime and its accounting;
 * - a check report (`scalesim check --format json`), as a baseline only: the facts it carries.
 * Every number comes from the module that owns it (cost, access, model); nothing is computed twice.
 */

export interface FactsOptions {
  readonly synthesize: DesignSynthesizer;
  readonly cwd: string;
  /** `--prices`: a snapshot file. @default - the newest bundled snapshot for the scenario's region */
  readonly prices?: string;
  /**
   * `--calibration`: the AWS calibration profile a static runtime projection uses.
   * @default - calibration/aws-<region>.yaml
   */
  readonly calibration?: string;
}

export interface LoadedFacts {
  readonly facts: CheckFacts;
  /** The scenario the facts are for (its gates, budget and SLA are the default limits); absent for a check report. */
  readonly scenario?: Scenario;
  /** The run itself, when the input is a results.json (for `scalesim diff`). */
  readonly results?: Results;
}

export async function loadFacts(input: string, o: FactsOptions, role: 'input' | 'baseline'): Promise<LoadedFacts> {
  const file = path.resolve(o.cwd, input);
  const what = role === 'baseline' ? '--baseline' : 'input';
  if (/\.ya?ml$/i.test(input)) return scenarioFacts(file, input, o);
  if (!/\.json$/i.test(input)) {
    throw new UserError(`${what} ${input}: expected a scenario .yaml, a results.json${role === 'baseline' ? ' or a `scalesim check --format json` report' : ''}`);
  }
  const raw = parseUserJson(decodeUserText(readUserFile(file, { what: 'results file', display: input, maxBytes: MAX_RESULTS_BYTES }), input), input);
  if (raw && typeof raw === 'object' && (raw as { kind?: unknown }).kind === CHECK_REPORT_KIND) {
    if (role === 'input') throw new UserError(`${input} is a scalesim check report: pass it as --baseline, and check a scenario or a results.json against it`);
    return { facts: reportFacts(raw, input) };
  }
  return resultsFacts(raw, input, o);
}

/**
 * The AWS constants a static projection uses: the region's calibration profile (or `--calibration`),
 * with its bins chosen by the synthesized Lambda package, as a run's projection chooses them.
 */
function staticAssumptions(scenario: Scenario, synthesized: SynthesizedDesigns, o: FactsOptions): AwsAssumptions {
  const cal = loadCalibration({ region: scenario.region, file: o.calibration, cwd: o.cwd });
  const codeBytes = synthesized.distributed.cost.assets.codeBytes;
  return resolveCalibration(cal.profile, { lambdaPackageMb: codeBytes !== undefined ? codeBytes / 1e6 : 1 }).assumptions;
}

/** The price snapshot `--prices` names, or the newest bundled one for the scenario's region. */
function prices(scenario: Scenario, o: FactsOptions): LoadedPriceSnapshot {
  return loadPriceSnapshot({ region: scenario.region, file: o.prices, cwd: o.cwd });
}

async function scenarioFacts(file: string, display: string, o: FactsOptions): Promise<LoadedFacts> {
  const { scenario, hash } = loadScenario(file);
  const snapshot = prices(scenario, o);
  const synthesized = o.synthesize(scenario);
  const costTemplates = Object.fromEntries(DESIGNS.map((d) => [d, synthesized[d].cost]));
  const { costs } = projectedDesignCosts(snapshot, scenario, {}, {}, costTemplates);
  const access = await analyzeDesigns(synthesized);
  const runtimes = staticRuntimes(scenario, priceTableFromSnapshot(snapshot.snapshot), staticAssumptions(scenario, synthesized, o));
  const designs: Partial<Record<DesignName, DesignFacts>> = {};
  for (const d of DESIGNS) {
    designs[d] = {
      cost: costFacts(costs[d]),
      runtime: runtimes[d],
      access: await accessFactsFromTemplate(access.designs[d], synthesized[d].template, synthesized[d].region),
      constructs: constructsOf(synthesized, d),
    };
  }
  const source: FactsSource = { file: display, kind: 'scenario', scenario: scenario.name, scenarioHash: hash, basis: 'static' };
  return { facts: { source, designs }, scenario };
}

async function resultsFacts(raw: unknown, display: string, o: FactsOptions): Promise<LoadedFacts> {
  // An incomplete run's figures cover only what finished: gating on them would pass what never ran.
  const results = checkResults(raw, display, { incomplete: 'refuse', purpose: 'check it (check the scenario for a static check instead)' });
  const scenario = validateScenario(results.scenario.spec, `${display}: scenario.spec`);
  const snapshot = prices(scenario, o);
  // The templates are synthesized again from the run's scenario, as `scalesim cost <results.json>` does:
  // the run's measured usage plus everything the templates deploy.
  const synthesized = o.synthesize(scenario);
  const templates = Object.fromEntries(DESIGNS.map((d) => [d, synthesized[d].cost]));
  const priced = fillDesignCosts({ ...results, scenario: { ...results.scenario, spec: scenario } }, snapshot, {}, templates);
  const designs: Partial<Record<DesignName, DesignFacts>> = {};
  for (const d of DESIGNS) {
    const r = priced.designs[d];
    if (!r) continue;
    const runtime = runtimeFacts(r.runtime.projectedAws);
    const zoneBuckets = platformMap(synthesized[d].template).zoneBuckets as Record<string, string>;
    designs[d] = {
      ...(r.cost ? { cost: costFacts(r.cost) } : {}),
      ...(runtime ? { runtime } : {}),
      ...(r.access ? { access: accessFactsFromStored(r.access, zoneBuckets) } : {}),
      accounting: accountingFacts(r.accounting),
      constructs: constructsOf(synthesized, d),
    };
  }
  const source: FactsSource = { file: display, kind: 'results', scenario: results.scenario.name ?? scenario.name, scenarioHash: results.scenario.hash, basis: 'measured' };
  return { facts: { source, designs }, scenario, results };
}

function reportFacts(raw: unknown, display: string): CheckFacts {
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  const parsed = checkReportSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const hint = version !== CHECK_REPORT_VERSION ? ` (schemaVersion ${JSON.stringify(version ?? null).slice(0, 20)}; this scalesim reads ${CHECK_REPORT_VERSION})` : '';
    const issues = formatIssues(parsed.error.issues, { root: checkReportSchema, unknownKeysHint: '(see simulator/check/report-schema.ts)', max: 1 });
    throw new UserError(`${display}: not a check report this scalesim reads${hint}: ${issues}; write it again with \`scalesim check --format json\``);
  }
  return { ...parsed.data.facts, source: { ...parsed.data.facts.source, file: display, kind: 'check' } };
}

function costFacts(r: DesignCostRecord): CostFacts {
  const unpriced = (r.resources ?? []).filter((l) => l.pricing === 'unpriced').map((l) => ({ logicalId: l.logicalId, type: l.type, cdkPath: l.cdkPath }));
  return {
    basis: r.basis,
    perMonthUsd: r.perMonthUsd,
    ...(r.horizonMonth !== undefined ? { horizonMonth: r.horizonMonth } : {}),
    ...(r.fixedMonthlyUsd !== undefined ? { fixedMonthlyUsd: r.fixedMonthlyUsd } : {}),
    ...(r.runDependentPerRunUsd !== undefined ? { runDependentPerRunUsd: r.runDependentPerRunUsd } : {}),
    perRunUsd: r.perRunUsd,
    runsPerMonth: r.runsPerMonth,
    unpricedCount: r.unpricedCount ?? (r.resources ? unpriced.length : null),
    unpriced,
    ...(r.topDriver ? { topDriver: { type: r.topDriver.type, monthlyUsd: r.topDriver.monthlyUsd, logicalIds: [...r.topDriver.logicalIds] } } : {}),
    priceSnapshot: { file: r.priceSnapshot.file, date: r.priceSnapshot.date, sha256: r.priceSnapshot.sha256 },
  };
}

function runtimeFacts(p: ProjectedRuntime | null): RuntimeFacts | undefined {
  if (!p) return undefined;
  const infeasible = p.assumptions.find((a) => a.startsWith('infeasible: '));
  return {
    basis: 'projected',
    lowMs: p.lowMs,
    midMs: p.wallMs,
    highMs: p.highMs,
    ...(p.p95Ms !== undefined ? { p95Ms: p.p95Ms } : {}),
    source: "the run's projection (results.json designs.*.runtime.projectedAws)",
    ...(p.assumptions[0] ? { configuration: p.assumptions[0] } : {}),
    ...(infeasible ? { infeasible: infeasible.slice('infeasible: '.length) } : {}),
  };
}

function accountingFacts(a: AccountingRecord): AccountingFacts {
  return {
    basis: 'measured',
    input: a.input,
    curated: a.curated,
    quarantined: a.quarantined,
    duplicatesDropped: a.duplicatesDropped,
    invariantHolds: a.invariantHolds,
    violations: [...a.violations],
    failedPartitions: a.failedPartitions.length,
    missingPartitions: [...a.missingPartitions],
  };
}

function constructsOf(s: SynthesizedDesigns, d: DesignName): Record<string, ConstructFacts> {
  const out: Record<string, ConstructFacts> = {};
  for (const r of s[d].cost.resources) {
    const source = s[d].sources.get(r.logicalId);
    out[r.logicalId] = { type: r.type, path: r.cdkPath, ...(source ? { source } : {}) };
  }
  return out;
}


import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { DESIGNS, type DesignName } from '../../../lib/workload/contract';
import { checkBudgets, describeOverruns } from '../../cost/budget';
import { designCost, projectedDesignCosts } from '../../cost/design-cost';
import { formatCostTable } from '../../cost/format';
import { loadPriceSnapshot } from '../../cost/prices/load';
import { DEFAULT_PROJECTION_ASSUMPTIONS } from '../../cost/project';
import { UserError } from '../../errors';
import { loadScenario, validateScenario } from '../../scenario/load';
import type { Scenario } from '../../scenario/schema';
import { defineCommand } from '../command';
import type { CliDeps } from '../deps';
import type { DesignCostRecord } from '../../results/cost';
import { type DesignUsage, designUsageSchema } from '../../results/usage';
import type { LoadedPriceSnapshot } from '../../cost/prices/loaded';

/** Largest results.json read; a bigger file is not a results file. */
const MAX_RESULTS_BYTES = 200_000_000;

export const costCommand = defineCommand({
  command: 'cost <input>',
  describe: 'Cost per run, per 1M events and per month of both designs, by service: from a results.json (measured usage × list price) or a scenario (projected)',
  positionals: { input: { describe: 'results.json of a run, or a scenario YAML for a projected cost' } },
  options: ['prices', 'enforce-budget'],
  examples: [
    ['$0 cost reports/baseline/results.json', 'Price the usage a run measured, at the newest snapshot in pricing/'],
    ['$0 cost scenarios/large.yaml', 'Projected cost of a scenario that has not run'],
    ['$0 cost scenarios/large.yaml --enforce-budget', 'Exit 1 if a design would exceed the scenario budget'],
    ['$0 cost reports/baseline/results.json --prices pricing/aws-us-east-1-2026-12-03.json', 'Use a specific price snapshot'],
  ],
  async run(args, deps) {
    const input = args.input;
    const file = path.resolve(deps.cwd, input);
    const kind = inputKind(input);
    const result = kind === 'results' ? measured(file, input, args.prices, deps) : projected(file, input, args.prices, deps);
    deps.stdout.write(result.table);
    const overruns = describeOverruns(checkBudgets(result.costs, result.scenario.budget));
    if (overruns.length === 0) return 0;
    if (args['enforce-budget']) {
      deps.stderr.write(`scalesim: over budget (--enforce-budget): ${overruns.join('; ')}\n`);
      return 1;
    }
    deps.stderr.write(`scalesim: warning: over budget: ${overruns.join('; ')}\n`);
    return 0;
  },
});

function inputKind(input: string): 'results' | 'scenario' {
  if (/\.json$/i.test(input)) return 'results';
  if (/\.ya?ml$/i.test(input)) return 'scenario';
  throw new UserError(`${input}: expected a results.json (measured usage) or a scenario .yaml (projected cost)`);
}

interface CostResult {
  readonly scenario: Scenario;
  readonly costs: Partial<Record<DesignName, DesignCostRecord>>;
  readonly table: string;
}

function prices(scenario: Scenario, pricesFile: string | undefined, deps: CliDeps): LoadedPriceSnapshot {
  return loadPriceSnapshot({ region: scenario.region, file: pricesFile, cwd: deps.cwd });
}

function projected(file: string, input: string, pricesFile: string | undefined, deps: CliDeps): CostResult {
  const { scenario, hash } = loadScenario(file);
  const snapshot = prices(scenario, pricesFile, deps);
  const { projection, costs } = projectedDesignCosts(snapshot, scenario);
  const a = projection.assumptions;
  const table = formatCostTable({
    scenarioName: scenario.name,
    from: `${input} (scenario sha256 ${hash.slice(0, 12)}); usage projected, not measured`,
    prices: snapshot,
    costs,
    notes: [
      'Projected: usage estimated from the scenario with these assumptions (defaults are placeholders until measured rates replace them):',
      `cpuMsPerEvent=${a.cpuMsPerEvent} ms/vCPU${a.cpuMsPerEvent === DEFAULT_PROJECTION_ASSUMPTIONS.cpuMsPerEvent ? ' (default)' : ''}, overheadMsPerPartition=${a.overheadMsPerPartition}, overheadMsPerInvocation=${a.overheadMsPerInvocation}, lambdaInitMs=${a.lambdaInitMs},`,
      `fargateStartupSeconds=${a.fargateStartupSeconds}, fargateParallelEfficiency=${a.fargateParallelEfficiency}, storedBytesPerEvent=${a.storedBytesPerEvent}, s3PutsPerPartition=${a.s3PutsPerPartition}.`,
      'Run `scalesim run` and price its results.json for measured usage.',
    ],
  });
  return { scenario, costs, table };
}

const resultsFileSchema = z.looseObject({
  scenario: z.looseObject({ name: z.string().optional(), hash: z.string().optional(), spec: z.unknown() }),
  designs: z.looseObject({
    'single-node': z.looseObject({ usage: z.unknown().optional() }).optional(),
    distributed: z.looseObject({ usage: z.unknown().optional() }).optional(),
  }),
});

function measured(file: string, input: string, pricesFile: string | undefined, deps: CliDeps): CostResult {
  const results = readResults(file, input);
  const scenario = validateScenario(results.scenario.spec, `${input}: scenario.spec`);
  const snapshot = prices(scenario, pricesFile, deps);
  const costs: Partial<Record<DesignName, DesignCostRecord>> = {};
  const missing: Partial<Record<DesignName, string>> = {};
  for (const design of DESIGNS) {
    const usage = results.designs[design]?.usage;
    if (usage === undefined) {
      missing[design] = `no usage in ${input} (designs.${design}.usage)`;
      continue;
    }
    costs[design] = designCost(snapshot, parseUsage(usage, `${input}: designs.${design}.usage`), scenario, 'measured-usage');
  }
  if (Object.keys(costs).length === 0) {
    throw new UserError(`${input}: no design has usage to price (expected designs["single-node"].usage or designs.distributed.usage)`);
  }
  const hash = results.scenario.hash ? ` (scenario sha256 ${results.scenario.hash.slice(0, 12)})` : '';
  const table = formatCostTable({ scenarioName: results.scenario.name ?? scenario.name, from: `${input}${hash}`, prices: snapshot, costs, missing });
  return { scenario, costs, table };
}

function readResults(file: string, input: string): z.output<typeof resultsFileSchema> {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_RESULTS_BYTES) throw new UserError(`${input}: ${size} bytes is too large for a results file (limit ${MAX_RESULTS_BYTES})`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${input}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = resultsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${input}: not a results file: ${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

function parseUsage(raw: unknown, where: string): DesignUsage {
  const parsed = designUsageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => {
    const at = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') return `${at}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (see DesignUsage in simulator/cost/usage.ts)`;
    return `${at}: ${issue.message}`;
  });
  throw new UserError(`${where}: ${issues.join('; ')}${parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : ''}`);
}

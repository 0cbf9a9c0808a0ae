import * as path from 'path';
import { DESIGNS, type DesignName } from '../../../lib/workload/contract';
import { checkBudgets, describeOverruns } from '../../cost/budget';
import { fillDesignCosts, projectedDesignCosts } from '../../cost/design-cost';
import { costJson, formatCostTable, type CostTableInput } from '../../cost/format';
import { synthesizeDesignTemplates } from '../../deploy/template-resources';
import { loadPriceSnapshot } from '../../cost/prices/load';
import { DEFAULT_PROJECTION_ASSUMPTIONS } from '../../cost/project';
import { UserError } from '../../errors';
import { loadResults } from '../../results/load';
import { loadScenario, validateScenario } from '../../scenario/load';
import type { Scenario } from '../../scenario/schema';
import { defineCommand } from '../command';
import type { CliDeps } from '../deps';
import type { DesignCostRecord } from '../../results/cost';
import type { LoadedPriceSnapshot } from '../../cost/prices/loaded';

export const costCommand = defineCommand({
  command: 'cost <input>',
  describe:
    'Cost of both designs: every resource of the synthesized templates (fixed, usage, free or unpriced, with its construct path), per run, per 1M events and per month; from a results.json (measured usage × list price) or a scenario (projected, no run needed)',
  positionals: { input: { describe: 'results.json of a run, or a scenario YAML for a projected cost' } },
  options: ['prices', 'enforce-budget', 'json'],
  examples: [
    ['$0 cost scenarios/baseline.yaml --json', 'Every resource of both templates with its monthly cost, as JSON'],
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
    deps.stdout.write(args.json ? `${JSON.stringify(costJson(result.input), null, 2)}\n` : formatCostTable(result.input));
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
  readonly input: CostTableInput;
}

function prices(scenario: Scenario, pricesFile: string | undefined, deps: CliDeps): LoadedPriceSnapshot {
  return loadPriceSnapshot({ region: scenario.region, file: pricesFile, cwd: deps.cwd });
}

function projected(file: string, input: string, pricesFile: string | undefined, deps: CliDeps): CostResult {
  const { scenario, hash } = loadScenario(file);
  const snapshot = prices(scenario, pricesFile, deps);
  const { projection, costs } = projectedDesignCosts(snapshot, scenario, {}, {}, synthesizeDesignTemplates(scenario));
  const a = projection.assumptions;
  const table: CostTableInput = {
    scenarioName: scenario.name,
    from: `${input} (scenario sha256 ${hash.slice(0, 12)}); usage projected, not measured`,
    prices: snapshot,
    costs,
    notes: [
      'Projected: usage estimated from the scenario with these assumptions (defaults are placeholders until measured rates replace them):',
      `cpuMsPerEvent=${a.cpuMsPerEvent} ms/vCPU${a.cpuMsPerEvent === DEFAULT_PROJECTION_ASSUMPTIONS.cpuMsPerEvent ? ' (default)' : ''}, overheadMsPerPartition=${a.overheadMsPerPartition}, overheadMsPerInvocation=${a.overheadMsPerInvocation}, lambdaInitMs=${a.lambdaInitMs},`,
      `fargateStartupSeconds=${a.fargateStartupSeconds}, fargateParallelEfficiency=${a.fargateParallelEfficiency}, storedBytesPerEvent=${a.storedBytesPerEvent}, s3PutsPerPartition=${a.s3PutsPerPartition}.`,
      'Fixed costs come from the templates synthesized for this scenario; resource estimates (flow log records, Container Insights metrics, base image size, ...) are named on each line.',
      'Run `scalesim run` and price its results.json for measured usage.',
    ],
  };
  return { scenario, costs, input: table };
}

function measured(file: string, input: string, pricesFile: string | undefined, deps: CliDeps): CostResult {
  // An incomplete run's usage covers only what ran: pricing it would understate the cost (refused).
  // loadResults validated every design's usage against the results contract already.
  const results = loadResults(file, { display: input, incomplete: 'refuse', purpose: 'price it (price the scenario for a projection instead)' });
  const scenario = validateScenario(results.scenario.spec, `${input}: scenario.spec`);
  const snapshot = prices(scenario, pricesFile, deps);
  const missing: Partial<Record<DesignName, string>> = {};
  for (const design of DESIGNS) if (results.designs[design]?.usage === undefined) missing[design] = `no usage in ${input} (designs.${design}.usage)`;
  if (Object.keys(missing).length === DESIGNS.length) {
    throw new UserError(`${input}: no design has usage to price (expected designs["single-node"].usage or designs.distributed.usage)`);
  }
  // The templates are synthesized again from the scenario the run used, so that a results file of
  // any age is priced in full: the run's usage plus everything the templates deploy.
  const filled = fillDesignCosts({ ...results, scenario: { ...results.scenario, spec: scenario } }, snapshot, {}, synthesizeDesignTemplates(scenario));
  const costs: Partial<Record<DesignName, DesignCostRecord>> = {};
  for (const design of DESIGNS) {
    const cost = filled.designs[design]?.cost;
    if (cost) costs[design] = cost;
  }
  const hash = results.scenario.hash ? ` (scenario sha256 ${results.scenario.hash.slice(0, 12)})` : '';
  const table: CostTableInput = { scenarioName: results.scenario.name ?? scenario.name, from: `${input}${hash}`, prices: snapshot, costs, missing };
  return { scenario, costs, input: table };
}

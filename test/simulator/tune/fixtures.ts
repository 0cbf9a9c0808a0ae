import * as path from 'path';
import { DESIGNS, type DesignName } from '../../../lib/workload/contract';
import { staticWorkloadRates } from '../../../simulator/check/static-runtime';
import { designFromTemplate } from '../../../simulator/check/synthesize';
import type { DesignTemplate } from '../../../simulator/cost/design-cost';
import { readPriceSnapshotFile } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot, resourcePriceTableFromSnapshot } from '../../../simulator/cost/prices/table';
import { DRAWS, sampleDraws } from '../../../simulator/model/bands';
import { resolveCalibration } from '../../../simulator/model/calibration';
import { loadCalibration } from '../../../simulator/run/calibration-file';
import { loadScenario } from '../../../simulator/scenario/load';
import type { Scenario } from '../../../simulator/scenario/schema';
import { limitsOf, type EvaluationContext } from '../../../simulator/tune/evaluate';
import { fixtureTemplate } from '../../fixtures/access/templates';

export const REPO = path.join(__dirname, '..', '..', '..');
export const BASELINE_FILE = path.join(REPO, 'scenarios', 'baseline.yaml');
export const BASELINE: Scenario = loadScenario(BASELINE_FILE).scenario;

/** The baseline's two templates as `cdk synth` wrote them (test/fixtures/access), as the cost rules read them: no synthesis in unit tests. */
export function fixtureTemplates(): Record<DesignName, DesignTemplate> {
  return Object.fromEntries(DESIGNS.map((d) => [d, designFromTemplate(d, `scalesim-baseline-${d}`, fixtureTemplate(d)).cost])) as Record<DesignName, DesignTemplate>;
}

const snapshot = readPriceSnapshotFile(path.join(REPO, 'pricing', 'aws-us-east-1.json')).snapshot;

/** The bundled us-east-1 calibration profile, at a 1 MB Lambda package. */
export const ASSUMPTIONS = resolveCalibration(loadCalibration({ region: 'us-east-1' }).profile, { lambdaPackageMb: 1 }).assumptions;

/**
 * An evaluation context over the fixture templates, the bundled prices and calibration profile, with the
 * static workload rates and `draws` Monte Carlo draws seeded with the scenario's seed (as the command).
 */
export function context(scenario: Scenario = BASELINE, draws = DRAWS): EvaluationContext {
  return {
    scenario,
    ratesFor: staticWorkloadRates,
    assumptions: ASSUMPTIONS,
    draws: sampleDraws(staticWorkloadRates(scenario), ASSUMPTIONS, scenario.seed, draws),
    prices: priceTableFromSnapshot(snapshot),
    resourcePrices: resourcePriceTableFromSnapshot(snapshot),
    templates: fixtureTemplates(),
    limits: limitsOf(scenario),
  };
}

/** The baseline with some fields replaced, e.g. `{ sla: { deadlineMinutes: 2 } }`. */
export function baselineWith(patch: Partial<Scenario>): Scenario {
  return { ...BASELINE, ...patch };
}

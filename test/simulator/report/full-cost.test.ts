import * as path from 'path';
import { fillDesignCosts } from '../../../simulator/cost/design-cost';
import { readPriceSnapshotFile } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';
import { synthesizeDesignTemplates } from '../../../simulator/deploy/template-resources';
import { buildModel } from '../../../simulator/model/build-model';
import { resolveCalibration } from '../../../simulator/model/calibration';
import { renderHtml } from '../../../simulator/report/html';
import { countWords } from '../../../simulator/report/markdown';
import { MEMO_HEADINGS, MEMO_WORDS, renderMemo } from '../../../simulator/report/memo';
import { completeResults } from '../../../simulator/report/recommend';
import type { Results } from '../../../simulator/results/results';
import { loadCalibration } from '../../../simulator/run/calibration-file';
import { fixedCosts, runsOf } from '../../../simulator/run/finalize';
import { fixture } from './fixtures';

const PRICES = readPriceSnapshotFile(path.join(__dirname, '..', '..', '..', 'pricing', 'aws-us-east-1.json'));

/**
 * The baseline fixture priced the way `scalesim run` now prices it: its measured usage plus every
 * resource of the templates synthesized for its scenario, and the model re-built with the fixed costs.
 * The fixture's own comparison and recommendation are dropped, so they are derived again.
 */
function fullyPriced(): { before: Results; after: Results } {
  const base = fixture('baseline-complete');
  const { comparison, alternatives, recommendation, ...rest } = base;
  void alternatives;
  void recommendation;
  const priced = fillDesignCosts({ ...rest, comparison: comparison?.access ? ({ access: comparison.access } as Results['comparison']) : undefined } as Results, PRICES, {}, synthesizeDesignTemplates(base.scenario.spec));
  const assumptions = resolveCalibration(loadCalibration({ region: base.scenario.spec.region }).profile, { lambdaPackageMb: 1 }).assumptions;
  const { model } = buildModel(runsOf(priced), priced.scenario.spec, priceTableFromSnapshot(PRICES.snapshot), { projectTo: 1e9, projectFrom: 1e4, assumptions, fixedMonthlyUsd: fixedCosts(priced)! });
  return { before: completeResults(base), after: completeResults({ ...priced, model }) };
}

describe('the baseline, priced in full (templates + measured usage)', () => {
  let before: Results;
  let after: Results;
  beforeAll(() => {
    ({ before, after } = fullyPriced());
  }, 120_000);

  it('reverses the recommendation: distributed, from monthly totals, naming the decision-map cell', () => {
    // The fixture's own recommendation, from per-run costs without the templates: single-node.
    expect(before.recommendation!.decision).toMatch(/^(Provisionally k|K)eep the single-node design/);
    const decision = after.recommendation!.decision;
    expect(decision).toMatch(/^Provisionally adopt the distributed design at 1M events per run: .*\$1\.\d\d a month \(\$1\.40 fixed\), projected\./);
    expect(decision).toMatch(/Single-node is not feasible at 1M events \(over budget: \$1\.5\d per run, \$45\.\d\d per month\)/);
    expect(decision).toMatch(/Decision-map cell 1M × 30 runs\/month: distributed \(both meet the SLA; single-node \$45\.\d\d vs distributed \$1\.\d\d a month projected; single-node wins above [\d,]+ runs\)/);
    expect(after.model!.decisionMap!.scenario.choice).toBe('distributed');
    expect(after.model!.crossover.sentence).toMatch(/cheaper per month \(fixed costs included\)/);
  });

  it('the memo shows fixed, per-run and monthly cost side by side, the decision map table and each lever with its trade-off, within the word budget', () => {
    const md = renderMemo(after);
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([...MEMO_HEADINGS]);
    expect(countWords(md)).toBeGreaterThanOrEqual(MEMO_WORDS.min);
    expect(countWords(md)).toBeLessThanOrEqual(MEMO_WORDS.max);
    expect(md).toMatch(/\| Cost: fixed\/month; per run \(own \+ fixed share\); month 12 at 30 runs \| \$45\.0\d static; \$0\.0\d+ measured \+ \$1\.50 static; \$45\.\d\d static \+ measured \| \$1\.40 static; \$0\.0\d+ measured \+ \$0\.0467 static; \$1\.\d\d static \+ measured \|/);
    expect(md).toMatch(/\| events ↓ runs\/month → \| 1 \| 4 \| \*\*30\*\* \| 730 \|/);
    expect(md).toMatch(/\| \*\*1M\*\* \| D \| D \| \*\*D\*\* \| D \|/);
    expect(md).toMatch(/- single-node: public subnet \+ public IPv4 .* instead of 3 interface endpoints \(\$43\.80\/month\).* Trade-off: an internet route/);
    expect(md).toMatch(/- distributed: AWS-managed SNS key \(free\) instead of the alert key \(\$1\.00\/month\)\. Trade-off: /);
  });

  it('report.html draws the decision map and the monthly cost, and lists every priced resource with its construct path', () => {
    const html = renderHtml(after);
    expect(html).toContain('id="decision-map-chart"');
    expect(html).toContain('id="monthly-cost-chart"');
    // A month is static fixed cost plus measured usage, and says so.
    expect(html).toMatch(/a month, month 12 \(30 runs\)<\/th><td>\$45\.\d\d <span class="label static">static<\/span> \+ <span class="label measured">measured<\/span>/);
    expect(html).toContain('<code>scalesim-baseline-single-node/Vpc/EcrApi/Resource</code>');
    expect(html).toMatch(/none is unpriced/);
  });

  it('a results file from before (no fixed cost) still renders, with the old cost rows and no decision map', () => {
    const md = renderMemo(before);
    expect(md).toMatch(/\| Cost per run \(emulator usage; AWS, p5–p95\) \|/);
    expect(md).not.toMatch(/Decision map/);
    expect(renderHtml(before)).not.toContain('id="decision-map-chart"');
  });
});

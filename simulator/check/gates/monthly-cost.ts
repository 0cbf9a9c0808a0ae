import { signedDelta } from '../../report/diff';
import { formatUsd } from '../../report/format';
import { designFacts, designsOf, locate, result, type Gate } from './gate';

/**
 * Monthly cost per design: fixed + runs per month × per run, the total `scalesim cost` computes
 * (`perMonthUsd` of the cost module's record, at its horizon month). Never recomputed here.
 */
export const monthlyCostGate: Gate = {
  id: 'monthly-cost',
  title: 'monthly cost',
  heading: 'Monthly cost (fixed + usage)',
  description: 'Each design’s monthly cost (fixed + usage, as `scalesim cost` totals it) at most --max-monthly-usd, gates.maxMonthlyUsd or budget.perMonthUsd.',
  evaluate({ config, candidate, baseline }) {
    const limitUsd = config.maxMonthlyUsd.value;
    const limit = `${formatUsd(limitUsd)} (${config.maxMonthlyUsd.from})`;
    return designsOf(candidate).map((design) => {
      const d = designFacts(candidate, design)!;
      const cost = d.cost;
      if (!cost) return result(this, { design, status: 'skip', value: 'no cost', limit, reason: 'no cost for this design (no usage in the results file)' });
      const month = cost.horizonMonth ? `month ${cost.horizonMonth}` : 'per month';
      const fixed = cost.fixedMonthlyUsd !== undefined ? `, ${formatUsd(cost.fixedMonthlyUsd)} fixed` : ', fixed costs not priced';
      const value = `${formatUsd(cost.perMonthUsd)} a month (${month}${fixed}, ${cost.basis})`;
      const before = designFacts(baseline, design)?.cost;
      const fail = cost.perMonthUsd > limitUsd;
      const driver = cost.topDriver;
      return result(this, {
        design,
        status: fail ? 'fail' : 'pass',
        value,
        limit,
        ...(before ? { baseline: `${formatUsd(before.perMonthUsd)} (${signedDelta(before.perMonthUsd, cost.perMonthUsd, formatUsd)})` } : {}),
        items:
          fail && driver
            ? [
                {
                  message: `top cost driver: ${driver.type} (${driver.logicalIds.length} resource${driver.logicalIds.length === 1 ? '' : 's'}), ${formatUsd(driver.monthlyUsd)} a month`,
                  ...locate(d, driver.logicalIds[0]),
                },
              ]
            : [],
      });
    });
  },
};

import { designFacts, designsOf, locate, result, skipped, type Gate } from './gate';

/** Every resource the templates deploy has a price: an unpriced one would be missing from the totals. */
export const noUnpricedGate: Gate = {
  id: 'no-unpriced',
  title: 'no unpriced resources',
  heading: 'No unpriced resources',
  description: 'Every template resource is priced (fixed, usage or free): an unpriced one is missing from the cost a reviewer decides on.',
  evaluate({ config, candidate }) {
    if (!config.noUnpriced.on) return skipped(this, `off (${config.noUnpriced.from})`);
    return designsOf(candidate).map((design) => {
      const d = designFacts(candidate, design)!;
      const cost = d.cost;
      const limit = '0 unpriced';
      if (!cost || cost.unpricedCount === null) return result(this, { design, status: 'skip', value: 'not priced', limit, reason: 'the template was not priced for this design' });
      return result(this, {
        design,
        status: cost.unpricedCount > 0 ? 'fail' : 'pass',
        value: `${cost.unpricedCount} unpriced${cost.unpriced.length ? `: ${cost.unpriced.map((u) => u.type).join(', ')}` : ''}`,
        limit,
        items: cost.unpriced.map((u) => ({ message: `${u.type} has no price (left out of the totals)`, ...locate(d, u.logicalId), constructPath: u.cdkPath })),
      });
    });
  },
};

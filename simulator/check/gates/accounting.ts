import { formatInt } from '../../report/format';
import { designFacts, designsOf, result, skipped, type Gate } from './gate';

/** The run kept `input = curated + quarantined + duplicates` for every partition and lost none. Results files only. */
export const accountingGate: Gate = {
  id: 'accounting',
  title: 'accounting invariant',
  heading: 'Accounting invariant (measured)',
  description: 'A run (results.json) kept input = curated + quarantined + duplicates for every partition and lost no partition.',
  evaluate({ config, candidate }) {
    if (!config.accounting.on) return skipped(this, `off (${config.accounting.from})`);
    if (candidate.source.basis !== 'measured') return skipped(this, 'static check: nothing ran, so nothing to account for (check a results.json to gate on it)');
    return designsOf(candidate).map((design) => {
      const a = designFacts(candidate, design)!.accounting;
      const limit = 'input = curated + quarantined + duplicates, 0 lost partitions';
      if (!a) return result(this, { design, status: 'skip', value: 'no accounting', limit, reason: 'no accounting in the results for this design' });
      const holds = a.invariantHolds && a.missingPartitions.length === 0;
      const value = `${formatInt(a.input)} = ${formatInt(a.curated)} + ${formatInt(a.quarantined)} + ${formatInt(a.duplicatesDropped)} ${a.invariantHolds ? 'holds' : 'BROKEN'}; ${a.missingPartitions.length} lost, ${a.failedPartitions} failed partitions (measured)`;
      return result(this, {
        design,
        status: holds ? 'pass' : 'fail',
        value,
        limit,
        items: [...a.violations.map((v) => ({ message: v })), ...a.missingPartitions.map((k) => ({ message: `partition ${k} has no outputs (lost)` }))],
      });
    });
  },
};

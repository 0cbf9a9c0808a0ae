import fc from 'fast-check';
import { RunSummary, emptySummary, failedSummary, mergeSummaries, summaryOf } from '../../../lib/workload/quality';

/** What the collector does with every partition's summary: fold them with {@link mergeSummaries}. */
const mergeAll = (summaries: readonly RunSummary[]): RunSummary => summaries.reduce(mergeSummaries, emptySummary());
import { partitionTextArb } from './arbitraries';
import { runCore } from './fixtures';

const summaryArb: fc.Arbitrary<RunSummary> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(partitionTextArb, fc.integer({ min: 0, max: 999 })).map(([t, i]) => summaryOf(runCore(t, undefined, `part-${i}`).quality)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom('gzip stream truncated', 'not found')).map(([i, r]) => failedSummary(`part-${i}`, r)) },
);

/** Canonical JSON: merges sort their keys, so equal summaries serialize identically. */
const canon = (s: RunSummary) => JSON.stringify(s);

describe('mergeSummaries', () => {
  test('is associative', () => {
    fc.assert(
      fc.property(summaryArb, summaryArb, summaryArb, (a, b, c) => canon(mergeSummaries(a, mergeSummaries(b, c))) === canon(mergeSummaries(mergeSummaries(a, b), c))),
      { numRuns: 60 },
    );
  });

  test('is commutative', () => {
    fc.assert(fc.property(summaryArb, summaryArb, (a, b) => canon(mergeSummaries(a, b)) === canon(mergeSummaries(b, a))), { numRuns: 60 });
  });

  test('has emptySummary as identity', () => {
    fc.assert(fc.property(summaryArb, (a) => canon(mergeSummaries(emptySummary(), a)) === canon(mergeSummaries(a, emptySummary()))), { numRuns: 40 });
  });

  test('any grouping of the same partitions gives the same run summary (single-node vs distributed)', () => {
    fc.assert(
      fc.property(fc.array(summaryArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (parts, groupSize) => {
        const flat = mergeAll(parts);
        const groups: RunSummary[] = [];
        for (let i = 0; i < parts.length; i += groupSize) groups.push(mergeAll(parts.slice(i, i + groupSize)));
        return canon(mergeAll(groups.reverse())) === canon(flat);
      }),
      { numRuns: 40 },
    );
  });

  test('keeps the accounting invariant and counts partitions', () => {
    const s = mergeAll([summaryOf(runCore('{"broken\n').quality), failedSummary('part-9', 'truncated')]);
    expect(s.partitions).toEqual({ total: 2, ok: 1, failed: 1 });
    expect(s.failures).toEqual([{ key: 'part-9', reason: 'truncated' }]);
    expect(s.input).toBe(s.curated + s.quarantined + s.duplicatesDropped);
  });
});

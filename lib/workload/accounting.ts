import type { PartitionAccounting } from './contract';

/**
 * The accounting invariant, `input = curated + quarantined + duplicatesDropped`, for every partition.
 * A violation is a bug in the processor, never a data problem, so it is not a failed partition: it
 * throws, and the run fails loudly.
 */
export class AccountingInvariantError extends Error {
  override readonly name = 'AccountingInvariantError';
}

export function checkAccounting(a: PartitionAccounting): PartitionAccounting {
  const counts = [a.input, a.curated, a.quarantined, a.duplicatesDropped];
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new AccountingInvariantError(
      `accounting invariant broken for partition ${a.partition}: counts must be non-negative integers, got input ${a.input}, curated ${a.curated}, quarantined ${a.quarantined}, duplicatesDropped ${a.duplicatesDropped}`,
    );
  }
  const out = a.curated + a.quarantined + a.duplicatesDropped;
  if (out !== a.input) {
    throw new AccountingInvariantError(
      `accounting invariant broken for partition ${a.partition}: input ${a.input} != curated ${a.curated} + quarantined ${a.quarantined} + duplicatesDropped ${a.duplicatesDropped} (= ${out})`,
    );
  }
  return a;
}

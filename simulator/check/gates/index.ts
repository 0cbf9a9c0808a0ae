import { accountingGate } from './accounting';
import type { Gate } from './gate';
import { monthlyCostGate } from './monthly-cost';
import { noNewAccessGate } from './no-new-access';
import { noNewFindingsGate } from './no-new-findings';
import { noUnpricedGate } from './no-unpriced';
import { runtimeGate } from './runtime';

export type { Gate } from './gate';

/** Every gate `scalesim check` runs, in report order. Add a gate file and list it here; ids are unique (a test checks). */
export const GATES: readonly Gate[] = [monthlyCostGate, runtimeGate, noNewAccessGate, noNewFindingsGate, noUnpricedGate, accountingGate];

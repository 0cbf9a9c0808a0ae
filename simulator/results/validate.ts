import { UserError } from '../errors';
import { formatIssues } from '../zod-issues';
import { migrateResults } from './migrate';
import { resultsSchema, type Results } from './results';

/**
 * A parsed results.json checked against the contract, after migrating an older schemaVersion. Throws a
 * UserError that names the file, the first bad fields and what was expected. Pure. The schemaVersion
 * itself is checked before, by checkResults (./load.ts), the one way a results file is read.
 */
export function validateResults(raw: unknown, source = 'results.json'): Results {
  const r = resultsSchema.safeParse(migrateResults(raw), { reportInput: true });
  if (!r.success) {
    throw new UserError(`${source}: not a scalesim results file (${formatIssues(r.error.issues, { root: resultsSchema, unknownKeysHint: '(see simulator/results/)' })})`);
  }
  return r.data;
}

import { UserError } from '../errors';
import { migrateResults, schemaVersionOf } from './migrate';
import { RESULTS_SCHEMA_VERSION, resultsSchema, type Results } from './results';

/**
 * A parsed results.json checked against the contract, after migrating an older schemaVersion. Throws a
 * UserError that names the file, the first bad field and what was expected. Pure.
 */
export function validateResults(raw: unknown, source = 'results.json'): Results {
  const version = schemaVersionOf(raw);
  if (typeof version === 'number' && version > RESULTS_SCHEMA_VERSION) {
    throw new UserError(`${source}: results schemaVersion ${version} is newer than this scalesim reads (${RESULTS_SCHEMA_VERSION}); upgrade scalesim`);
  }
  const r = resultsSchema.safeParse(migrateResults(raw));
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw new UserError(`${source}: not a scalesim results file (${first.path.join('.') || 'top level'}: ${first.message})`);
  }
  return r.data;
}

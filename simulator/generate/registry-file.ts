import { RegistryError, SchemaRegistry, parseRegistry } from '../../lib/workload/registry';
import { UserError } from '../errors';
import { parseUserJson, readUserText } from '../io/read-user-file';

/** Largest registry file we read; anything bigger is a mistake. */
const MAX_REGISTRY_BYTES = 5_000_000;

/** The registry file's text, read the guarded way (regular file, bounded, UTF-8). */
export function readRegistryText(file: string): string {
  return readUserText(file, { what: 'schema registry', maxBytes: MAX_REGISTRY_BYTES, hint: '(set workload.schemaRegistry in the scenario)' });
}

/** Read and validate a schema registry file (the scenario's workload.schemaRegistry). */
export function loadRegistryFile(file: string): SchemaRegistry {
  const raw = parseUserJson(readRegistryText(file), file);
  try {
    return parseRegistry(raw, file);
  } catch (e) {
    if (e instanceof RegistryError) throw new UserError(e.message);
    throw e;
  }
}

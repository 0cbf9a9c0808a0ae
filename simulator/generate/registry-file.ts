import * as fs from 'fs';
import { RegistryError, SchemaRegistry, parseRegistry } from '../../lib/workload/registry';
import { UserError } from '../errors';
import { errorMessage } from '../../lib/workload/error-message';

/** Largest registry file we read; anything bigger is a mistake. */
const MAX_REGISTRY_BYTES = 5_000_000;

/** Read and validate a schema registry file (the scenario's workload.schemaRegistry). */
export function loadRegistryFile(file: string): SchemaRegistry {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_REGISTRY_BYTES) throw new UserError(`${file}: schema registry is ${st.size} bytes; the limit is ${MAX_REGISTRY_BYTES}`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read schema registry ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)} (set workload.schemaRegistry in the scenario)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON: ${errorMessage(e)}`);
  }
  try {
    return parseRegistry(raw, file);
  } catch (e) {
    if (e instanceof RegistryError) throw new UserError(e.message);
    throw e;
  }
}

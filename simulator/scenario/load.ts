import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { UserError } from '../errors';
import { describeValue as describe, formatIssues } from '../zod-issues';
import { Scenario, scenarioSchema } from './schema';

/**
 * The scenario used when none is named (the CDK app, `scalesim access`): the repository's baseline, from
 * the source tree (tsx, jest) or from `dist/` after a build.
 */
export const DEFAULT_SCENARIO_FILE: string = [
  path.join(__dirname, '..', '..', 'scenarios', 'baseline.yaml'),
  path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'),
].find((f) => fs.existsSync(f)) ?? path.join(__dirname, '..', '..', 'scenarios', 'baseline.yaml');

/** A validated scenario plus where it came from. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  /** Absolute path of the YAML file. */
  readonly file: string;
  /** sha256 of the file's bytes: the scenario's identity in reports. */
  readonly hash: string;
  /** Absolute path of the registered-schema file the drift check uses. */
  readonly registryFile: string;
}

/** Largest scenario file we read; anything bigger is a mistake, not a scenario. */
const MAX_SCENARIO_BYTES = 1_000_000;

export function loadScenario(file: string): LoadedScenario {
  const abs = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (e) {
    throw new UserError(`cannot read scenario ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (bytes.length > MAX_SCENARIO_BYTES) {
    throw new UserError(`${file}: scenario file is ${bytes.length} bytes; the limit is ${MAX_SCENARIO_BYTES}`);
  }
  const scenario = parseScenario(bytes.toString('utf8'), file);
  return {
    scenario,
    file: abs,
    hash: crypto.createHash('sha256').update(bytes).digest('hex'),
    registryFile: path.resolve(path.dirname(abs), scenario.workload.schemaRegistry),
  };
}

/** Parse YAML text into a validated Scenario. `source` names the file in error messages. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  let raw: unknown;
  try {
    raw = YAML.parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UserError(`${source}: not valid YAML: ${msg}`);
  }
  return validateScenario(raw, source);
}

export function validateScenario(raw: unknown, source = 'scenario'): Scenario {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`${source}: expected a mapping of scenario fields at the top level, got ${describe(raw)}`);
  }
  const result = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new UserError(`${source}: ${formatIssues(result.error.issues, { root: scenarioSchema, unknownKeysHint: '(see README, "Scenario format")' })}`);
  }
  return result.data;
}

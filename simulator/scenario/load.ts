import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { UserError } from '../errors';
import { decodeUserText, readUserFile } from '../io/read-user-file';
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
  const bytes = readUserFile(abs, { what: 'scenario', display: file, maxBytes: MAX_SCENARIO_BYTES });
  const scenario = parseScenario(decodeUserText(bytes, file), file);
  return {
    scenario,
    file: abs,
    hash: crypto.createHash('sha256').update(bytes).digest('hex'),
    registryFile: registryPath(abs, scenario.workload.schemaRegistry, file),
  };
}

/**
 * Where the scenario's `workload.schemaRegistry` points: a relative path inside the scenario's own
 * folder (or below it). A scenario is a file people share; one that names `../../etc/passwd` or an
 * absolute path must not make scalesim read (and upload) a file outside the folder the user chose.
 */
export function registryPath(scenarioAbs: string, schemaRegistry: string, source = scenarioAbs): string {
  const base = path.dirname(scenarioAbs);
  const resolved = path.resolve(base, schemaRegistry);
  const rel = path.relative(base, resolved);
  if (path.isAbsolute(schemaRegistry) || rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UserError(
      `${source}: workload.schemaRegistry: got ${JSON.stringify(schemaRegistry.slice(0, 80))}, expected a path relative to the scenario that stays inside its folder (e.g. schemas/registry.json); copy the registry next to the scenario`,
    );
  }
  return resolved;
}

/** Parse YAML text into a validated Scenario. `source` names the file in error messages. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  let raw: unknown;
  try {
    // parseDocument, not parse: parse() prints YAML warnings (an unknown tag) through process.emitWarning,
    // as a multi-line Node warning. Here a warning is an error, reported on the one line.
    const doc = YAML.parseDocument(text, { uniqueKeys: true });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw problem;
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    const tag = /^Unresolved tag: (\S+)/.exec(msg);
    throw new UserError(
      tag ? `${source}: not valid YAML: unknown tag ${tag[1]}${msg.slice(tag[0].length).replace(/:$/, '')}; a scenario uses plain YAML values (remove the tag)` : `${source}: not valid YAML: ${msg.replace(/:$/, '')}`,
    );
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

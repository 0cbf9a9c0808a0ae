import * as crypto from 'crypto';
import * as path from 'path';
import * as YAML from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors';
import { decodeUserText, readUserFile } from '../io/read-user-file';
import { Scenario, scenarioSchema } from './schema';

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
    throw new UserError(`${source}: ${formatIssues(result.error.issues)}`);
  }
  return result.data;
}

/** One line: the first problems, each as `field.path: got X, message`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], max = 3): string {
  const parts = issues.slice(0, max).map(formatIssue);
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${field}: ` : '';
    return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}; allowed: ${allowedKeys(issue.path)}`;
  }
  const got = 'input' in issue && issue.input !== undefined ? `got ${describe(issue.input)}, ` : issue.code === 'invalid_type' ? 'missing, ' : '';
  return `${field}: ${got}${humanMessage(issue)}`;
}

function humanMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`;
    case 'too_small':
      return `expected ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return `expected ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_key':
      return `invalid key; ${issue.message}`;
    default:
      return issue.message;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The keys the schema allows at a path, for "unknown key" messages. */
function allowedKeys(pathParts: readonly PropertyKey[]): string {
  // Walk the schema's shape along the path; unwrap defaults, pipes and refinements.
  let node: unknown = scenarioSchema;
  for (const part of pathParts) {
    const shape = shapeOf(node);
    if (!shape || !(String(part) in shape)) return '(see README, "Scenario format")';
    node = shape[String(part)];
  }
  const shape = shapeOf(node);
  return shape ? Object.keys(shape).join(', ') : '(see README, "Scenario format")';
}

function shapeOf(node: unknown): Record<string, unknown> | undefined {
  let cur = node as { def?: { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown> } } | undefined;
  for (let i = 0; i < 10 && cur?.def; i++) {
    if (cur.def.type === 'object') return cur.def.shape;
    cur = (cur.def.innerType ?? cur.def.in) as typeof cur;
  }
  return undefined;
}

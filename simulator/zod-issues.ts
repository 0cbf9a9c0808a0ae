import type { z } from 'zod';

/**
 * zod issues as the one-line messages a user error prints (`field.path: got X, expected Y`), for any
 * schema: the scenario format (simulator/scenario/load.ts), the price snapshot format
 * (simulator/cost/prices/load.ts), results.json (simulator/results/validate.ts), check reports
 * (simulator/check/facts.ts) and tune's scenario rule all use it. Pure.
 */

export interface FormatIssuesOptions {
  /** The schema that produced the issues: "unknown key" messages list the keys it allows there. */
  readonly root: z.ZodType;
  /** Said instead of the allowed keys when they cannot be found (e.g. `(see README, "Scenario format")`). */
  readonly unknownKeysHint: string;
  /**
   * Issues shown; the rest are counted.
   * @default 3
   */
  readonly max?: number;
}

/**
 * One line: the first problems, each as `field.path: got X, message`. Parse with
 * `schema.safeParse(raw, { reportInput: true })`: zod leaves the input out of its issues otherwise, and
 * a value of the wrong type would read as `missing`.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], o: FormatIssuesOptions): string {
  const max = o.max ?? 3;
  const parts = issues.slice(0, max).map((issue) => formatIssue(issue, o));
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

function formatIssue(issue: z.core.$ZodIssue, o: FormatIssuesOptions): string {
  const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${field}: ` : '';
    const allowed = allowedKeysAt(o.root, issue.path);
    return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}; allowed: ${allowed.length ? allowed.join(', ') : o.unknownKeysHint}`;
  }
  const got = 'input' in issue && issue.input !== undefined ? `got ${describeValue(issue.input)}, ` : issue.code === 'invalid_type' ? 'missing, ' : '';
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

/** A value in a message: short, and a mapping or a list by its kind rather than its content. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

interface SchemaNode {
  readonly def?: { type?: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; valueType?: unknown; element?: unknown };
}

/** The keys the schema allows at `pathParts`, walking objects, records and arrays (defaults, pipes and refinements unwrapped). */
function allowedKeysAt(root: unknown, pathParts: readonly PropertyKey[]): string[] {
  const unwrap = (node: unknown): SchemaNode | undefined => {
    let cur = node as SchemaNode | undefined;
    for (let i = 0; i < 10 && cur?.def && !['object', 'record', 'array'].includes(cur.def.type ?? ''); i++) {
      cur = (cur.def.innerType ?? cur.def.in) as SchemaNode | undefined;
    }
    return cur;
  };
  let node = unwrap(root);
  for (const part of pathParts) {
    const def = node?.def;
    if (!def) return [];
    if (def.type === 'object') node = unwrap(def.shape?.[String(part)]);
    else if (def.type === 'record') node = unwrap(def.valueType);
    else if (def.type === 'array') node = unwrap(def.element);
    else return [];
  }
  return node?.def?.type === 'object' ? Object.keys(node.def.shape ?? {}) : [];
}

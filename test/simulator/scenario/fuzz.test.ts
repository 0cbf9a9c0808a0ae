import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { UserError } from '../../../simulator/errors';
import { parseScenario } from '../../../simulator/scenario/load';
import { scenarioSchema } from '../../../simulator/scenario/schema';

/**
 * Scenario fuzzing (issue 8): mutated scenario files are either accepted and valid, or rejected with a
 * one-line UserError that names the field. Never a stack trace, never a hang.
 */
const BASE = YAML.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'), 'utf8')) as Record<string, unknown>;

/** Every key path of the baseline, e.g. ['workload', 'skew', 'zipfExponent']. */
function paths(o: unknown, prefix: string[] = []): string[][] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return [prefix];
  return [prefix, ...Object.entries(o).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
const PATHS = paths(BASE).filter((p) => p.length > 0);

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53, 0.5, 1e-300, 10241, 127, 901),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
  fc.integer({ min: 1, max: 400 }).map(deepNest),
);

function deepNest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

type Mutation = { kind: 'replace'; path: string[]; value: unknown } | { kind: 'delete'; path: string[] } | { kind: 'add'; path: string[]; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...PATHS), value: weird }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  fc.record({ kind: fc.constant('add' as const), path: fc.constantFrom([], ...PATHS), key: fc.string({ minLength: 1, maxLength: 12 }), value: weird }),
);

function apply(base: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const doc = structuredClone(base);
  let cur: Record<string, unknown> = doc;
  const target = m.kind === 'add' ? m.path : m.path.slice(0, -1);
  for (const k of target) {
    const next = cur[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return doc;
    cur = next as Record<string, unknown>;
  }
  if (m.kind === 'replace') cur[m.path[m.path.length - 1]] = m.value;
  else if (m.kind === 'delete') delete cur[m.path[m.path.length - 1]];
  else cur[m.key] = m.value;
  return doc;
}

/** Accepted and valid, or a one-line user error that names a field (or the YAML). */
function check(text: string): 'accepted' | 'rejected' {
  let result: unknown;
  try {
    result = parseScenario(text);
  } catch (e) {
    if (!(e instanceof UserError)) throw new Error(`not a UserError: ${(e as Error).stack}`, { cause: e });
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toMatch(/\n\s+at /);
    expect(e.message).toMatch(/^scenario: (not valid YAML|expected a mapping|\(top level\)|unknown key|[A-Za-z_]+(\.[A-Za-z0-9_]+)*: )/);
    expect(e.message.length).toBeLessThan(1200);
    return 'rejected';
  }
  // Accepted: it must be a valid scenario (re-validating gives the same object).
  expect(scenarioSchema.parse(result)).toEqual(result);
  return 'accepted';
}

describe('scenario fuzzing', () => {
  test('1,000 structurally mutated scenarios (1-3 mutations each)', () => {
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        seen[check(YAML.stringify(ms.reduce(apply, BASE), { aliasDuplicateObjects: false }))]++;
      }),
      { numRuns: 1000, seed: 20261127 },
    );
    // Both outcomes occur, so neither branch of the check is vacuous.
    expect(seen.accepted).toBeGreaterThan(20);
    expect(seen.rejected).toBeGreaterThan(500);
  });

  test('500 byte-level corruptions of the YAML text', () => {
    const text = YAML.stringify(BASE);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(text.length - 1), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), { minLength: 1, maxLength: 5 }), (edits) => {
        let t = text;
        for (const [i, ch] of edits) t = t.slice(0, i) + ch + t.slice(i + 1);
        check(t);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  test('pathological documents: deep nesting, huge numbers, alias bombs, empty and binary input', () => {
    const cases = [
      '',
      '~',
      '[]',
      'x',
      '\u0000\u0001\u0002',
      `a: ${'['.repeat(5000)}`,
      `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i % 50)}k${i}:`).join('\n')}`,
      'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n' +
        'e: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nf: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      // Built as text: stringifying a 3,000-deep object would overflow the test's own stack.
      YAML.stringify({ ...BASE, workload: 0 }).replace('workload: 0', `workload: ${'{n: '.repeat(3000)}1${'}'.repeat(3000)}`),
      YAML.stringify({ ...BASE, seed: 1e308 }),
      YAML.stringify({ ...BASE, name: '名前' }),
    ];
    for (const c of cases) check(c);
  });
});

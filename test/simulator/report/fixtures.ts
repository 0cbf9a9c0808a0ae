import * as path from 'path';
import { loadResults } from '../../../simulator/results/load';
import type { Results } from '../../../simulator/results/results';

/** The results fixtures (test/fixtures/results, built by build-fixtures.ts): FIXTURES, not measurements. */
export const FIXTURE_DIR = path.join(__dirname, '..', '..', 'fixtures', 'results');

export type FixtureName = 'baseline-complete' | 'baseline-no-model' | 'baseline-incomplete';

export function fixtureFile(name: FixtureName): string {
  return path.join(FIXTURE_DIR, `${name}.results.json`);
}

/** A fresh, schema-validated copy (tests may modify it). */
export function fixture(name: FixtureName): Results {
  return loadResults(fixtureFile(name), { incomplete: 'warn', purpose: 'show it' });
}

/** `T` with every `readonly` removed, recursively: for editing a copy in a test. */
export type DeepMutable<T> = T extends (infer U)[] ? DeepMutable<U>[] : T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

/** A copy of a fixture with `edit` applied: for variants. */
export function variant(name: FixtureName | Results, edit: (r: DeepMutable<Results>) => void): Results {
  const r = structuredClone(typeof name === 'string' ? fixture(name) : name) as DeepMutable<Results>;
  edit(r);
  return r as Results;
}

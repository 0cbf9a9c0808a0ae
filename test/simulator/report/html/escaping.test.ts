import * as path from 'path';
import { renderHtml } from '../../../../simulator/report/html';
import { completeResults } from '../../../../simulator/report/recommend';
import { loadResults } from '../../../../simulator/results/load';
import type { Results } from '../../../../simulator/results/results';
import { type DeepMutable, FIXTURE_DIR, fixture, type FixtureName, variant } from '../fixtures';
import { PROXY } from '../proxy-fixture';

/**
 * report.html escapes every value that comes from results.json. A script planted in string fields must
 * come out as text (`&lt;script&gt;…`), never as a tag: the page itself has no script at all (its CSP
 * forbids them), so any `<script` in it is a value that was not escaped.
 */
const PAYLOAD = '<script>alert(1)</script>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every string field of `value` (recursively, array elements included), as a path of keys. */
function stringPaths(value: Json, at: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, k]));
  return [];
}

/** A copy of `r` with the string at each of `paths` replaced by the payload. */
function planted(r: Results, paths: readonly (readonly (string | number)[])[]): Results {
  const copy = structuredClone(r) as unknown as Json;
  for (const p of paths) {
    let node = copy as Record<string | number, Json>;
    for (const k of p.slice(0, -1)) node = node[k] as Record<string | number, Json>;
    node[p[p.length - 1]!] = PAYLOAD;
  }
  return copy as unknown as Results;
}

/** The baseline with what the fixtures lack: matrix differences, a mismatched cell and a run-time probe. */
function withProbeAndDifferences(): Results {
  return variant(completeResults(fixture('baseline-complete')), (r: DeepMutable<Results>) => {
    const a = r.designs.distributed!.access!;
    a.matrix.cells[0]!.computed = 'admin';
    a.matrix.capabilities[0]!.computed = false;
    a.matrix.differences.push({ persona: 'data-engineer', target: 'raw', intended: 'write', computed: 'admin', extraActions: ['s3:PutBucketPolicy'], missingActions: ['s3:GetObject'] });
    a.basis = 'static+probe';
    a.runtime = {
      target: 'http://127.0.0.1:5000',
      probePrincipal: 'probe-admin',
      checks: [],
      controls: [],
      summary: { checks: 3, enforced: 2, evaluated: 1, unverified: 0, notEnforcedByEmulator: 1, matches: 2, mismatches: 1, passed: false, mismatchList: ['ml-engineer raw s3:GetObject: expected deny, observed allow (enforced)'] },
      notes: ['restored the bucket policy'],
    };
  });
}

const cases: [string, () => Results][] = [
  ...(['baseline-complete', 'baseline-no-model', 'baseline-incomplete'] as FixtureName[]).map((n): [string, () => Results] => [n, () => completeResults(fixture(n))]),
  ['baseline-complete with a probe and matrix differences', withProbeAndDifferences],
  ['baseline-complete with a replayed sample (proxy-data limits)', () => completeResults(variant('baseline-complete', (x) => void (x.proxyDataLimits = structuredClone(PROXY) as never)))],
  ['schemaVersion 1 baseline-complete', () => completeResults(loadResults(path.join(FIXTURE_DIR, 'v1', 'baseline-complete.results.json'), { incomplete: 'warn', purpose: 'show it' }))],
];

const unescaped = (page: string) => /<script/i.test(page);

/** The fields among `batch` that reach the page unescaped, by path: what a failing test names. */
function culprits(r: Results, batch: readonly (readonly (string | number)[])[]): string[] {
  return batch.filter((p) => unescaped(renderHtml(planted(r, [p])))).map((p) => p.join('.'));
}

describe.each(cases)('report.html of %s', (_name, load) => {
  const r = load();
  const paths = stringPaths(r as unknown as Json);

  test('has string fields to plant in', () => {
    expect(paths.length).toBeGreaterThan(200);
  });

  test('with a script planted in every string field at once, shows it as text only', () => {
    const page = renderHtml(planted(r, paths));
    if (unescaped(page)) expect(culprits(r, paths)).toEqual([]);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain(ESCAPED);
  });

  // Planting every field at once changes every enum, so branches that test one (status, pricing,
  // category, design) fall away with the values they would show. Field by field keeps the others intact;
  // batched by index modulo three coprime counts, any two fields are apart in at least one batching.
  test.each([37, 41, 43])('with a script planted field by field (batched modulo %i), shows it as text only', (k) => {
    let escapedSomewhere = 0;
    for (let b = 0; b < k; b++) {
      const batch = paths.filter((_, i) => i % k === b);
      const page = renderHtml(planted(r, batch));
      if (unescaped(page)) expect(culprits(r, batch)).toEqual([]);
      expect(page).not.toMatch(/<script/i);
      if (page.includes(ESCAPED)) escapedSomewhere++;
    }
    // Each batch shows at least one planted field, for most batches: the plants reach the page.
    expect(escapedSomewhere).toBeGreaterThanOrEqual(Math.ceil(k * 0.7));
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderHtml } from '../../../simulator/report/html';
import { renderMemo } from '../../../simulator/report/memo';
import { writeReports } from '../../../simulator/report/write';
import { writeResults } from '../../../simulator/results/file';
import { loadResults } from '../../../simulator/results/load';
import { RESULTS_SCHEMA_VERSION, resultsSchema } from '../../../simulator/results/results';
import { validateResults } from '../../../simulator/results/validate';
import { FIXTURE_DIR, fixture, type FixtureName } from '../report/fixtures';

/** results.json files written by schemaVersion 1 (frozen copies: build-fixtures.ts writes the current version). */
const V1 = (name: FixtureName) => path.join(FIXTURE_DIR, 'v1', `${name}.results.json`);
/** How the tests read a results file: the one reader, as `scalesim report` reads it. */
const read = (file: string) => loadResults(file, { incomplete: 'warn', purpose: 'show it' });
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('results contract: schemaVersion 1 files still render', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-results-v1-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test.each(['baseline-complete', 'baseline-incomplete'] as const)('%s: validates after migration and writes report.md and report.html', (name) => {
    expect(readJson(V1(name)).schemaVersion).toBe(1);
    const r = read(V1(name));
    expect(r.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(r.migratedFrom).toEqual({ schemaVersion: 1, dropped: [] });

    const dir = path.join(tmp, name);
    const files = writeReports(dir, r);
    expect(files.map((f) => path.basename(f))).toEqual(['report.md', 'report.html']);
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(md).toContain('results.json was written with schema 1 and migrated to schema 2 on read; nothing was left out.');
    expect(html).toContain('results.json was written with schema 1 and migrated to schema 2 on read; nothing was left out.');

    // Apart from that sentence, the old file renders exactly as the same run written with the current
    // version. The fixture builder's own file now carries fields a version 1 writer never wrote (the
    // projection's intervals, calibration and workload cost), so the same run is the v1 content itself,
    // stamped with the current version and read through the current schema (no migration).
    const current = validateResults({ ...readJson(V1(name)), schemaVersion: RESULTS_SCHEMA_VERSION }, `${name} as version ${RESULTS_SCHEMA_VERSION}`);
    expect(current.migratedFrom).toBeUndefined();
    const note = /\n- results\.json was written with schema 1[^\n]*/;
    expect(md.replace(note, '')).toBe(renderMemo(current));
    expect(html.replace(/\n<li>results\.json was written with schema 1[^\n]*<\/li>/, '')).toBe(renderHtml(current));
  });

  test('a v1 section of an unrecognised shape is left out and named, the rest still renders', () => {
    const raw = readJson(V1('baseline-complete')) as { designs: { distributed: Record<string, unknown> }; model: { crossover: { faster: Record<string, unknown> } } };
    raw.designs.distributed.cost = { perRunUsd: 'cheap' };
    // v1 writers before `holds` existed: the migration derives it from the volume.
    delete raw.model.crossover.faster.holds;
    const r = validateResults(raw, 'old.json');
    expect(r.designs.distributed!.cost).toBeUndefined();
    expect(r.designs['single-node']!.cost?.perRunUsd).toBeGreaterThan(0);
    expect(r.migratedFrom!.dropped).toEqual(['designs.distributed.cost.perRunUsd: Invalid input: expected number, received string']);
    expect(r.model!.crossover.faster.holds).toBe(r.model!.crossover.faster.volume === null ? 'nowhere' : 'above');
    expect(renderMemo(r)).toContain('sections of an unrecognised shape were left out: designs.distributed.cost.perRunUsd: Invalid input: expected number, received string.');
  });

  test('a v1 file whose required part is broken is refused with the path, not migrated into something else', () => {
    const raw = readJson(V1('baseline-complete')) as { workload: Record<string, unknown> };
    raw.workload.events = -1;
    expect(() => validateResults(raw, 'old.json')).toThrow(/^old\.json: not a scalesim results file \(workload\.events: got -1, expected >= 0\)$/);
  });
});

describe('results contract: the current version', () => {
  test.each(['baseline-complete', 'baseline-no-model', 'baseline-incomplete'] as const)('%s: round-trips through writeResults and loadResults unchanged', (name) => {
    const r = fixture(name);
    expect(r.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(r.migratedFrom).toBeUndefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-results-'));
    try {
      expect(read(writeResults(dir, r))).toEqual(r);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every section is typed: a wrong shape in any of them is refused with its path', () => {
    const good = readJson(path.join(FIXTURE_DIR, 'baseline-complete.results.json'));
    /** Sets (or, with `undefined`, deletes) the value at a dotted path of a copy of `good`. */
    const edited = (at: string, value: unknown) => {
      const r = structuredClone(good);
      const keys = at.split('.');
      const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, r);
      if (value === undefined) delete parent[keys[keys.length - 1]!];
      else parent[keys[keys.length - 1]!] = value;
      return r;
    };
    const cases: [string, unknown, RegExp][] = [
      ['designs.distributed.cost.perRunUsd', '1', /designs\.distributed\.cost\.perRunUsd: got "1", expected number/],
      ['designs.distributed.access.summary.blastRadiusScore', null, /designs\.distributed\.access\.summary\.blastRadiusScore/],
      ['designs.single-node.quality.drift', undefined, /designs\.single-node\.quality\.drift/],
      ['designs.distributed.faults', { retries: 1 }, /designs\.distributed\.faults\.injected/],
      ['model.crossover.faster.holds', 'sometimes', /model\.crossover\.faster\.holds/],
      ['comparison.access.smallerBlastRadius', 'both', /comparison\.access\.smallerBlastRadius/],
      ['designs.distributed.profile.invocations.cold', -1, /designs\.distributed\.profile\.invocations\.cold/],
      ['designs.distributed.usage.s3.putRequests', 1.5, /designs\.distributed\.usage\.s3\.putRequests/],
      ['accessProbe', { target: 'x' }, /accessProbe\.probePrincipal/],
      ['designs.distributed.cost.discountUsd', 1, /designs\.distributed\.cost: unknown key 'discountUsd'; allowed: perRunUsd, /],
      ['designs.distributed.runDataDeleted', { objects: -1, bytes: 0 }, /designs\.distributed\.runDataDeleted\.objects/],
      ['workload.outputCompression', 'zstd', /workload\.outputCompression/],
    ];
    for (const [at, value, message] of cases) expect(() => validateResults(edited(at, value), 'x.json')).toThrow(message);
    expect(resultsSchema.safeParse(good).success).toBe(true);
  });

  test('a file written before outputs were compressed says so: its outputs, and the spec it ran, were plain NDJSON', () => {
    const raw = readJson(path.join(FIXTURE_DIR, 'baseline-complete.results.json')) as { workload: Record<string, unknown>; scenario: { spec: { workload: Record<string, unknown> } } };
    delete raw.workload.outputCompression;
    delete raw.scenario.spec.workload.outputCompression;
    const old = validateResults(raw, 'old.json');
    expect(old.workload.outputCompression).toBe('none');
    // Not the scenario schema's default (gzip), which would misstate the run's stored bytes.
    expect(old.scenario.spec.workload.outputCompression).toBe('none');
    expect(old.migratedFrom).toBeUndefined();
    expect(renderMemo(old)).toMatch(/NDJSON \(measured; outputs plain\)/);
    expect(read(V1('baseline-complete')).scenario.spec.workload.outputCompression).toBe('none');

    raw.workload.outputCompression = 'gzip';
    raw.scenario.spec.workload.outputCompression = 'gzip';
    const now = validateResults(raw, 'new.json');
    expect([now.workload.outputCompression, now.scenario.spec.workload.outputCompression]).toEqual(['gzip', 'gzip']);
    expect(renderMemo(now)).toMatch(/NDJSON \(measured; outputs gzip\)/);
  });

});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { exec } from '../../../simulator/cli/main';
import { descendants } from '../../../simulator/emulator/process-tree';
import { countWords } from '../../../simulator/report/markdown';
import { MEMO_HEADINGS, MEMO_WORDS } from '../../../simulator/report/memo';
import { resultsSchema, type Results } from '../../../simulator/results/results';
import { DATA_CACHE_DIR } from '../../../simulator/run/data-cache';
import { testDeps } from '../cli-test-deps';
import { handBuiltSample } from '../infer/hand-built-sample';

/**
 * Real data in, end to end on the embedded moto emulator: a sample built by hand (not by the generator)
 * with a marker planted in its strings, `scalesim scenario infer` on it, `workload.source` added, and
 * `scalesim run` replaying the sample through both designs. The accounting and the ground truth hold,
 * the memo shows the measured synthetic-vs-sample table, and the marker appears nowhere in
 * results.json, report.md or report.html.
 */

const MARKER = 'zqmark7x';
const EVENTS = 4000;
const PARTITIONS = 4;

describe('scalesim run replaying a sample of real events (moto)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-sample-e2e-'));
  const at = (...p: string[]) => path.join(dir, ...p);
  const output: string[] = [];
  let inferCode: number;
  let code: number;
  let results: Results;
  let cacheBefore: string[];
  const sample = handBuiltSample({ lines: 6000, duplicate: 0.01, corrupt: 0.01, late: 0.03, drift: 0.02, lineageMissing: 0.01, crossAccount: 0.01 }, 23, MARKER);

  beforeAll(async () => {
    fs.mkdirSync(at('sample'));
    fs.writeFileSync(at('sample', 'day-1.ndjson.gz'), zlib.gzipSync(`${sample.lines.slice(0, 3000).join('\n')}\n`));
    fs.writeFileSync(at('sample', 'day-2.ndjson.gz'), zlib.gzipSync(`${sample.lines.slice(3000).join('\n')}\n`));
    inferCode = await exec(['scenario', 'infer', at('sample'), '--out', at('real.yaml'), '--quiet'], testDeps(output));
    fs.writeFileSync(at('real.yaml'), fs.readFileSync(at('real.yaml'), 'utf8').replace(/^( {2}schemaRegistry: .*)$/m, '$1\n  source: { sample: sample, mode: resample }'));
    cacheBefore = fs.existsSync(DATA_CACHE_DIR) ? fs.readdirSync(DATA_CACHE_DIR) : [];
    code = await exec(['run', at('real.yaml'), '--events', String(EVENTS), '--partitions', String(PARTITIONS), '--out', at('out'), '--quiet'], testDeps(output));
    results = JSON.parse(fs.readFileSync(at('out', 'results.json'), 'utf8')) as Results;
  }, 300_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the marker really is in the sample the run read', () => {
    expect(inferCode).toBe(0);
    expect(sample.lines.filter((l) => l.includes(MARKER)).length).toBe(sample.lines.length);
  });

  test('completes on both designs, results.json valid', () => {
    expect({ code, status: results.status, reason: results.incompleteReason }).toEqual({ code: 0, status: 'complete', reason: undefined });
    const parsed = resultsSchema.safeParse(results);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
  });

  test.each(['single-node', 'distributed'] as const)('%s: accounting and the ground truth from the sample hold', (design) => {
    const d = results.designs[design]!;
    expect(d.executionStatus).toBe('SUCCEEDED');
    // `violations` includes the check against the manifest's ground truth (the sample's classification).
    expect({ holds: d.accounting.invariantHolds, violations: d.accounting.violations, missing: d.accounting.missingPartitions }).toEqual({ holds: true, violations: [], missing: [] });
    expect(d.accounting.input).toBe(EVENTS);
    expect(d.accounting.curated + d.accounting.quarantined + d.accounting.duplicatesDropped).toBe(EVENTS);
    expect(d.accounting.duplicatesDropped).toBeGreaterThan(0);
    expect(d.accounting.quarantined).toBeGreaterThan(0);
  });

  test('both designs count the same on the same replayed data', () => {
    expect(results.designs.distributed!.accounting.partitions).toEqual(results.designs['single-node']!.accounting.partitions);
    expect(JSON.stringify(results.designs.distributed!.quality)).toBe(JSON.stringify(results.designs['single-node']!.quality));
  });

  test('results.json records the sample by hash and aggregates, and the measured proxy-data limits', () => {
    expect(results.workload.sample).toMatchObject({ files: 2, lines: 6000, poolRecords: 6000 - sample.truth.duplicates, duplicates: sample.truth.duplicates, mapped: false });
    const p = results.proxyDataLimits!;
    expect(p.sample.events).toBe(EVENTS);
    expect(p.synthetic?.events).toBe(EVENTS);
    expect(p.sample.cpuPerEventUsTotal).toBeGreaterThan(0);
    expect(p.projected?.sample.runtimeMs['single-node'].mid).toBeGreaterThan(0);
    expect(p.projected?.synthetic?.costUsd.distributed.mid).toBeGreaterThan(0);
    // The sample side is the run's own model at the run's volume: its crossover is the model's, fixed costs included.
    const own = results.model!.crossover;
    // Point crossovers only: the model's own sentence also states the Monte Carlo intervals.
    expect(p.projected?.sample.crossover).toEqual({
      faster: { volume: own.faster.volume, holds: own.faster.holds },
      cheaper: { volume: own.cheaper.volume, holds: own.cheaper.holds },
      singleNodeInfeasible: { volume: own.singleNodeInfeasible.volume, holds: own.singleNodeInfeasible.holds },
      sentence: expect.stringContaining('per month (fixed costs included)'),
    });
    expect(own.sentence).toContain('per month (fixed costs included)');
  });

  test('the memo shows the synthetic-vs-sample table', () => {
    const md = fs.readFileSync(at('out', 'report.md'), 'utf8');
    expect(md).toContain('|  | synthetic (proxy) | sample (real) | sample ÷ synthetic |');
    for (const row of ['CPU µs/event: decompress / parse / validate / aggregate / write; total, measured', 'Bytes/event: NDJSON; stored, measured', 'Compression ratio (gzip level 6), measured', 'Quarantine rate, measured', 'AWS runtime at 4k events: single-node; distributed, projected', 'AWS usage cost per run: single-node; distributed, projected', 'Crossover: distributed cheaper; required, projected']) {
      expect(md).toContain(`| ${row} |`);
    }
    expect(md).not.toContain('Real data would move');
    // The table counts towards the memo's word target like any other text (countWords reads table cells).
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([...MEMO_HEADINGS]);
    expect(countWords(md)).toBeGreaterThanOrEqual(MEMO_WORDS.min);
    expect(countWords(md)).toBeLessThanOrEqual(MEMO_WORDS.max);
    expect(fs.readFileSync(at('out', 'report.html'), 'utf8')).toContain('Proxy-data limits: synthetic vs sample');
  });

  test('no sample string appears in results.json, report.md or report.html', () => {
    for (const f of ['results.json', 'report.md', 'report.html']) {
      const text = fs.readFileSync(at('out', f), 'utf8').toLowerCase();
      expect({ file: f, found: text.includes(MARKER) }).toEqual({ file: f, found: false });
    }
  });

  test("the replayed sample's copy is not left in the data cache", () => {
    const after = fs.existsSync(DATA_CACHE_DIR) ? fs.readdirSync(DATA_CACHE_DIR) : [];
    expect(after.filter((e) => !cacheBefore.includes(e))).toEqual([]);
  });

  test('the emulator left no process behind', () => {
    const left = descendants(process.pid).filter((pid) => fs.existsSync(`/proc/${pid}`));
    expect(left).toEqual([]);
  });
});

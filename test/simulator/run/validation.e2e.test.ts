import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec } from '../../../simulator/cli/main';
import { descendants, isAlive } from '../../../simulator/emulator/process-tree';
import { resultsSchema, type Results } from '../../../simulator/results/results';
import { validationVolumes } from '../../../simulator/run/validate-volumes';
import { testDeps } from '../cli-test-deps';

/**
 * `scalesim run` validates by default: both designs deployed once, run at three volumes on the same
 * stacks, the middle volume held out of the fit and predicted. Small volumes, so it stays quick.
 */
const SCENARIO = path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml');
const EVENTS = 6_000;
const PARTITIONS = 3;

describe('validation volumes', () => {
  test('about 1/8 and 1/4 of the partitions (at least two) at the scenario partition size, then the scenario itself; the middle one held out', () => {
    expect(validationVolumes(1_000_000, 32)).toEqual([
      { events: 125_000, partitions: 4, heldOut: false },
      { events: 250_000, partitions: 8, heldOut: true },
      { events: 1_000_000, partitions: 32, heldOut: false },
    ]);
    expect(validationVolumes(200_000_000, 2000).map((v) => v.partitions)).toEqual([250, 500, 2000]);
    expect(validationVolumes(80_000, 4).map((v) => v.partitions)).toEqual([2, 3, 4]);
    // Fewer than four partitions: smaller volumes in the same partitions.
    expect(validationVolumes(6_000, 3)).toEqual([
      { events: 1_500, partitions: 3, heldOut: false },
      { events: 3_000, partitions: 3, heldOut: true },
      { events: 6_000, partitions: 3, heldOut: false },
    ]);
  });
});

describe(`scalesim run validates by default (${EVENTS} events)`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-validate-'));
  const output: string[] = [];
  let code: number;
  let results: Results;

  beforeAll(async () => {
    code = await exec(['run', SCENARIO, '--events', String(EVENTS), '--partitions', String(PARTITIONS), '--out', dir, '--quiet'], testDeps(output));
    results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 0 with a complete, valid results.json for the scenario volume', () => {
    expect({ code, out: output.join('') }).toEqual({ code: 0, out: expect.stringMatching(/held out: single-node at 3000 events: measured \d+ ms \/ predicted \d+ ms = [\d.]+ \(target ±15%\)/) });
    expect(results.status).toBe('complete');
    expect(results.workload.events).toBe(EVENTS);
    expect(resultsSchema.safeParse(results).success).toBe(true);
  });

  test('three volumes measured for each design on one deployment, the middle one held out and predicted', () => {
    const m = results.model!;
    const points = m.measuredPoints.map((p) => `${p.design}@${p.events}${p.heldOut ? '*' : ''}`).sort();
    expect(points).toEqual(['distributed@1500', 'distributed@3000*', 'distributed@6000', 'single-node@1500', 'single-node@3000*', 'single-node@6000'].sort());
    expect(m.validation.heldOut.map((h) => h.design).sort()).toEqual(['distributed', 'single-node']);
    for (const h of m.validation.heldOut) {
      expect(h.events).toBe(3000);
      expect(h.measuredMs).toBeGreaterThan(0);
      expect(h.predictedMs).toBeGreaterThan(0);
      expect(h.ratio).toBeCloseTo(h.measuredMs / h.predictedMs, 2);
    }
    expect(m.validation.method).toMatch(/line in volume/);
  });

  test('both designs use the same workload CPU per event, from the isolated calibration', () => {
    const wc = results.model!.workloadCost!;
    expect(wc.repeats).toBeGreaterThanOrEqual(4);
    expect(wc.cpuPerEventMs.low).toBeLessThanOrEqual(wc.cpuPerEventMs.value);
    expect(wc.cpuPerEventMs.value).toBeLessThanOrEqual(wc.cpuPerEventMs.high);
    for (const d of ['single-node', 'distributed'] as const) expect(results.designs[d]!.runtime.projectedAws!.cpuPerEventMs).toBe(wc.cpuPerEventMs.value);
  });

  test('bands, crossover intervals and sourced assumptions in results.json', () => {
    const m = results.model!;
    for (const d of ['single-node', 'distributed'] as const) {
      const p = results.designs[d]!.runtime.projectedAws!;
      expect(p.lowMs).toBeLessThanOrEqual(p.wallMs);
      expect(p.highMs).toBeGreaterThanOrEqual(p.wallMs);
      expect(p.p95Ms).toBeDefined();
      expect(p.costUsd!.low).toBeLessThanOrEqual(p.costUsd!.high);
    }
    for (const k of ['faster', 'cheaper', 'singleNodeInfeasible'] as const) {
      expect(typeof m.crossover[k].low).toBe('number');
      expect(typeof m.crossover[k].high).toBe('number');
    }
    for (const a of m.assumptions) {
      // A run writes every assumption with its source (plain sentences are only in older files).
      if (typeof a === 'string') throw new Error(`an assumption without a source: ${a}`);
      expect(a.source).not.toMatch(/^\s*assumption\b/i);
      expect(a.source.length).toBeGreaterThan(20);
    }
    expect(m.calibration!.file).toBe(path.join('calibration', 'aws-us-east-1.yaml'));
    expect(m.uncertainty!.seed).toBe(results.scenario.seed);
  });

  test('the memo has a Validation section with the held-out error, lists the AWS constants and never says unknown', () => {
    const memo = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(memo).toMatch(/### Validation\n\nHeld out at 3k events: single-node [\d.]+ m?s measured vs [\d.]+ m?s predicted \((?:[+-][\d.]+|±0)%\), distributed/);
    expect(memo).toMatch(/\*\*AWS constants\*\* \(`calibration\/aws-us-east-1\.yaml`/);
    expect(memo).not.toMatch(/unknown/i);
  });

  test('no process left behind (emulator, execution environments, calibration worker)', () => {
    const left = descendants(process.pid).filter(isAlive);
    expect(left).toEqual([]);
  });
});

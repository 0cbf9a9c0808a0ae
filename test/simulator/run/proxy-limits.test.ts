import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { loadReplayPool, type ReplayPool } from '../../../simulator/generate/replay';
import { projectSide, syntheticRates } from '../../../simulator/model/proxy-projection';
import { findCrossover, logGrid, projectors } from '../../../simulator/model/crossover';
import { resolveCalibration } from '../../../simulator/model/calibration';
import { loadCalibration } from '../../../simulator/run/calibration-file';
import { loadPriceSnapshot } from '../../../simulator/cost/prices/load';
import { priceTableFromSnapshot } from '../../../simulator/cost/prices/table';
import type { WorkloadRates } from '../../../simulator/model/project-aws';
import { measureProxySides } from '../../../simulator/run/proxy-limits';
import { listSampleFiles, sampleSha256 } from '../../../simulator/sample/files';
import { validateScenario } from '../../../simulator/scenario/load';
import type { Scenario } from '../../../simulator/scenario/schema';
import { HAND_REGISTRY, handBuiltSample } from '../infer/hand-built-sample';

/** The in-process measurement of both sides, and how the synthetic side's projection is scaled. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-proxy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('measureProxySides', () => {
  let pool: ReplayPool;
  let scenario: Scenario;
  beforeAll(async () => {
    const built = handBuiltSample({ lines: 5000, duplicate: 0.01, corrupt: 0.02, late: 0.03, drift: 0.04, lineageMissing: 0.01, crossAccount: 0.01 }, 9);
    fs.writeFileSync(path.join(dir, 'sample.ndjson'), `${built.lines.join('\n')}\n`);
    const files = listSampleFiles([path.join(dir, 'sample.ndjson')], dir);
    const h = await sampleSha256(files);
    pool = await loadReplayPool(files, HAND_REGISTRY, { slaMinutes: 60, seed: 3, sha256: h.sha256, bytes: h.bytes });
    const base = YAML.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    // A synthetic counterpart with clearly different rates: 10% corrupt, so the proxy's quarantine rate differs.
    scenario = validateScenario({
      ...base,
      seed: 3,
      workload: { ...base.workload, events: 4000, partitions: 2, datasets: 2, pipelines: 2, corruptRate: 0.1, eventSize: { distribution: 'fixed', medianBytes: 120 }, schemaRegistry: 'registry.json', source: { sample: 'sample.ndjson', mode: 'resample' } },
    });
  });

  it('measures both sides on equal-size sets with the same processor', async () => {
    const m = await measureProxySides({ scenario, registry: HAND_REGISTRY, pool, repeats: 2 });
    expect(m).toMatchObject({ partitions: 2, repeats: 2 });
    expect(m.synthetic!.events).toBe(4000);
    expect(m.sample.events).toBe(4000);
    for (const side of [m.sample, m.synthetic!]) {
      expect(side.cpuPerEventUsTotal).toBeGreaterThan(0);
      expect(side.cpuPerEventUs.parse).toBeGreaterThan(0);
      expect(side.compressionRatio).toBeGreaterThan(1);
      expect(side.cpuPerEventUsRange[0]).toBeLessThanOrEqual(side.cpuPerEventUsTotal);
      expect(side.cpuPerEventUsRange[1]).toBeGreaterThanOrEqual(side.cpuPerEventUsTotal);
    }
    // What each side is made of shows through: 10% corrupt synthetic events against the sample's ~6% quarantined.
    expect(m.synthetic!.quarantineRate).toBeGreaterThan(0.08);
    expect(m.sample.quarantineRate).toBeGreaterThan(0.02);
    expect(m.sample.quarantineRate).toBeLessThan(0.08);
    // The sample's lines are ~570 bytes; a fixed 120-byte payload makes shorter synthetic lines.
    expect(m.sample.bytesPerEvent).toBeGreaterThan(m.synthetic!.bytesPerEvent);
  });

  it('counts bytes, compression and quarantine deterministically (only the times vary)', async () => {
    const [a, b] = [await measureProxySides({ scenario, registry: HAND_REGISTRY, pool, repeats: 1 }), await measureProxySides({ scenario, registry: HAND_REGISTRY, pool, repeats: 1 })];
    const fixed = (x: typeof a.sample) => ({ ...x, cpuPerEventUs: undefined, cpuPerEventUsTotal: undefined, cpuPerEventUsRange: undefined });
    expect(fixed(a.sample)).toEqual(fixed(b.sample));
    expect(fixed(a.synthetic!)).toEqual(fixed(b.synthetic!));
  });
});

const ASSUMPTIONS = resolveCalibration(loadCalibration({ region: 'us-east-1' }).profile, { lambdaPackageMb: 1.5 }).assumptions;

const RATES: WorkloadRates = {
  cpuPerEventMs: 0.02,
  cpuPerEventLowMs: 0.018,
  cpuPerEventHighMs: 0.024,
  cpuSource: 'test rates',
  cpuPerPartitionMs: 5,
  warmupCpuMs: 200,
  rawBytesPerEvent: 100,
  outBytesPerEvent: 700,
  putsPerPartition: 5,
  logBytesPerInvocation: 400,
  memoryBaseMb: 100,
  memoryPerEventMb: 0.001,
};

describe('syntheticRates', () => {
  const rates = RATES;
  const side = (cpu: number, bytes: number, stored: number, out: number) => ({ cpuPerEventUsTotal: cpu, bytesPerEvent: bytes, storedBytesPerEvent: stored, outBytesPerEvent: out });

  it('scales the workload terms by synthetic/sample and keeps the platform terms', () => {
    const s = syntheticRates(rates, side(10, 500, 50, 600), side(20, 1000, 100, 1200));
    expect(s).toEqual({ ...rates, cpuPerEventMs: 0.01, cpuPerEventLowMs: 0.009, cpuPerEventHighMs: 0.012, rawBytesPerEvent: 50, outBytesPerEvent: 350, memoryPerEventMb: 0.0005 });
  });
});

describe('projectSide', () => {
  const rates = RATES;
  const base = YAML.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'), 'utf8')) as Record<string, unknown>;
  const scenario = validateScenario(base);
  const prices = priceTableFromSnapshot(loadPriceSnapshot({ region: scenario.region }).snapshot);
  const volume = scenario.workload.events;
  const projectTo = 1e9;

  it("compares monthly totals, the templates' fixed costs included, exactly as the run's own crossover does", () => {
    // Distributed carries a large fixed cost (e.g. interface endpoints): per month it is cheaper at fewer volumes than per run.
    const monthly = { fixedMonthlyUsd: { 'single-node': 5, distributed: 200 }, runsPerMonth: scenario.schedule.runsPerMonth };
    const perRun = projectSide(rates, scenario, prices, { volume, projectTo, assumptions: ASSUMPTIONS });
    const perMonth = projectSide(rates, scenario, prices, { volume, projectTo, assumptions: ASSUMPTIONS, monthly });
    const own = findCrossover(logGrid(Math.min(1e4, volume), projectTo), projectors(scenario, rates, ASSUMPTIONS, prices), monthly);
    expect(perMonth.crossover.cheaper).toEqual({ volume: own.cheaper.volume, holds: own.cheaper.holds });
    expect(perMonth.crossover.sentence).toBe(own.sentence);
    expect(perMonth.crossover.sentence).toContain('cheaper per month (fixed costs included)');
    expect(perMonth.crossover.cheaper).not.toEqual(perRun.crossover.cheaper);
    // Runtime and per-run usage cost do not depend on the fixed costs.
    expect(perMonth.runtimeMs).toEqual(perRun.runtimeMs);
    expect(perMonth.costUsd).toEqual(perRun.costUsd);
  });
});

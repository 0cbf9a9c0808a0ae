import { findCrossover, type Projector } from '../../../simulator/model/crossover';
import { decisionMap } from '../../../simulator/model/decision-map';

/** A projection with a fixed cost per event and an SLA limit, in the shape the real projectors return. */
function projector(usdPerEvent: number, usdPerRun: number, infeasibleFrom = Infinity): Projector {
  return (events) => ({
    runtimeMs: { mid: events, low: events, high: events },
    costUsd: { mid: usdPerRun + usdPerEvent * events, low: 0, high: 0 },
    infeasible: events >= infeasibleFrom ? 'SLA missed' : null,
    configuration: '',
    cpuPerEventMs: 0,
    usage: { stepFunctions: { standardTransitions: 0 }, s3: { putRequests: 0, listRequests: 0, getRequests: 0, storedBytes: 0 }, logs: { ingestedBytes: 0 } },
  });
}

// Single-node: $45 a month fixed, cheap per run; distributed: $1.40 fixed, dearer per run.
const P = { 'single-node': projector(1e-9, 0.002, 1e9), distributed: projector(3e-9, 0.001) };
const FIXED = { 'single-node': 45, distributed: 1.4 };

describe('decisionMap', () => {
  it('compares fixed + runs × per run in each cell, with the SLA of each design', () => {
    const m = decisionMap(P, FIXED, [1e6, 1e9], [30, 730], { events: 1e6, runsPerMonth: 30 });
    const cell = m.cells[0][0];
    // single-node: 45 + 30 × (0.002 + 0.001) = 45.09; distributed: 1.4 + 30 × (0.001 + 0.003) = 1.52.
    expect(cell.monthlyUsd['single-node']).toBeCloseTo(45.09, 10);
    expect(cell.monthlyUsd.distributed).toBeCloseTo(1.52, 10);
    expect(cell).toMatchObject({ cheaper: 'distributed', choice: 'distributed', meetsSla: { 'single-node': true, distributed: true } });
    // At 1B events single-node misses the SLA: distributed is the choice whatever it costs.
    expect(m.cells[1][1]).toMatchObject({ meetsSla: { 'single-node': false, distributed: true }, choice: 'distributed' });
    expect(m.scenario).toEqual(cell);
  });

  it('the break-even runs a month at the scenario volume: (45 − 1.4) / (0.004 − 0.003) = 43,600', () => {
    const m = decisionMap(P, FIXED, [1e6], [30], { events: 1e6, runsPerMonth: 30 });
    expect(m.breakEvenRunsPerMonth).toBeCloseTo(43_600, 6);
    expect(decisionMap(P, { 'single-node': 0, distributed: 1.4 }, [1e6], [30], { events: 1e6, runsPerMonth: 30 }).breakEvenRunsPerMonth).toBeNull();
  });

  it('refuses a fixed cost that is not a number', () => {
    expect(() => decisionMap(P, { 'single-node': NaN, distributed: 0 }, [1e6], [30], { events: 1e6, runsPerMonth: 30 })).toThrow(/fixed monthly cost of single-node must be a finite number >= 0, got NaN/);
  });
});

describe('findCrossover with monthly totals', () => {
  it('per run alone distributed is cheaper only below 500k events; with the fixed costs, up to the volume where 30 runs of per-run savings pay the $43.60', () => {
    const volumes = [1e4, 1e6, 1e8, 1e10];
    // 0.002 + 1e-9 v = 0.001 + 3e-9 v  =>  v = 500k.
    const perRun = findCrossover(volumes, P).cheaper;
    expect(perRun.holds).toBe('below');
    expect(perRun.volume! / 500e3).toBeCloseTo(1, 2);
    const c = findCrossover(volumes, P, { fixedMonthlyUsd: FIXED, runsPerMonth: 30 });
    // 45 + 30(0.002 + 1e-9 v) = 1.4 + 30(0.001 + 3e-9 v)  =>  v = (43.6 + 0.03) / (60e-9) ≈ 727M events.
    expect(c.cheaper.holds).toBe('below');
    expect(c.cheaper.volume! / 727.17e6).toBeCloseTo(1, 2);
    expect(c.sentence).toMatch(/is cheaper per month \(fixed costs included\) only below 7[23]\dM events/);
  });
});

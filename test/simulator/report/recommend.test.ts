import { completeResults, decisionFacts, deriveAlternatives, deriveComparison, deriveRecommendation, migrationVolume } from '../../../simulator/report/recommend';
import { comparisonOf } from '../../../simulator/report/views';
import { fixture, variant } from './fixtures';

describe('completeResults', () => {
  it('fills comparison, alternatives and recommendation and keeps comparison.access', () => {
    const raw = fixture('baseline-complete');
    expect(raw.recommendation).toBeUndefined();
    const done = completeResults(raw);
    expect(done.recommendation).toBeDefined();
    expect(done.alternatives!.length).toBeGreaterThanOrEqual(2);
    const c = comparisonOf(done)!;
    expect(c.fasterDesign).toBe('distributed');
    expect(c.cheaperDesign).toBe('single-node');
    expect(c.qualityEqual).toBe(true);
    expect(c.access?.smallerBlastRadius).toBe('distributed');
  });

  it('keeps what the writer set and does not modify its input', () => {
    const raw = variant('baseline-complete', (r) => {
      r.recommendation = { decision: 'set by hand', recommended_option: 'x', minimum_evidence_before_pilot: [], monitoring_metric: 'm', rollback_trigger: 't' };
      r.alternatives = [{ option: 'o', strength: 's', risk: 'r', evidence: 'e' }];
    });
    const before = JSON.stringify(raw);
    const done = completeResults(raw);
    expect(done.recommendation!.decision).toBe('set by hand');
    expect(done.alternatives).toEqual([{ option: 'o', strength: 's', risk: 'r', evidence: 'e' }]);
    expect(JSON.stringify(raw)).toBe(before);
  });

  it('is idempotent', () => {
    const once = completeResults(fixture('baseline-no-model'));
    expect(completeResults(once)).toEqual(once);
  });

  it('keeps the seed key names', () => {
    const done = completeResults(fixture('baseline-complete'));
    expect(Object.keys(done.recommendation!).sort()).toEqual(['decision', 'minimum_evidence_before_pilot', 'monitoring_metric', 'recommended_option', 'rollback_trigger']);
    for (const a of done.alternatives!) expect(Object.keys(a).sort()).toEqual(['evidence', 'option', 'risk', 'strength']);
  });
});

describe('deriveRecommendation', () => {
  it('keeps single-node at the baseline, with the projected boundary and a migration trigger at half of it', () => {
    const r = fixture('baseline-complete');
    const rec = deriveRecommendation(r);
    expect(rec.recommended_option).toMatch(/^single-node/);
    expect(rec.decision).toMatch(/^Keep the single-node design at 1M events per run: 67\.1 s \(59\.1 s–75\.2 s\) projected/);
    expect(rec.decision).toMatch(/above ≈320M events per run \(projected\)/);
    expect(migrationVolume(decisionFacts(r))).toBe(160e6);
    expect(rec.rollback_trigger).toMatch(/longer than 15 min \(half the SLA\) or events per run exceed 160M/);
  });

  it('is provisional without a projection, and points to a validated run', () => {
    const rec = deriveRecommendation(fixture('baseline-no-model'));
    expect(rec.decision).toMatch(/^Provisionally keep the single-node design/);
    expect(rec.decision).toMatch(/a complete `scalesim run scenarios\/baseline\.yaml` \(validation is on by default\) measures three volumes/);
    expect(rec.minimum_evidence_before_pilot.join('\n')).toMatch(/A complete run with a held-out error within ±15%: `scalesim run scenarios\/baseline.yaml`/);
  });

  it('is provisional when the model has no held-out volume', () => {
    const r = variant('baseline-complete', (x) => {
      x.model!.validation = { targetPct: 15, heldOut: [], withinTarget: false, note: 'no held-out volume was measured, so the prediction error is unknown' };
    });
    const rec = deriveRecommendation(r);
    expect(rec.decision).toMatch(/^Provisionally keep/);
    expect(rec.minimum_evidence_before_pilot.join('\n')).toMatch(/this model was fitted to one volume, so its error was not measured/);
  });

  it('recommends nothing for an incomplete run', () => {
    const rec = deriveRecommendation(fixture('baseline-incomplete'));
    expect(rec.decision).toMatch(/^No decision: this run is INCOMPLETE/);
    expect(rec.recommended_option).toBe('none until a complete run exists');
    expect(rec.minimum_evidence_before_pilot[0]).toMatch(/A complete run of `npx scalesim run scenarios\/baseline-faults\.yaml`/);
  });

  it('recommends nothing when only one design ran', () => {
    const r = variant('baseline-no-model', (x) => {
      delete x.designs.distributed;
    });
    expect(deriveRecommendation(r).decision).toMatch(/^No decision: only single-node ran/);
    expect(deriveComparison(r)).toBeUndefined();
  });

  it('adopts distributed when single-node is infeasible at the scenario volume', () => {
    const r = variant('baseline-complete', (x) => {
      x.workload.events = 5e8;
      // 500M events cost about $6 per run on either design: a budget that allows it.
      x.scenario.spec.budget = { perRunUsd: 20, perMonthUsd: 1000 };
    });
    const rec = deriveRecommendation(r);
    expect(rec.recommended_option).toMatch(/^distributed/);
    expect(rec.decision).toMatch(/^Adopt the distributed design at 500M events per run/);
    expect(rec.decision).toMatch(/Single-node is not feasible at 500M events \(SLA missed: 46\.8 min on 16 vCPU/);
  });

  it('adopts the cheaper design when the difference is beyond the tie band', () => {
    const r = variant('baseline-no-model', (x) => {
      (x.designs['single-node']!.cost as { perRunUsd: number }).perRunUsd = 0.05;
    });
    const rec = deriveRecommendation(r);
    expect(rec.decision).toMatch(/^Provisionally adopt the distributed design/);
    expect(rec.decision).toMatch(/distributed is cheaper/);
  });

  it('names the over-budget design as not feasible', () => {
    const r = variant('baseline-no-model', (x) => {
      const c = x.designs.distributed!.cost as { budget: { withinBudget: boolean } };
      c.budget.withinBudget = false;
    });
    expect(deriveRecommendation(r).decision).toMatch(/Distributed is not feasible at 1M events \(over budget: \$0\.0129 per run, \$0\.3860 per month, measured usage × list price\)/);
  });

  it('recommends neither when both miss the SLA', () => {
    const r = variant('baseline-no-model', (x) => {
      x.designs['single-node']!.runtime.measured.wallMs = 40 * 60_000;
      x.designs.distributed!.runtime.measured.wallMs = 41 * 60_000;
    });
    const rec = deriveRecommendation(r);
    expect(rec.recommended_option).toBe('none as configured');
    expect(rec.decision).toMatch(/^Neither design as configured: neither design is feasible/);
  });
});

describe('deriveComparison and deriveAlternatives', () => {
  it('compares on projected numbers when there is a model, and notes the emulator disagreeing', () => {
    const c = deriveComparison(fixture('baseline-complete'))!;
    expect(c.wallRatio).toBeCloseTo(67_115 / 5_179, 2);
    expect(c.notes.join('\n')).toMatch(/On the emulator single-node was faster \(31\.4 s vs 35\.3 s measured\)/);
  });

  it('flags unequal quality between designs', () => {
    const c = deriveComparison(fixture('baseline-incomplete'))!;
    expect(c.qualityEqual).toBe(false);
  });

  it('offers the staged option with a model, and a validated run without one', () => {
    expect(deriveAlternatives(fixture('baseline-complete')).map((a) => a.option)).toContain('staged: single-node now, distributed from 160M events per run');
    expect(deriveAlternatives(fixture('baseline-no-model')).at(-1)!.option).toMatch(/^defer: get a model first: a complete `scalesim run scenarios\/baseline\.yaml`/);
  });

  it('labels the evidence of an incomplete run', () => {
    for (const a of deriveAlternatives(fixture('baseline-incomplete')).slice(0, 2)) expect(a.evidence).toMatch(/^INCOMPLETE run: /);
  });
});

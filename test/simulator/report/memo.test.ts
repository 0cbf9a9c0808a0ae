import { countWords } from '../../../simulator/report/markdown';
import { MEMO_HEADINGS, MEMO_WORDS, renderMemo } from '../../../simulator/report/memo';
import { completeResults } from '../../../simulator/report/recommend';
import { fixture, type FixtureName, variant } from './fixtures';
import type { Results } from '../../../simulator/results/results';

const memo = (r: Results) => renderMemo(completeResults(r));
const memoOf = (name: FixtureName) => memo(fixture(name));

function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}

/** Value cells (not the row label) of the first Markdown table in `text`. */
function tableValueCells(text: string): string[] {
  const rows = text.split('\n').filter((l) => l.startsWith('|') && !/^\|[\s:|-]+\|$/.test(l));
  return rows.slice(1).flatMap((l) => l.split(/(?<!\\)\|/).slice(2, -1).map((c) => c.trim()));
}

describe.each(['baseline-complete', 'baseline-no-model', 'baseline-incomplete'] as const)('memo of %s', (name) => {
  const md = memoOf(name);

  it('has exactly the seven headings, in order', () => {
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([...MEMO_HEADINGS]);
  });

  it(`is ${MEMO_WORDS.min}–${MEMO_WORDS.max} words`, () => {
    const words = countWords(md);
    expect(words).toBeGreaterThanOrEqual(MEMO_WORDS.min);
    expect(words).toBeLessThanOrEqual(MEMO_WORDS.max);
  });

  it('labels every number in the Evidence table', () => {
    const cells = tableValueCells(section(md, 'Evidence')).filter((c) => /\d/.test(c));
    expect(cells.length).toBeGreaterThan(10);
    for (const c of cells) expect(c).toMatch(/\b(measured|projected|static|scenario)\b/);
  });

  it('names at least two failure modes, each with a mitigation', () => {
    const risks = section(md, 'Risks').split('\n').filter((l) => /^\d+\. \*\*/.test(l));
    expect(risks.length).toBeGreaterThanOrEqual(2);
    for (const r of risks) expect(r).toMatch(/\*Mitigation:\* \S/);
  });

  it('gives what a reviewer needs to reproduce it', () => {
    const r = fixture(name);
    const repro = section(md, 'Reproduce');
    expect(repro).toContain(r.command);
    expect(repro).toContain(r.scenario.hash);
    expect(repro).toContain(`seed ${r.scenario.seed}`);
    expect(repro).toContain('dated 2026-11');
    expect(repro).toMatch(/aws-cdk-lib 2\.276\.0/);
  });

  it('shows the seed recommendation fields and the alternatives table', () => {
    const rec = section(md, 'Recommendation');
    for (const k of ['decision', 'recommended_option', 'monitoring_metric', 'rollback_trigger', 'minimum_evidence_before_pilot']) expect(rec).toContain(`| ${k} |`);
    expect(rec).toContain('| option | strength | risk | evidence |');
  });

  it('is a pure function of the results', () => {
    expect(memoOf(name)).toBe(md);
  });
});

describe('memo content', () => {
  it('answers the question with the crossover numbers when there is a model', () => {
    const md = memoOf('baseline-complete');
    expect(section(md, 'Context')).toMatch(/The answer \(projected\): above ≈320M events per run\./);
    const ev = section(md, 'Evidence');
    expect(ev).toContain('Projected on AWS, distributed is faster at every projected volume, is cheaper only below 600k events');
    expect(ev).toContain('- Distributed faster at every projected volume.');
    expect(ev).toContain('- Distributed cheaper only below 600k events.');
    // The reasoning names the volume itself, so the bullet does not repeat it.
    expect(ev).toContain('- Single-node infeasible: 16 vCPU (USL speed-up 10.2×) plus 38 s start-up exceeds the 30-minute SLA above ≈320M events.');
    expect(ev).toMatch(/- single-node: \*\*cpu-bound\*\* \(measured\): parse \+ validate/);
    expect(ev).toMatch(/\*\*Validation \(held out\)\.\*\* single-node at 300k events 11\.8 s measured vs 11\.1 s predicted, distributed at 300k events 11\.5 s measured vs 12\.1 s predicted: within ±15%/);
    expect(ev).toMatch(/- single-node: \*\*cpu-bound\*\*/);
    expect(ev).toMatch(/- distributed: \*\*cold-start-bound\*\*/);
  });

  it('says plainly that there is no crossover without a model, and how to get one', () => {
    const md = memoOf('baseline-no-model');
    expect(md).toContain('**Crossover: not available.**');
    expect(md).toContain('Run `scalesim sweep scenarios/baseline.yaml --volumes 1e4,1e5,1e6 --project-to 1e9`');
    expect(section(md, 'Context')).toMatch(/cannot place that boundary/);
    for (const c of tableValueCells(section(md, 'Evidence'))) expect(c).not.toMatch(/projected/);
  });

  it('says the error is unknown for a model with no held-out volume', () => {
    const md = memo(
      variant('baseline-complete', (r) => {
        r.model!.validation = { targetPct: 15, heldOut: [], withinTarget: false, note: 'no held-out volume was measured, so the prediction error is unknown' };
      }),
    );
    expect(md).toMatch(/with no held-out volume, so the projection error is UNKNOWN/);
    expect(md).toMatch(/\*\*Validation: none\.\*\*/);
  });

  it('says INCOMPLETE at the top of an incomplete run and claims no success', () => {
    const md = memoOf('baseline-incomplete');
    expect(md.slice(0, 400)).toMatch(/> \*\*INCOMPLETE RUN: not a result\.\*\* distributed: 2 of 32 partitions failed for good/);
    expect(section(md, 'Context')).toMatch(/This run is incomplete, so it gives no answer\./);
    expect(section(md, 'Recommendation')).toMatch(/\| decision \| No decision: this run is INCOMPLETE/);
    expect(md).not.toMatch(/\b(Keep|Adopt|Provisionally)\b/);
    expect(md).not.toMatch(/status complete/);
    expect(section(md, 'Reproduce')).toMatch(/status INCOMPLETE/);
    expect(section(md, 'Risks')).toMatch(/Failures under injected faults in distributed\.\*\* .*failed for good: part-00007/);
  });

  it('says "not analysed" where a step did not run', () => {
    const md = memoOf('baseline-incomplete');
    expect(section(md, 'Evidence')).toMatch(/\| IAM scope \| not analysed \| not analysed \|/);
    const noCost = memo(
      variant('baseline-no-model', (r) => {
        delete r.designs['single-node']!.cost;
        delete r.designs.distributed!.cost;
      }),
    );
    expect(section(noCost, 'Evidence')).toMatch(/\| Cost \| not analysed \| not analysed \|/);
  });

  it('stays within the word limit when other steps write long free text', () => {
    const long = 'a long explanation with many words that keeps going '.repeat(6).trim();
    const md = memo(
      variant('baseline-complete', (r) => {
        r.designs['single-node']!.bottleneck!.projectedEffect = long;
        r.designs.distributed!.bottleneck!.projectedEffect = long;
      }),
    );
    expect(countWords(md)).toBeLessThanOrEqual(MEMO_WORDS.max);
    expect(section(md, 'Risks').split('\n').filter((l) => /^\d+\. /.test(l)).length).toBeGreaterThanOrEqual(2);
  });

  it('renders a run with one design', () => {
    const md = memo(
      variant('baseline-no-model', (r) => {
        delete r.designs.distributed;
      }),
    );
    expect(section(md, 'Context')).toMatch(/Only one design ran: single-node runs one Fargate task/);
    expect(section(md, 'Recommendation')).toMatch(/No decision: only single-node ran/);
  });
});

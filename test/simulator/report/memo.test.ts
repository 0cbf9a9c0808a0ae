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
    expect(section(md, 'Context')).toMatch(/The answer \(projected\): above ≈320M events per run \(interval 280M–370M\)\./);
    const ev = section(md, 'Evidence');
    expect(ev).toContain('Projected on AWS, distributed is faster at every projected volume, is cheaper only below 600k events (interval 510k–720k)');
    // Every crossover is an interval; the memo says how wide each is and which input moves it most.
    expect(ev).toContain(
      'Widths, and the input moving each most: faster: no flip in ≥95% of draws; cheaper ×1.41 (Fargate task start 28–65 s: 470k–760k); required ×1.32 (CPU speed factor arm64 0.8–1.45×: 380M–220M).',
    );
    expect(ev).toMatch(/- single-node: \*\*cpu-bound\*\* \(measured\): parse \+ validate/);
    expect(ev).toMatch(/### Validation\n\nHeld out at 300k events: single-node 11\.8 s measured vs 11\.1 s predicted \(\+6\.2%\), distributed 11\.5 s vs 12\.1 s \(-4\.7%\), within the ±15% target\./);
    expect(ev).toContain('Both designs use one workload CPU per event, 52.0 µs');
    expect(md).not.toMatch(/unknown/i);
    expect(ev).toMatch(/- single-node: \*\*cpu-bound\*\*/);
    expect(ev).toMatch(/- distributed: \*\*cold-start-bound\*\*/);
  });

  it('says plainly that there is no crossover without a model, and how to get one', () => {
    const md = memoOf('baseline-no-model');
    expect(md).toContain('**Crossover: not available.**');
    expect(md).toContain('A complete `scalesim run scenarios/baseline.yaml` measures three volumes, holds one out and projects.');
    expect(section(md, 'Context')).toMatch(/cannot place that boundary/);
    for (const c of tableValueCells(section(md, 'Evidence'))) expect(c).not.toMatch(/projected/);
  });

  it('says why the error was not measured for a model with no held-out volume (--no-validate), and how to measure it', () => {
    const md = memo(
      variant('baseline-complete', (r) => {
        r.model!.validation = { targetPct: 15, heldOut: [], withinTarget: false, note: 'held-out validation not run (--no-validate), so the prediction error was not measured' };
      }),
    );
    expect(section(md, 'Evidence')).toMatch(/### Validation\n\nNo volume was held out: held-out validation not run \(--no-validate\), so the prediction error was not measured\. `scalesim run scenarios\/baseline\.yaml` without `--no-validate` measures three volumes/);
    expect(md).not.toMatch(/unknown/i);
  });

  it('lists every AWS constant with its value, range and source', () => {
    const md = memoOf('baseline-complete');
    const method = section(md, 'Method');
    expect(method).toMatch(/\*\*AWS constants\*\* \(`calibration\/aws-us-east-1\.yaml`, sha256 `[0-9a-f]{12}`/);
    const rows = method.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| constant') && !l.startsWith('| ---'));
    const m = fixture('baseline-complete').model!;
    expect(rows).toHaveLength(m.calibration!.constants.length);
    for (const row of rows) expect(row).toMatch(/\| (AWS docs|reasoned, no source|[\w][\w .-]+ (\d{4}|undated))(; [^|]+)? \|$/);
    expect(method).toContain('| Fargate task start | 45 s (28–65) | ElasticScale 2024; AWS docs |');
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

import { countWords } from '../../../simulator/report/markdown';
import { renderHtml } from '../../../simulator/report/html';
import { MEMO_HEADINGS, MEMO_WORDS, renderMemo } from '../../../simulator/report/memo';
import { completeResults } from '../../../simulator/report/recommend';
import type { Results } from '../../../simulator/results/results';
import { validateResults } from '../../../simulator/results/validate';
import { fixture, variant } from './fixtures';
import { PROXY } from './proxy-fixture';

/**
 * With a replayed sample, the memo's prose guess about proxy-data limits is replaced by the measured
 * table: synthetic and sample side by side. The numbers here are a fixture, not a measurement.
 */

const withSample = (r: Results | 'baseline-complete' | 'baseline-no-model' = 'baseline-complete') =>
  variant(r, (x) => {
    x.workload.sample = { sha256: 'c'.repeat(64), files: 24, bytes: 123_456_789, lines: 2_400_000, contentBytes: 999_999_999, duplicates: 12_000, quarantined: 50_000, poolRecords: 1_000_000, duplicateRate: 0.005, reserialized: 0, mapped: false };
    x.proxyDataLimits = structuredClone(PROXY) as never;
  });

function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}

describe('memo with a replayed sample', () => {
  const md = renderMemo(completeResults(withSample()));
  const method = section(md, 'Method');

  it('shows synthetic and sample side by side, measured on both, and drops the prose guess', () => {
    expect(method).toContain('| | synthetic (proxy) | sample (real) | sample ÷ synthetic |'.replace('| |', '|  |'));
    expect(method).toContain('| CPU µs/event: decompress / parse / validate / aggregate / write; total, measured | 1.20 / 4.80 / 2.40 / 0.60 / 3.00; 12.0 | 1.86 / 7.44 / 3.72 / 0.93 / 4.65; 18.6 | 1.55× |');
    expect(method).toContain('| Bytes/event: NDJSON; stored, measured | 670 B; 131 B | 910 B; 284 B | 1.36× |');
    expect(method).toContain('| Compression ratio (gzip level 6), measured | 5.1× | 3.2× | 0.63× |');
    expect(method).toContain('| Quarantine rate, measured | 0.80% | 2.1% | 2.6× |');
    expect(method).toContain('| AWS runtime at 1M events: single-node; distributed, projected | 60 s; 3 s | 84 s; 4.2 s | 1.40×; 1.40× |');
    expect(method).toContain('| AWS usage cost per run: single-node; distributed, projected | $0.0185; $0.0190 | $0.0259; $0.0266 | 1.40×; 1.40× |');
    expect(method).toContain('| Crossover: distributed cheaper; required, projected | below 659k; above 834M | below 410k; above 520M |  |');
    expect(method).toContain("**Proxy-data limits, measured on both.** Each side: 50,000 events in 2 partitions, the same processor and stage timer in one process, median of 3 alternating rounds after a warm-up; the synthetic side generated from the scenario's rates.");
    expect(method).toContain(`Projected: this run's fit; the synthetic side's workload terms scaled by the measured ratios; "cheaper" per month at 30 runs, fixed costs included.`);
    expect(method).not.toContain('Real data would move');
    expect(method).toContain("**Data.** 1,000,000 events resampled (seed 20261127) from 2,400,000 real events (24 files, sha256 cccccccccccc), 136.4 MiB of gzip NDJSON (measured; outputs plain); ids rewritten at the sample's 0.5% duplicate rate, every other quality problem the sample's own.");
  });

  it(`keeps the seven headings and the ${MEMO_WORDS.min}–${MEMO_WORDS.max} word target`, () => {
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([...MEMO_HEADINGS]);
    expect(countWords(md)).toBeGreaterThanOrEqual(MEMO_WORDS.min);
    expect(countWords(md)).toBeLessThanOrEqual(MEMO_WORDS.max);
    const noModel = renderMemo(completeResults(withSample('baseline-no-model')));
    expect(countWords(noModel)).toBeLessThanOrEqual(MEMO_WORDS.max);
  });

  it('says what was not measured or projected, rather than leaving cells out', () => {
    const r = variant(withSample(), (x) => {
      x.proxyDataLimits!.synthetic = null;
      x.proxyDataLimits!.syntheticNotMeasured = 'the generator cannot make synthetic events from this registry: no variable field';
      delete x.proxyDataLimits!.projected;
      x.proxyDataLimits!.projectionSkipped = 'the run is incomplete, so there is no model to project with';
    });
    const m = section(renderMemo(completeResults(r)), 'Method');
    expect(m).toContain('| Quarantine rate, measured | not measured | 2.1% | n/a |');
    expect(m).toContain('no synthetic side (the generator cannot make synthetic events from this registry: no variable field)');
    expect(m).toContain('Not projected: the run is incomplete, so there is no model to project with.');
    expect(m).not.toContain('AWS runtime');
  });

  it('on a memo still over the word target after every other trim, moves the method to report.html and keeps the table', () => {
    // Free text the other steps write (here a long evidence item) can push a memo over; the table stays.
    const padded = (words: number) =>
      variant(completeResults(withSample()), (x) => {
        x.recommendation!.minimum_evidence_before_pilot.push(Array.from({ length: words }, (_, i) => `w${i}`).join(' '));
      });
    const untrimmed = renderMemo(completeResults(withSample()));
    expect(untrimmed).toContain('Each side: 50,000 events');
    for (const words of [40, 60]) {
      const md = renderMemo(padded(words));
      expect(countWords(md)).toBeLessThanOrEqual(MEMO_WORDS.max);
      const m = section(md, 'Method');
      expect(m).toContain('Same processor and stage timer on both sides; how each was measured and projected: report.html.');
      expect(m).not.toContain('Each side:');
      expect(m).toContain('| Quarantine rate, measured | 0.80% | 2.1% | 2.6× |');
      expect(m).toContain('| Crossover: distributed cheaper; required, projected |');
      expect(renderHtml(padded(words))).toContain('<p>Each side: 50,000 events in 2 partitions');
    }
  });

  it('asks for more samples, not for a first one, as evidence before the pilot', () => {
    const asks = (r: Results) => completeResults(r).recommendation!.minimum_evidence_before_pilot.join('\n');
    expect(asks(withSample())).toContain('Samples from more days and sources than the 2,400,000 real events replayed here');
    expect(asks(withSample())).not.toContain('A sample of real institutional events');
    expect(asks(fixture('baseline-complete'))).toContain('A sample of real institutional events to re-measure per-event CPU, skew and drift.');
  });

  it('without a sample, keeps the prose and shows no table', () => {
    const m = section(renderMemo(completeResults(fixture('baseline-complete'))), 'Method');
    expect(m).toContain('Real data would move');
    expect(m).not.toContain('synthetic (proxy)');
  });
});

describe('results.json and report.html with a replayed sample', () => {
  it('results.json keeps the sections through its schema (not stripped on reading)', () => {
    const r = validateResults(JSON.parse(JSON.stringify(withSample())));
    expect(r.proxyDataLimits).toEqual(PROXY);
    expect(r.workload.sample?.lines).toBe(2_400_000);
    expect(() => validateResults({ ...JSON.parse(JSON.stringify(withSample())), proxyDataLimits: { ...PROXY, basis: 'guessed' } })).toThrow(/not a scalesim results file \(proxyDataLimits\.basis/);
  });

  it('report.html has the same table, every cell labelled', () => {
    const html = renderHtml(completeResults(withSample()));
    const at = html.indexOf('<h2 id="h-proxy">Proxy-data limits: synthetic vs sample</h2>');
    expect(at).toBeGreaterThan(0);
    const sectionHtml = html.slice(at, html.indexOf('</section>', at));
    expect(sectionHtml).toContain('<th scope="row">Quarantine rate</th><td>0.80% <span class="label measured">measured</span></td>');
    expect(sectionHtml).toContain('AWS runtime at 1M events');
    expect(sectionHtml).toContain('<p>Each side: 50,000 events in 2 partitions, the same processor and stage timer in one process');
    expect(sectionHtml).toMatch(/<span class="label projected">projected<\/span>/);
    expect(renderHtml(completeResults(fixture('baseline-complete')))).not.toContain('h-proxy');
  });
});

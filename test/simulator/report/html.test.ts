import { renderHtml } from '../../../simulator/report/html';
import { completeResults } from '../../../simulator/report/recommend';
import { fixture, type FixtureName, variant } from './fixtures';
import type { Results } from '../../../simulator/results/results';

const html = (r: Results) => renderHtml(completeResults(r));
const htmlOf = (name: FixtureName) => html(fixture(name));
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe.each(['baseline-complete', 'baseline-no-model', 'baseline-incomplete'] as const)('report.html of %s', (name) => {
  const page = htmlOf(name);

  it('is one self-contained document: no scripts, no external resources, a CSP that forbids fetching', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|@import|url\(\s*['"]?(https?:)?\/\//i);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('puts a data table under every chart', () => {
    const charts = count(page, /<svg class="chart/g);
    expect(charts).toBeGreaterThanOrEqual(4);
    const figures = page.split('<figure>').slice(1);
    expect(figures).toHaveLength(charts);
    for (const f of figures) expect(f).toMatch(/^<svg[\s\S]*?<\/figure>\s*<details class="data"[^>]*><summary>[^<]+<\/summary><table>/);
  });

  it('titles and describes every chart for assistive technology', () => {
    for (const m of page.matchAll(/<svg class="chart[^"]*" id="([^"]+)"[^>]*aria-labelledby="([^"]+)"/g)) {
      const [titleId, descId] = m[2]!.split(' ');
      expect(page).toContain(`<title id="${titleId}">`);
      expect(page).toContain(`<desc id="${descId}">`);
    }
  });

  it('has balanced SVG and table tags', () => {
    expect(count(page, /<svg /g)).toBe(count(page, /<\/svg>/g));
    expect(count(page, /<table/g)).toBe(count(page, /<\/table>/g));
  });
});

describe('report.html content', () => {
  it('marks the crossover and distinguishes measured points from the projection', () => {
    const page = htmlOf('baseline-complete');
    expect(count(page, /<g class="crossover-marker /g)).toBe(4);
    expect(page).toContain('data-kind="cheaper" data-volume="600000"');
    expect(page).toContain('data-kind="single-node-infeasible" data-volume="320000000"');
    expect(page).not.toContain('data-kind="faster"');
    expect(count(page, /<path class="band"/g)).toBe(4);
    expect(count(page, /<circle class="measured held-out"/g)).toBe(4);
    expect(count(page, /<circle class="measured"/g)).toBe(12);
    expect(page).toContain('<g class="infeasible-region">');
    expect(page).toContain('SLA 30 min (scenario)');
  });

  it('shows the measured comparison and where the projection would be without a model', () => {
    const page = htmlOf('baseline-no-model');
    expect(page).toContain('<div class="placeholder" id="projection-placeholder">');
    expect(page).toContain('<code>scalesim run scenarios/baseline.yaml</code> (validation is on by default) measures three volumes');
    expect(page).not.toContain('crossover-marker');
    expect(page).toContain('id="measured-runtime-chart"');
  });

  it('shows INCOMPLETE in a banner and says what was not analysed', () => {
    const page = htmlOf('baseline-incomplete');
    expect(page).toMatch(/<div class="banner" role="alert">INCOMPLETE RUN: not a result\. distributed: 2 of 32 partitions failed/);
    expect(page).toContain('<title>scalesim report: baseline-faults (INCOMPLETE)</title>');
    expect(page).toMatch(/IAM scope: <strong>not analysed<\/strong>/);
  });

  it('shows the stage and cost breakdowns and both stakeholder matrices', () => {
    const page = htmlOf('baseline-complete');
    expect(page).toContain('id="stage-chart"');
    expect(page).toContain('id="cost-breakdown-chart"');
    expect(page).toContain('id="access-chart"');
    expect(count(page, /<table class="matrix" data-design=/g)).toBe(2);
    expect(page).toContain('Computed access equals the intended matrix: no differences.');
  });

  it('highlights a difference between the intended and the computed matrix', () => {
    const page = html(
      variant('baseline-complete', (r) => {
        const access = r.designs.distributed!.access as { matrix: { cells: { persona: string; zone: string; computed: string }[]; differences: unknown[] } };
        access.matrix.cells.find((c) => c.persona === 'ml-engineer' && c.zone === 'raw')!.computed = 'read';
        access.matrix.differences.push({ persona: 'ml-engineer', target: 'raw', intended: 'none', computed: 'read', extraActions: ['s3:GetObject', 's3:ListBucket'], missingActions: [] });
      }),
    );
    expect(page).toContain('<td class="diff" title="intended none, computed read">none → read</td>');
    expect(page).toContain('<strong>1 difference(s)</strong>');
    expect(page).toContain('ml-engineer / raw: intended none, computed read; extra s3:GetObject, s3:ListBucket');
  });

  it('escapes text from results.json', () => {
    const page = html(
      variant('baseline-no-model', (r) => {
        r.incompleteReason = '<script>alert(1)</script> & "quotes"';
        r.status = 'incomplete';
        r.command = 'npx scalesim run <evil>.yaml';
      }),
    );
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('npx scalesim run &lt;evil&gt;.yaml');
  });

  it('labels numbers in the headline cards', () => {
    const cards = htmlOf('baseline-complete').match(/<section aria-label="Headline numbers">[\s\S]*?<\/section>/)![0];
    for (const v of cards.matchAll(/<div class="v">([\s\S]*?)<\/div>/g)) {
      if (/\d/.test(v[1]!)) expect(v[1]).toMatch(/class="label (measured|projected|static|scenario)"/);
    }
  });
});

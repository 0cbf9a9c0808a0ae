import { renderScatterChart } from '../../../simulator/report/charts';
import { renderTuneHtml } from '../../../simulator/report/tune-html';
import { renderTuneMarkdown } from '../../../simulator/report/tune-md';
import type { DesignTune, TuneReport } from '../../../simulator/results/tune';
import { point } from '../tune/points';

const HOSTILE = `<script>alert("x")</script> & 'q' | pipe`;

function design(name: 'single-node' | 'distributed'): DesignTune {
  const a = { ...point(256, 1, 60_000), label: `cheap ${HOSTILE}` };
  const b = point(1024, 2, 10_000);
  const bad = point(128, 0.5, 5_000, [{ kind: 'out-of-memory', message: `needs ${HOSTILE}` }]);
  return {
    design: name,
    points: [a, b, bad],
    front: [a.id, b.id],
    picks: { cost: a.id, speed: b.id, balanced: b.id },
    evaluated: 3,
    feasible: 2,
    infeasibleByKind: { 'out-of-memory': 1 },
    knobs: [{ name: 'memory', values: [128, 256, 1024] }],
  };
}

const REPORT: TuneReport = {
  kind: 'scalesim-tune',
  schemaVersion: 1,
  generatedAt: '2026-12-03T09:30:00.000Z',
  command: `npx scalesim tune ${HOSTILE}`,
  scenario: { name: 'baseline', file: 'scenarios/baseline.yaml', sha256: 'a'.repeat(64) },
  strategy: 'balanced',
  constraints: { slaMinutes: 30, budgetPerRunUsd: 0.5, budgetPerMonthUsd: 50, runsPerMonth: 30, events: 1_000_000 },
  model: { runtimePoint: 'p95 read as high', rates: `rates ${HOSTILE}`, assumptions: [HOSTILE] },
  priceSnapshot: { file: 'pricing/aws-us-east-1.json', date: '2026-11', sha256: 'b'.repeat(64), source: 'bundled-list-prices' },
  designs: { 'single-node': design('single-node'), distributed: design('distributed') },
  comparison: `Compared: ${HOSTILE}`,
  tunedScenario: 'tuned.yaml',
  changes: [`distributed.lambda.memoryMiB: 1769 → 1024 ${HOSTILE}`],
  verification: [
    {
      design: 'distributed',
      pointId: 'x',
      label: `verified ${HOSTILE}`,
      status: 'failed',
      reason: `reason ${HOSTILE}`,
      events: 1000,
      partitions: 1,
      comparisons: [{ quantity: `q ${HOSTILE}`, unit: 'ms', predicted: 10, measured: 12, gapPct: 20, basis: 'count' }],
      warnings: [`warn ${HOSTILE}`],
    },
  ],
  timing: { evaluateMs: 1, verifyMs: 2, totalMs: 3 },
};

describe('tune.html and tune.md', () => {
  test('every interpolated string is escaped in the HTML', () => {
    const html = renderTuneHtml(REPORT);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    // One scatter per design, the infeasible point grey with its reason in the tooltip.
    expect(html.match(/<svg class="chart scatter-chart"/g)).toHaveLength(2);
    expect(html).toMatch(/<circle class="point infeasible"[^>]*fill="#d1d5db"><title>[^<]*needs &lt;script&gt;/);
    expect(html.match(/data-kind="pick-balanced"/g)).toHaveLength(2);
    expect(html).toContain(`content="default-src 'none'`);
  });

  test('Markdown table cells keep their pipes escaped', () => {
    const md = renderTuneMarkdown(REPORT);
    expect(md).toContain('cheap <script>alert("x")</script> & \'q\' \\| pipe');
    // Every row of every table has as many unescaped pipes as its header.
    const tables = md.split(/\n(?!\|)/).map((block) => block.split('\n').filter((l) => l.startsWith('|'))).filter((t) => t.length > 0);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const t of tables) {
      const pipes = t.map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(pipes).size).toBe(1);
    }
    expect(md).toContain('### distributed: verified');
    expect(md).toContain('— failed (reason');
  });

  test('the scatter: a linear cost axis within a decade, the front as a step line, and marks', () => {
    const svg = renderScatterChart({
      id: 's',
      title: 't',
      description: 'd',
      xLabel: 'x',
      yLabel: 'y',
      color: '#123456',
      points: [
        { x: 1_000, y: 5, title: 'a', feasible: true },
        { x: 10_000, y: 4, title: 'b', feasible: true },
        { x: 500, y: 9, title: 'c', feasible: false },
      ],
      front: [
        [10_000, 4],
        [1_000, 5],
      ],
      marks: [{ x: 1_000, y: 5, label: 'speed pick', kind: 'pick-speed' }],
      vlines: [{ x: 60_000, label: 'SLA', kind: 'sla' }],
      yFormat: (v) => `$${v}`,
    });
    expect(svg.match(/class="point feasible"/g)).toHaveLength(2);
    expect(svg.match(/class="point infeasible"/g)).toHaveLength(1);
    expect(svg).toMatch(/<path class="front" d="M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ L[\d.]+ [\d.]+"/);
    expect(svg).toContain('data-kind="pick-speed"');
    // 60 s is beyond the x domain (500 ms to 10 s rounded to the time ladder): no SLA line drawn.
    expect(svg).not.toContain('class="reference sla"');
    expect(renderScatterChart({ id: 'e', title: 'empty', description: '', xLabel: '', yLabel: '', color: '#000', points: [], front: [], marks: [], vlines: [], yFormat: String })).toContain('no data to chart');
  });
});

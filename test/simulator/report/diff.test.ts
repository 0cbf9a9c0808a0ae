import { arrow, renderDiff, signedDelta } from '../../../simulator/report/diff';
import { formatUsd } from '../../../simulator/report/format';
import { fixture, variant } from './fixtures';

describe('signed deltas', () => {
  it('signs and arrows an increase, a decrease and no change', () => {
    expect(signedDelta(0.0119, 0.0132, formatUsd)).toBe('↑ +$0.00130 (+11%)');
    expect(signedDelta(0.0132, 0.0119, formatUsd)).toBe('↓ -$0.00130 (-9.8%)');
    expect(signedDelta(5, 5, formatUsd)).toBe('±0');
    expect(arrow(1, 2)).toBe('↑');
    expect(arrow(2, 1)).toBe('↓');
    expect(arrow(1, 1)).toBe('');
  });
});

describe('renderDiff', () => {
  it('shows no change for a run against itself', () => {
    const md = renderDiff(fixture('baseline-complete'), fixture('baseline-complete'));
    expect(md).toContain('- **single-node**: monthly cost stays at $0.3568 (measured usage × list price)');
    expect(md).toMatch(/\| single-node \| \$0\.0119 → \$0\.0119 \| ±0 \|/);
    expect(md).toContain('Unchanged: **single-node (one Fargate task, ECS RunTask .sync), Fargate 2 vCPU / 4096 MiB arm64**.');
    expect(md).toMatch(/\| distributed faster \| at every projected volume \| at every projected volume \| unchanged \|/);
    expect(md).not.toContain('Scenario changed');
  });

  it('signs cost, runtime, scope and quality changes, b minus a', () => {
    const b = variant('baseline-complete', (r) => {
      const c = r.designs.distributed!.cost as { perRunUsd: number; perMonthUsd: number };
      c.perRunUsd = 0.02;
      c.perMonthUsd = 0.6;
      r.designs.distributed!.runtime.measured.wallMs = 30_000;
      const a = r.designs.distributed!.access as { summary: { blastRadiusScore: number } };
      a.summary.blastRadiusScore = 31;
      r.designs.distributed!.accounting.failedPartitions = [{ key: 'part-00001.ndjson.gz', reason: 'boom' }];
    });
    const md = renderDiff(fixture('baseline-complete'), b, { a: 'main/results.json', b: 'pr/results.json' });
    expect(md).toContain('a: `main/results.json`');
    expect(md).toContain('**distributed**: monthly cost will increase by $0.2140 (+55%) ↑ ($0.3860 → $0.6000, measured usage × list price)');
    expect(md).toMatch(/\| distributed \| \$0\.0129 → \$0\.0200 \| ↑ \+\$0\.00713 \(\+55%\) \|/);
    expect(md).toMatch(/\| distributed \| 35\.3 s → 30 s \| ↓ -5\.29 s \(-15%\) \|/);
    expect(md).toMatch(/\| distributed \| 28 → 31 \(↑ \+3\) \|/);
    expect(md).toMatch(/\| distributed \| 1,000,000 → 1,000,000 \(±0\) \|.*\| 0 → 1 ⚠ \|/);
  });

  it('reports a recommendation change and an incomplete side', () => {
    const md = renderDiff(fixture('baseline-no-model'), fixture('baseline-incomplete'));
    expect(md).toMatch(/> \*\*b is INCOMPLETE\*\*: distributed: 2 of 32 partitions failed/);
    expect(md).toContain('**Changed**: single-node (one Fargate task, ECS RunTask .sync), Fargate 2 vCPU / 4096 MiB arm64 → **none until a complete run exists**.');
    // The baseline's hash is the shipped scenario's (the fixture builder reads it); the faults run's is fixed.
    expect(md).toContain(`Scenario changed: sha256 \`${fixture('baseline-no-model').scenario.hash.slice(0, 12)}\` → \`9e3c1f0a7b2d\`.`);
    expect(md).toContain('| single-node | analysed → not analysed |');
    expect(md).toContain('Neither run has a model: no crossover to compare.');
  });

  it('compares the crossover when both have a model, and says so when only one has', () => {
    const b = variant('baseline-complete', (r) => {
      r.model!.crossover.singleNodeInfeasible = { volume: 1.2e8, holds: 'above', reason: 'SLA missed', reasoning: 'r', low: 1e8, high: 1.4e8 };
    });
    expect(renderDiff(fixture('baseline-complete'), b)).toMatch(/\| single-node infeasible \| from 320M events up \| from 120M events up \| changed \|/);
    expect(renderDiff(fixture('baseline-no-model'), fixture('baseline-complete'))).toContain('Only b has a model, so the crossover cannot be compared.');
  });

  it('lists designs present on one side only', () => {
    const b = variant('baseline-no-model', (r) => {
      delete r.designs.distributed;
    });
    const md = renderDiff(fixture('baseline-no-model'), b);
    expect(md).toContain('- distributed: only in a (removed in b)');
    expect(md).not.toMatch(/^\| distributed \|/m);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DESIGNS } from '../../../lib/workload/contract';
import { projectedDesignCosts } from '../../../simulator/cost/design-cost';
import { readPriceSnapshotFile } from '../../../simulator/cost/prices/load';
import { markShared, priceTemplate, topDriver } from '../../../simulator/cost/template-cost';
import type { ResourceCostLine } from '../../../simulator/results/cost';
import { synthesize } from '../../../simulator/deploy/synth';
import { readDesignTemplates, synthesizeDesignTemplates } from '../../../simulator/deploy/template-resources';
import { loadScenario } from '../../../simulator/scenario/load';
import { context, resource } from './resources/context';

const REPO = path.join(__dirname, '..', '..', '..');
const PRICES = readPriceSnapshotFile(path.join(REPO, 'pricing', 'aws-us-east-1.json'));
const SCENARIOS = fs.readdirSync(path.join(REPO, 'scenarios')).filter((f) => f.endsWith('.yaml'));

function countByType(types: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of types) out[t] = (out[t] ?? 0) + 1;
  return out;
}

describe('the baseline templates, synthesized for real, priced in full', () => {
  const scenario = loadScenario(path.join(REPO, 'scenarios', 'baseline.yaml')).scenario;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-template-cost-'));
    synthesize(scenario, dir);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every resource of each template appears exactly once, with its construct path, and the per-type counts match the template file', () => {
    const templates = readDesignTemplates(dir);
    const { costs } = projectedDesignCosts(PRICES, scenario, {}, {}, templates);
    for (const d of DESIGNS) {
      const file = JSON.parse(fs.readFileSync(templates[d].templateFile, 'utf8')) as { Resources: Record<string, { Type: string }> };
      const lines = costs[d].resources!;
      expect(lines.map((l) => l.logicalId).sort()).toEqual(Object.keys(file.Resources).sort());
      expect(countByType(lines.map((l) => l.type))).toEqual(countByType(Object.values(file.Resources).map((r) => r.Type)));
      for (const l of lines) expect(l.cdkPath).toMatch(new RegExp(`^scalesim-baseline-${d}/[A-Za-z]`));
      expect(lines.filter((l) => l.pricing === 'unpriced')).toEqual([]);
    }
  });

  it("single-node's fixed monthly cost is the sum of its priced lines, led by 3 interface endpoints in 2 AZs (6 × 730 h × $0.01 = $43.80)", () => {
    const { costs } = projectedDesignCosts(PRICES, scenario, {}, {}, readDesignTemplates(dir));
    const sn = costs['single-node'];
    const lines = sn.resources!;
    expect(sn.fixedMonthlyUsd).toBeCloseTo(lines.reduce((n, l) => n + l.fixedMonthlyUsd, 0), 10);
    const endpoints = lines.filter((l) => l.type === 'AWS::EC2::VPCEndpoint' && l.pricing === 'fixed');
    expect(endpoints).toHaveLength(3);
    expect(endpoints.reduce((n, l) => n + l.fixedMonthlyUsd, 0)).toBeCloseTo(43.8, 10);
    // Key $1.00 + 2 alarms $0.20 + 3 endpoints $43.80 + ECR image, flow log and SNS (small, estimated).
    expect(sn.fixedMonthlyUsd!).toBeGreaterThan(45.0);
    expect(sn.fixedMonthlyUsd!).toBeLessThan(45.05);
    expect(sn.perMonthUsd).toBeCloseTo(sn.fixedMonthlyUsd! + 30 * sn.runDependentPerRunUsd!, 10);
    expect(sn.perRunUsd).toBeCloseTo(sn.runDependentPerRunUsd! + sn.fixedMonthlyUsd! / 30, 10);
    expect(sn.topDriver).toMatchObject({ type: 'AWS::EC2::VPCEndpoint', designDependent: true });
    // Distributed: the key $1.00 and 4 alarms $0.40, plus its code asset.
    expect(costs.distributed.fixedMonthlyUsd).toBeCloseTo(1.4, 3);
    // The zones, key and shared alarms are identical in both designs; the split adds up.
    for (const d of DESIGNS) expect(costs[d].split!.sharedMonthlyUsd + costs[d].split!.designMonthlyUsd).toBeCloseTo(costs[d].perMonthUsd, 10);
    expect(costs['single-node'].split!.sharedMonthlyUsd).toBeCloseTo(costs.distributed.split!.sharedMonthlyUsd, 2);
  });
});

describe('every shipped scenario', () => {
  it.each(SCENARIOS)('%s: no resource type without a pricing rule', (file) => {
    const scenario = loadScenario(path.join(REPO, 'scenarios', file)).scenario;
    const { costs } = projectedDesignCosts(PRICES, scenario, {}, {}, synthesizeDesignTemplates(scenario));
    for (const d of DESIGNS) {
      const unpriced = costs[d].resources!.filter((l) => l.pricing === 'unpriced').map((l) => `${l.type} ${l.cdkPath}`);
      expect(unpriced).toEqual([]);
      expect(costs[d].unpricedCount).toBe(0);
    }
  }, 120_000);
});

describe('priceTemplate', () => {
  it('lists a type with no rule as unpriced, with its construct path, and leaves it out of the totals', () => {
    const t = priceTemplate([resource('AWS::Glue::Job', {}, 'Job', 'stack/Etl/Job/Resource'), resource('AWS::KMS::Key', {}, 'Key')], context({ assumptions: { alertPublishesPerMonth: 0 } }));
    expect(t.lines[0]).toMatchObject({ logicalId: 'Job', type: 'AWS::Glue::Job', cdkPath: 'stack/Etl/Job/Resource', pricing: 'unpriced', monthlyUsd: 0 });
    expect(t.lines[0].reason).toMatch(/no pricing rule for AWS::Glue::Job/);
    expect(t.unpricedCount).toBe(1);
    expect(t.fixedMonthlyUsd).toBe(1);
  });

  it('marks lines shared when the other design has the same construct and cost, and picks the top driver among the rest', () => {
    const line = (id: string, type: string, monthlyUsd: number, fixed = monthlyUsd): ResourceCostLine => ({
      logicalId: id, type, cdkPath: `stack-x/${id}/Resource`, pricing: 'fixed', monthlyUsd, fixedMonthlyUsd: fixed, perRunUsd: 0, month1Usd: monthlyUsd, reason: '', priceKeys: [],
    });
    const marked = markShared({
      'single-node': [line('Key', 'AWS::KMS::Key', 1), line('A', 'AWS::EC2::VPCEndpoint', 14.6), line('B', 'AWS::EC2::VPCEndpoint', 14.6)],
      distributed: [line('Key', 'AWS::KMS::Key', 1.005), line('Alarm', 'AWS::CloudWatch::Alarm', 0.1)],
    });
    expect(marked['single-node']!.map((l) => l.shared)).toEqual([true, false, false]);
    expect(topDriver(marked['single-node']!, 30.2)).toMatchObject({ type: 'AWS::EC2::VPCEndpoint', logicalIds: ['A', 'B'], designDependent: true });
    expect(topDriver(marked['single-node']!, 30.2)!.monthlyUsd).toBeCloseTo(29.2, 10);
  });
});

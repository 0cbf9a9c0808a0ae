import * as path from 'path';
import { resolveGates } from '../../../simulator/check/config';
import { loadScenario, parseScenario } from '../../../simulator/scenario/load';
import type { Scenario } from '../../../simulator/scenario/schema';
import * as fs from 'fs';

const BASELINE_FILE = path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml');
const baselineText = fs.readFileSync(BASELINE_FILE, 'utf8').replace(/\ngates:[\s\S]*?(?=\n\S|$)/, '');

function withGates(gates: string): Scenario {
  return parseScenario(`${baselineText}\ngates:\n${gates}\n`, 'test.yaml');
}

describe('resolveGates', () => {
  test('without a gates section, the limits are the budget and the SLA, and every gate is on', () => {
    const s = parseScenario(baselineText, 'baseline.yaml');
    expect(s.gates).toBeUndefined();
    const g = resolveGates(s);
    expect(g.maxMonthlyUsd).toEqual({ value: s.budget.perMonthUsd, from: 'budget.perMonthUsd' });
    expect(g.maxRuntimeMinutes).toEqual({ value: s.sla.deadlineMinutes, from: 'sla.deadlineMinutes' });
    for (const k of ['noNewAccess', 'noNewFindings', 'noUnpriced', 'accounting'] as const) expect(g[k]).toMatchObject({ on: true, explicit: false });
  });

  test('the gates section overrides the defaults, and a flag overrides the section', () => {
    const s = withGates('  maxMonthlyUsd: 20\n  maxRuntimeMinutes: 5\n  noNewFindings: false');
    const g = resolveGates(s);
    expect(g.maxMonthlyUsd).toEqual({ value: 20, from: 'gates.maxMonthlyUsd' });
    expect(g.maxRuntimeMinutes).toEqual({ value: 5, from: 'gates.maxRuntimeMinutes' });
    expect(g.noNewFindings).toMatchObject({ on: false, from: 'gates.noNewFindings' });
    const f = resolveGates(s, { maxMonthlyUsd: 7.5, newFindings: false, newAccess: true });
    expect(f.maxMonthlyUsd).toEqual({ value: 7.5, from: '--max-monthly-usd' });
    expect(f.noNewFindings).toEqual({ on: true, from: '--no-new-findings', explicit: true });
    expect(f.noNewAccess).toEqual({ on: false, from: '--new-access', explicit: false });
  });

  test('the shipped baseline declares its gates', () => {
    expect(loadScenario(BASELINE_FILE).scenario.gates).toBeDefined();
  });
});

describe('scenario gates section', () => {
  test.each([
    ['  maxMonthlyUsd: -1', /^test\.yaml: gates\.maxMonthlyUsd: got -1, expected >= 0$/],
    ['  maxRuntimeMinutes: 0', /^test\.yaml: gates\.maxRuntimeMinutes: got 0, expected > 0$/],
    ['  noNewAccess: maybe', /^test\.yaml: gates\.noNewAccess: got "maybe", expected boolean$/],
    ['  maxMonthyUsd: 5', /^test\.yaml: gates: unknown key 'maxMonthyUsd'; allowed: maxMonthlyUsd, maxRuntimeMinutes, noNewAccess, noNewFindings, noUnpriced, accounting$/],
  ])('%s is refused on one line naming the field', (gates, message) => {
    expect(() => withGates(gates)).toThrow(message);
  });
});

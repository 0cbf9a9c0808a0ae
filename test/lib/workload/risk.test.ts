import { ACCESS_PURPOSES, ACTOR_ROLES, PII_CLASSES } from '../../../lib/workload/event-schema';
import { RISK_TABLE, riskIndex, riskLevel, riskScore } from '../../../lib/workload/risk';

describe('access risk', () => {
  test('non-PII data read in-account by a service is free; the worst case is capped at 100', () => {
    expect(riskScore('none', 'service', 'training', false)).toBe(0);
    expect(riskScore('health', 'external_partner', 'export', true)).toBe(100);
  });

  test('an external partner or a cross-account read is never free', () => {
    expect(riskScore('none', 'external_partner', 'monitoring', false)).toBe(15);
    expect(riskScore('none', 'service', 'monitoring', true)).toBe(10);
  });

  test('levels by threshold', () => {
    expect([0, 19, 20, 44, 45, 69, 70, 100].map(riskLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });

  test('the lookup table matches the formula everywhere', () => {
    PII_CLASSES.forEach((c, ci) =>
      ACTOR_ROLES.forEach((r, ri) =>
        ACCESS_PURPOSES.forEach((p, pi) => {
          for (const x of [false, true]) expect(RISK_TABLE[riskIndex(ci, ri, pi, x)]).toBe(riskScore(c, r, p, x));
        }),
      ),
    );
  });
});

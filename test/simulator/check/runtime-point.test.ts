import { p95RuntimeMs, pointOf, RUNTIME_FALLBACK, RUNTIME_POINT } from '../../../simulator/check/runtime-point';
import type { RuntimeFacts } from '../../../simulator/check/report-schema';

const runtime = (over: Partial<RuntimeFacts> = {}): RuntimeFacts => ({ basis: 'projected', lowMs: 50_000, midMs: 60_000, highMs: 80_000, source: 'test', ...over });

describe('the runtime a gate compares', () => {
  test("is the projection's p95 when it has one, not the band's slow end", () => {
    const r = runtime({ p95Ms: 74_000 });
    expect(p95RuntimeMs(r)).toBe(74_000);
    expect(pointOf(r)).toBe(RUNTIME_POINT);
    expect(RUNTIME_POINT.short).toBe('p95');
  });

  test('falls back to the band high for a file written before the projection had percentiles, and says so', () => {
    const r = runtime();
    expect(p95RuntimeMs(r)).toBe(80_000);
    expect(pointOf(r)).toBe(RUNTIME_FALLBACK);
    expect(RUNTIME_FALLBACK.label).toMatch(/older file without percentiles/);
  });
});

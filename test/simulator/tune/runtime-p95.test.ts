import { p95Ms, pointOf, RUNTIME_FALLBACK, RUNTIME_POINT } from '../../../simulator/tune/runtime-p95';
import type { RuntimeFacts } from '../../../simulator/check/report-schema';
import type { Band } from '../../../simulator/results/model';

const runtime = (over: Partial<RuntimeFacts> = {}): RuntimeFacts => ({ basis: 'projected', lowMs: 50_000, midMs: 60_000, highMs: 80_000, source: 'test', ...over });
const band = (over: Partial<Band> = {}): Band => ({ low: 50_000, mid: 60_000, high: 80_000, ...over });

describe('the one runtime point tune and the check gate read', () => {
  test("is the projection's p95 when it has one, not the band's slow end", () => {
    const r = runtime({ p95Ms: 74_000 });
    expect(p95Ms(r)).toBe(74_000);
    expect(pointOf(r)).toBe(RUNTIME_POINT);
    expect(RUNTIME_POINT.short).toBe('p95');
  });

  test('falls back to the band high for a file written before the projection had percentiles, and says so', () => {
    const r = runtime();
    expect(p95Ms(r)).toBe(80_000);
    expect(pointOf(r)).toBe(RUNTIME_FALLBACK);
    expect(RUNTIME_FALLBACK.label).toMatch(/older file without percentiles/);
  });

  test("reads a results.json band (tune's input) the same way", () => {
    expect([p95Ms(band({ p95: 74_000 })), pointOf(band({ p95: 74_000 }))]).toEqual([74_000, RUNTIME_POINT]);
    expect([p95Ms(band()), pointOf(band())]).toEqual([80_000, RUNTIME_FALLBACK]);
  });
});

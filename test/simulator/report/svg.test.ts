import {
  bandPath,
  decadeDomain,
  escapeXml,
  linearScale,
  linearTicks,
  linePath,
  logScale,
  logTicks,
  powerOfTenLabel,
  timeDomain,
  timeTicks,
  usdTickLabel,
} from '../../../simulator/report/svg';

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });
  it('escapes & first, so entities are not double-decoded', () => {
    expect(escapeXml('&lt;')).toBe('&amp;lt;');
  });
});

describe('scales', () => {
  it('maps a log domain linearly in log space', () => {
    const s = logScale([1e4, 1e8], [0, 400]);
    expect(s(1e4)).toBe(0);
    expect(s(1e6)).toBeCloseTo(200);
    expect(s(1e8)).toBe(400);
    expect(s(0)).toBeNaN();
    expect(s(-5)).toBeNaN();
  });
  it('inverts the range for a y axis', () => {
    const s = logScale([1, 100], [300, 0]);
    expect(s(10)).toBeCloseTo(150);
  });
  it('maps a linear domain', () => {
    expect(linearScale([0, 10], [0, 100])(2.5)).toBe(25);
  });
  it('refuses a degenerate or non-positive log domain', () => {
    expect(() => logScale([0, 10], [0, 1])).toThrow(/log scale needs two distinct positive finite domain ends, got \[0, 10\]/);
    expect(() => logScale([5, 5], [0, 1])).toThrow(/distinct positive/);
  });
  it('refuses a degenerate linear domain', () => {
    expect(() => linearScale([3, 3], [0, 1])).toThrow(/linear scale needs two distinct finite domain ends, got \[3, 3\]/);
  });
});

describe('log axis ticks', () => {
  it('puts a major tick on every decade, minor 2× and 5× over few decades', () => {
    const t = logTicks(1e4, 1e6);
    expect(t.filter((x) => x.major).map((x) => x.value)).toEqual([1e4, 1e5, 1e6]);
    expect(t.filter((x) => !x.major).map((x) => x.value)).toEqual([2e4, 5e4, 2e5, 5e5]);
    expect(t.find((x) => x.value === 1e5)!.label).toBe('10⁵');
  });
  it('drops minor ticks over many decades', () => {
    const t = logTicks(1e4, 1e9);
    expect(t).toHaveLength(6);
    expect(t.every((x) => x.major)).toBe(true);
  });
  it('keeps only ticks within a range that does not start on a decade', () => {
    const t = logTicks(3e4, 4e5);
    expect(t.map((x) => x.value)).toEqual([5e4, 1e5, 2e5]);
  });
  it('labels negative exponents', () => {
    expect(powerOfTenLabel(-3)).toBe('10⁻³');
    expect(logTicks(0.001, 0.01).filter((x) => x.major).map((x) => x.label)).toEqual(['10⁻³', '10⁻²']);
  });
  it('uses a custom label', () => {
    expect(logTicks(1, 100, (v) => `${v} events`).filter((x) => x.major).map((x) => x.label)).toEqual(['1 events', '10 events', '100 events']);
  });
  it('refuses non-positive or reversed bounds', () => {
    expect(() => logTicks(0, 10)).toThrow(/log ticks need 0 < min ≤ max, got min 0, max 10/);
    expect(() => logTicks(10, 1)).toThrow(/log ticks need 0 < min ≤ max, got min 10, max 1/);
  });
  it('rounds a domain out to decades', () => {
    expect(decadeDomain([3.2e4, 870, 2e6])).toEqual([100, 1e7]);
    expect(decadeDomain([1000])).toEqual([1000, 10000]);
    expect(() => decadeDomain([0, -1])).toThrow(/decadeDomain needs at least one positive finite value/);
  });
});

describe('time axis', () => {
  it('steps through durations a reader knows', () => {
    const [lo, hi] = timeDomain([1_400, 93 * 60_000]);
    expect([lo, hi]).toEqual([1_000, 36_000_000]);
    expect(timeTicks(lo, hi).map((t) => t.label)).toEqual(['1 s', '10 s', '1 min', '10 min', '1 h', '10 h']);
  });
  it('refuses bad input', () => {
    expect(() => timeDomain([])).toThrow(/timeDomain needs at least one positive finite value/);
    expect(() => timeTicks(0, 10)).toThrow(/time ticks need 0 < min ≤ max, got min 0, max 10/);
  });
});

describe('usdTickLabel', () => {
  it('writes powers of ten without trailing zeros', () => {
    expect([1e-4, 1e-3, 0.01, 0.1, 1, 10, 1000].map(usdTickLabel)).toEqual(['$0.0001', '$0.001', '$0.01', '$0.1', '$1', '$10', '$1,000']);
  });
  it('writes the steps of a linear axis, zero included, never in exponent form', () => {
    expect([0, 0.15, 0.5, 2.5, 12.5, 1e-7].map(usdTickLabel)).toEqual(['$0', '$0.15', '$0.5', '$2.5', '$12.5', '$0.0000001']);
  });
});

describe('linear ticks', () => {
  it('uses 1-2-5 steps', () => {
    expect(linearTicks(0, 100, 5).map((t) => t.value)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(linearTicks(0, 1, 4).map((t) => t.value)).toEqual([0, 0.5, 1]);
  });
  it('returns one tick for an empty range', () => {
    expect(linearTicks(3, 3)).toEqual([{ value: 3, label: '3', major: true }]);
  });
  it('refuses reversed bounds', () => {
    expect(() => linearTicks(2, 1)).toThrow(/linear ticks need finite min ≤ max, got min 2, max 1/);
  });
});

describe('paths', () => {
  it('draws a polyline rounded to 0.1 px', () => {
    expect(linePath([[0, 0], [10.04, 20.06], [30, 40]])).toBe('M0 0 L10 20.1 L30 40');
  });
  it('breaks the line at non-finite points instead of drawing through them', () => {
    expect(linePath([[0, 0], [10, NaN], [20, 5], [30, 6]])).toBe('M0 0 M20 5 L30 6');
    expect(linePath([])).toBe('');
  });
  it('closes a band: high line forward, low line back', () => {
    expect(bandPath([0, 10], [5, 6], [1, 2])).toBe('M0 1 L10 2 L10 6 L0 5 Z');
  });
  it('skips non-finite band points and returns nothing for fewer than two', () => {
    expect(bandPath([0, 10, 20], [5, NaN, 7], [1, 2, 3])).toBe('M0 1 L20 3 L20 7 L0 5 Z');
    expect(bandPath([0], [1], [2])).toBe('');
  });
  it('refuses mismatched lengths', () => {
    expect(() => bandPath([0, 1], [1], [2, 3])).toThrow(/band needs as many lows and highs as xs, got 2 xs, 1 lows, 2 highs/);
  });
});

/**
 * SVG building blocks for report.html: escaping, scales, ticks and paths. Pure functions of numbers to
 * strings; no DOM, so they run (and are tested) in Node.
 *
 * d3-scale 4 and d3-shape 3 were evaluated for this file (issue 15) and not adopted, because they would
 * not make it much smaller:
 * - They bring 10 packages (1.3 MB), all ESM-only, which jest would need a transform for.
 * - `scaleLog().ticks()` gives every 1×–9× of each decade (55 ticks over 1e3–1e9). Our axes label the
 *   decades and draw 2× and 5× only over three decades or less, so `logTicks` would stay as it is.
 * - `timeTicks` are durations (ms, s, min, h). d3's time scale is for calendar dates, so it stays too.
 * - What d3 would replace is `linearScale`/`logScale` (about 20 lines) and `linePath`/`bandPath` (about
 *   25 lines, as `line()`/`area()` with `defined()`). That is about 40 of 185 lines.
 */

/** Escapes text for XML/HTML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

function makeScale(f: (v: number) => number, domain: readonly [number, number], range: readonly [number, number]): Scale {
  return Object.assign(f, { domain, range });
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!(Number.isFinite(d0) && Number.isFinite(d1)) || d0 === d1) throw new RangeError(`linear scale needs two distinct finite domain ends, got [${d0}, ${d1}]`);
  return makeScale((v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0), domain, range);
}

export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0 && d1 > 0) || d0 === d1 || !Number.isFinite(d0) || !Number.isFinite(d1)) {
    throw new RangeError(`log scale needs two distinct positive finite domain ends, got [${d0}, ${d1}]`);
  }
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  // Non-positive values have no place on a log axis: they map to NaN, and paths break there.
  return makeScale((v) => (v > 0 ? r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0) : NaN), domain, range);
}

/** The smallest power of ten ≤ v and the largest ≥ v: a log axis domain that starts and ends on a decade. */
export function decadeDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!positive.length) throw new RangeError('decadeDomain needs at least one positive finite value');
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  let hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  if (hi === lo) hi = lo * 10;
  return [lo, hi];
}

export interface Tick {
  readonly value: number;
  readonly label: string;
  /** Decades are major ticks (labelled, with a grid line); 2× and 5× are minor. */
  readonly major: boolean;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** `10⁶` style label of a power of ten. */
export function powerOfTenLabel(exponent: number): string {
  return `10${String(exponent)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('')}`;
}

/**
 * Ticks for a log axis over [min, max]: every decade as a major tick; 2× and 5× as minor ticks when
 * the range spans at most `minorUpToDecades` decades (more would clutter). `format` labels majors.
 */
export function logTicks(min: number, max: number, format: (v: number) => string = (v) => powerOfTenLabel(Math.round(Math.log10(v))), minorUpToDecades = 3): Tick[] {
  if (!(min > 0 && max > 0) || !Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`log ticks need 0 < min ≤ max, got min ${min}, max ${max}`);
  }
  const first = Math.floor(Math.log10(min) + 1e-9);
  const last = Math.ceil(Math.log10(max) - 1e-9);
  const minor = last - first <= minorUpToDecades;
  const ticks: Tick[] = [];
  const within = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  for (let e = first; e <= last; e++) {
    const decade = 10 ** e;
    if (within(decade)) ticks.push({ value: decade, label: format(decade), major: true });
    if (minor) {
      for (const m of [2, 5]) {
        const v = m * decade;
        if (within(v)) ticks.push({ value: v, label: '', major: false });
      }
    }
  }
  return ticks;
}

/** Durations a reader knows, for log time axes: decades of ms, then minutes and hours. */
const TIME_LADDER_MS: readonly { readonly ms: number; readonly label: string }[] = [
  { ms: 1, label: '1 ms' },
  { ms: 10, label: '10 ms' },
  { ms: 100, label: '100 ms' },
  { ms: 1_000, label: '1 s' },
  { ms: 10_000, label: '10 s' },
  { ms: 60_000, label: '1 min' },
  { ms: 600_000, label: '10 min' },
  { ms: 3_600_000, label: '1 h' },
  { ms: 36_000_000, label: '10 h' },
  { ms: 86_400_000, label: '1 day' },
  { ms: 864_000_000, label: '10 days' },
];

/** A log time axis domain that starts and ends on TIME_LADDER_MS steps around the values. */
export function timeDomain(valuesMs: readonly number[]): [number, number] {
  const positive = valuesMs.filter((v) => v > 0 && Number.isFinite(v));
  if (!positive.length) throw new RangeError('timeDomain needs at least one positive finite value');
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  const ladder = TIME_LADDER_MS.map((t) => t.ms);
  const lo = [...ladder].reverse().find((v) => v <= min) ?? min;
  const hi = ladder.find((v) => v >= max) ?? max;
  return [lo, hi > lo ? hi : lo * 10];
}

/** Ticks on a log time axis: the TIME_LADDER_MS steps within [min, max], all major. */
export function timeTicks(minMs: number, maxMs: number): Tick[] {
  if (!(minMs > 0) || !(maxMs >= minMs) || !Number.isFinite(maxMs)) throw new RangeError(`time ticks need 0 < min ≤ max, got min ${minMs}, max ${maxMs}`);
  return TIME_LADDER_MS.filter((t) => t.ms >= minMs * (1 - 1e-9) && t.ms <= maxMs * (1 + 1e-9)).map((t) => ({ value: t.ms, label: t.label, major: true }));
}

/**
 * A dollar tick label without trailing zeros: powers of ten on a log axis (`$0.0001`, `$0.1`, `$10`,
 * `$1,000`) and the 1-2-5 steps of a linear one (`$0`, `$0.15`, `$12.5`).
 */
export function usdTickLabel(v: number): string {
  if (v === 0) return '$0';
  if (v >= 1) return `$${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
  // Two significant digits below a dollar, never in exponent form.
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(v) + 1e-9));
  return `$${v.toFixed(decimals).replace(/\.?0+$/, '')}`;
}

/** "Nice" linear ticks (1, 2, 5 × 10^k steps) covering [min, max], about `count` of them. */
export function linearTicks(min: number, max: number, count = 5, format: (v: number) => string = (v) => String(v)): Tick[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) throw new RangeError(`linear ticks need finite min ≤ max, got min ${min}, max ${max}`);
  if (min === max) return [{ value: min, label: format(min), major: true }];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: Tick[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    const clean = Number(v.toPrecision(12));
    ticks.push({ value: clean, label: format(clean), major: true });
  }
  return ticks;
}

/** Rounds a coordinate to 0.1 px: enough for any screen, and keeps the file small. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/**
 * An SVG path through the points. A point with a non-finite coordinate (e.g. a non-positive value on a
 * log axis) breaks the line into separate segments instead of drawing through it.
 */
export function linePath(points: readonly (readonly [number, number])[]): string {
  const parts: string[] = [];
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${px(x)} ${px(y)}`);
    pen = true;
  }
  return parts.join(' ');
}

/**
 * A closed area between a low and a high line over the same x values: the uncertainty band. Points
 * where any coordinate is non-finite are skipped.
 */
export function bandPath(xs: readonly number[], lows: readonly number[], highs: readonly number[]): string {
  if (xs.length !== lows.length || xs.length !== highs.length) {
    throw new RangeError(`band needs as many lows and highs as xs, got ${xs.length} xs, ${lows.length} lows, ${highs.length} highs`);
  }
  const ok = xs.map((x, i) => Number.isFinite(x) && Number.isFinite(lows[i]!) && Number.isFinite(highs[i]!));
  const idx = xs.map((_, i) => i).filter((i) => ok[i]);
  if (idx.length < 2) return '';
  const upper = idx.map((i, k) => `${k ? 'L' : 'M'}${px(xs[i]!)} ${px(highs[i]!)}`);
  const lower = [...idx].reverse().map((i) => `L${px(xs[i]!)} ${px(lows[i]!)}`);
  return `${[...upper, ...lower].join(' ')} Z`;
}

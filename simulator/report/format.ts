import { formatUsd } from '../cost/format';

/**
 * Number formatting shared by the memo, the HTML and the diff, so that one quantity reads the same
 * everywhere. Pure.
 */

export { formatUsd };

/**
 * Monthly dollars with four decimals below $100 (`$12.3456`), two above (`$1,234.57`): configurations
 * of one design often differ by a fraction of a cent a month, and the tuning front is ordered by it.
 */
export function formatUsdFine(usd: number): string {
  return usd >= 100 ? `$${usd.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}` : `$${usd.toFixed(4)}`;
}

/** A budget or limit as the user wrote it: `$50`, `$0.50`, `$1,250.75`. */
export function formatBudgetUsd(usd: number): string {
  return Number.isInteger(usd) ? `$${usd.toLocaleString('en-US')}` : `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Microseconds, `0.42 µs` / `12.5 µs` (two decimals below ten, one above); `unit: false` leaves the unit to a column heading. */
export function formatUs(us: number, o: { readonly unit?: boolean } = {}): string {
  const text = Math.abs(us) >= 10 ? us.toFixed(1) : us.toFixed(2);
  return o.unit === false ? text : `${text} µs`;
}

/** Milliseconds as a human duration: `850 ms`, `31.4 s`, `12.3 min`, `1.55 h`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  // Seconds up to two minutes: "67.1 s" reads better than "1.1 min" and keeps a digit of precision.
  if (abs < 120_000) return `${trim((ms / 1000).toFixed(abs < 10_000 ? 2 : 1))} s`;
  if (abs < 3_600_000) return `${trim((ms / 60_000).toFixed(1))} min`;
  return `${trim((ms / 3_600_000).toFixed(2))} h`;
}

/** "30.0" → "30", "2.50" → "2.5": toFixed's trailing zeros carry no information here. */
function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A projected band: `67.1 s (59.1–75.2 s)`. */
export function formatMsBand(mid: number, low: number, high: number): string {
  return `${formatMs(mid)} (${formatMs(low)}–${formatMs(high)})`;
}

export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Events per run, short: `10k`, `1M`, `320M`, `1.5B`. Exact below 1,000. */
export function formatVolume(n: number): string {
  const abs = Math.abs(n);
  const short = (x: number, unit: string) => `${Number(x.toPrecision(3)).toLocaleString('en-US')}${unit}`;
  if (abs >= 1e9) return short(n / 1e9, 'B');
  if (abs >= 1e6) return short(n / 1e6, 'M');
  if (abs >= 1e3) return short(n / 1e3, 'k');
  return String(Math.round(n));
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** A fraction as a percentage with sensible precision: `0.7%`, `13%`. */
export function formatPct(fraction: number): string {
  const p = fraction * 100;
  if (!Number.isFinite(p)) return String(p);
  if (p !== 0 && Math.abs(p) < 1) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}

/** A signed percentage, `+9.5%` / `-3.0%` / `+25%` (one decimal under ten), `±0%` at zero. */
export function formatSignedPct(pct: number): string {
  if (!Number.isFinite(pct)) return `${pct}%`;
  if (pct === 0) return '±0%';
  return `${pct > 0 ? '+' : ''}${Math.abs(pct) < 10 ? pct.toFixed(1) : Math.round(pct).toString()}%`;
}

/** A signed percentage change, `+9.5%` / `-3.0%` / `±0%`; `new` when the base is zero. */
export function formatPctChange(before: number, after: number): string {
  if (before === after) return '±0%';
  if (before === 0) return 'new';
  return formatSignedPct(((after - before) / Math.abs(before)) * 100);
}

/** A ratio as `13×` or `1.06×`. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  return `${r >= 10 ? Math.round(r) : r.toFixed(r >= 2 ? 1 : 2)}×`;
}

import { formatBudgetUsd, formatMs, formatRatio, formatUsd } from '../cost/format';

/**
 * Number formatting shared by the memo, the HTML and the diff, so that one quantity reads the same
 * everywhere. Pure.
 */

export { formatBudgetUsd, formatMs, formatRatio, formatUsd };

/**
 * Monthly dollars with four decimals below $100 (`$12.3456`), two above (`$1,234.57`): configurations
 * of one design often differ by a fraction of a cent a month, and the tuning front is ordered by it.
 */
export function formatUsdFine(usd: number): string {
  return usd >= 100 ? `$${usd.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}` : `$${usd.toFixed(4)}`;
}

/** Microseconds, `0.42 µs` / `12.5 µs` (two decimals below ten, one above); `unit: false` leaves the unit to a column heading. */
export function formatUs(us: number, o: { readonly unit?: boolean } = {}): string {
  const text = Math.abs(us) >= 10 ? us.toFixed(1) : us.toFixed(2);
  return o.unit === false ? text : `${text} µs`;
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

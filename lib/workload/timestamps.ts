/**
 * ISO-8601 timestamps on the hot path. `Date.parse` and `toISOString` are correct but cost a few
 * hundred nanoseconds each; both the generator and the processor handle two timestamps per event, so
 * the common shape (`YYYY-MM-DDTHH:MM:SS.sssZ`, the only one the generator writes) gets a fast path.
 * Anything else falls back to a strict pattern plus `Date.parse`.
 */

const DAY_MS = 86_400_000;
const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const HM = Array.from({ length: 1440 }, (_, i) => `${P2[Math.floor(i / 60)]}:${P2[i % 60]}`);
const dayPrefix = new Map<number, string>();

/** Format epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.sssZ` (years 1970-9999). */
export function formatIsoMillis(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    // A run spans a few days at most; the bound only guards long-lived processes.
    if (dayPrefix.size > 4096) dayPrefix.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  const rem = ms - day * DAY_MS;
  const minute = Math.floor(rem / 60_000);
  const msInMinute = rem - minute * 60_000;
  const sec = Math.floor(msInMinute / 1000);
  return prefix + HM[minute] + ':' + P2[sec] + '.' + P3[msInMinute - sec * 1000] + 'Z';
}

const ISO_SLOW = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parse an ISO-8601 date-time with a zone into epoch milliseconds; NaN when it is not one. Stricter
 * than Date.parse, which rolls 2025-02-29 over to March and accepts 24:00.
 */
export function parseIsoMillis(s: string): number {
  if (s.length === 24 && s.charCodeAt(23) === 90 /* Z */ && hasFastShape(s)) return parseFast(s);
  const m = ISO_SLOW.exec(s);
  if (m === null) return NaN;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const local = civil(Number(y), Number(mo), Number(d), Number(h), Number(mi), sec === undefined ? 0 : Number(sec), ms);
  if (zone === 'Z' || local !== local) return local;
  const offH = Number(zone!.slice(1, 3));
  const offM = Number(zone!.slice(4, 6));
  if (offH > 23 || offM > 59) return NaN;
  const offset = (offH * 60 + offM) * 60_000;
  return zone![0] === '+' ? local - offset : local + offset;
}

function hasFastShape(s: string): boolean {
  return (
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    s.charCodeAt(19) === 46
  );
}

function parseFast(s: string): number {
  // d2/d3/d4 return negative numbers for non-digits, which civil's range checks reject.
  return civil(d4(s, 0), d2(s, 5), d2(s, 8), d2(s, 11), d2(s, 14), d2(s, 17), d3(s, 20));
}

function civil(y: number, mo: number, d: number, h: number, mi: number, sec: number, ms: number): number {
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) {
    return NaN;
  }
  return daysFromCivil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100_000;
}
function d2(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}
function d3(s: string, i: number): number {
  return digit(s, i) * 100 + digit(s, i + 1) * 10 + digit(s, i + 2);
}
function d4(s: string, i: number): number {
  return digit(s, i) * 1000 + digit(s, i + 1) * 100 + digit(s, i + 2) * 10 + digit(s, i + 3);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

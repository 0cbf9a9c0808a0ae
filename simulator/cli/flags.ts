import { UserError } from '../errors';
import { MAX_EVENTS, MAX_PARTITIONS, REGION_PATTERN } from '../scenario/schema';

/**
 * Strict parsing of the CLI's numeric and coded flags. yargs' `type: 'number'` turns `abc` into NaN,
 * which a command then cannot tell from "not given"; here every numeric flag arrives as the text the
 * user typed and is either a number in its range or a one-line error that quotes it.
 */

/** Plain decimal or scientific notation (`200000`, `2e5`, `1.5e6`); no hex, no sign, no words. */
const NUMBER_TEXT = /^(\d+(\.\d*)?|\.\d+)(e\+?\d+)?$/i;

export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** Parsed arguments of any command, read by flag name. */
export type FlagArgs = { readonly [name: string]: unknown };

/** The integer a flag holds, undefined when it was not given; anything else is a UserError. */
export function intFlag(args: FlagArgs, name: string, range: IntRange): number | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) throw new UserError(`--${name} was given ${v.length} times; give it once`);
  const text = String(v).trim();
  const n = typeof v === 'number' ? v : NUMBER_TEXT.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    const shown = /^[-+.\deE]{1,30}$/.test(text) ? text : JSON.stringify(text.slice(0, 40));
    throw new UserError(`--${name}: expected an integer from ${range.min} to ${range.max}, got ${shown}`);
  }
  return n;
}

/** Ranges of the numeric flags, from the scenario's own caps where one applies. */
export const FLAG_RANGES = {
  events: { min: 1, max: MAX_EVENTS },
  partitions: { min: 1, max: MAX_PARTITIONS },
  workers: { min: 1, max: 256 },
  'project-to': { min: 1, max: 1e15 },
  'sla-minutes': { min: 1, max: 10_080 },
  'verify-events': { min: 1, max: MAX_EVENTS },
} as const satisfies Record<string, IntRange>;

export type NumericFlag = keyof typeof FLAG_RANGES;

export function numericFlag(args: FlagArgs, name: NumericFlag): number | undefined {
  return intFlag(args, name, FLAG_RANGES[name]);
}

/** A plain decimal amount (`40`, `12.5`, `1e3`, `-1`); no words, no hex. */
const AMOUNT_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

/**
 * The decimal number a flag holds (an amount of dollars or minutes), undefined when it was not given.
 * `min` is inclusive: 0 allows zero, `Number.MIN_VALUE` asks for more than zero. Anything else is a UserError.
 */
export function numberFlag(args: FlagArgs, name: string, min: number): number | undefined {
  const raw = args[name];
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) throw new UserError(`--${name} was given ${raw.length} times; give it once`);
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' && AMOUNT_TEXT.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(v)) throw new UserError(`--${name}: expected a number, got ${JSON.stringify(String(raw)).slice(0, 60)}`);
  if (!(v >= min)) throw new UserError(`--${name}: expected a number ${min === Number.MIN_VALUE ? '> 0' : `>= ${min}`}, got ${String(raw).slice(0, 40)}`);
  return v;
}

/** An AWS region code (`us-east-1`, `us-gov-west-1`): the same rule as the scenario's `region`. */
export function regionFlag(args: FlagArgs, name = 'region', fallback = 'us-east-1'): string {
  const v = args[name];
  if (v === undefined || v === null) return fallback;
  const text = String(v);
  if (Array.isArray(v) || !REGION_PATTERN.test(text)) throw new UserError(`--${name}: expected an AWS region code such as us-east-1, got ${JSON.stringify(Array.isArray(v) ? v.join(' ') : text.slice(0, 60))}`);
  return text;
}

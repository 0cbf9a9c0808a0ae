import { formatBudgetUsd, formatBytes, formatInt, formatMs, formatMsBand, formatPct, formatPctChange, formatRatio, formatSignedPct, formatUs, formatUsdFine, formatVolume } from '../../../simulator/report/format';
import { countWords, mdCell, mdTable } from '../../../simulator/report/markdown';

describe('formatMs', () => {
  it.each([
    [850, '850 ms'],
    [1_234, '1.23 s'],
    [5_000, '5 s'],
    [31_408, '31.4 s'],
    [67_115, '67.1 s'],
    [119_000, '119 s'],
    [150_000, '2.5 min'],
    [1_800_000, '30 min'],
    [5_580_100, '1.55 h'],
  ])('%d ms → %s', (ms, text) => expect(formatMs(ms)).toBe(text));
  it('formats a band', () => expect(formatMsBand(67_115, 59_061, 75_169)).toBe('67.1 s (59.1 s–75.2 s)'));
});

describe('numbers', () => {
  it('formats volumes short', () => {
    expect([999, 10_000, 600_000, 1_000_000, 320_000_000, 1.5e9].map(formatVolume)).toEqual(['999', '10k', '600k', '1M', '320M', '1.5B']);
  });
  it('formats integers, bytes, percentages and ratios', () => {
    expect(formatInt(1_000_000)).toBe('1,000,000');
    expect(formatBytes(143_004_117)).toBe('136.4 MiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatPct(0.005946)).toBe('0.6%');
    expect(formatPct(0.13)).toBe('13%');
    expect(formatRatio(12.96)).toBe('13×');
    expect(formatRatio(1.063)).toBe('1.06×');
  });
  it('signs percentage changes', () => {
    expect(formatPctChange(100, 109.5)).toBe('+9.5%');
    expect(formatPctChange(100, 70)).toBe('-30%');
    expect(formatPctChange(5, 5)).toBe('±0%');
    expect(formatPctChange(0, 5)).toBe('new');
  });
});

describe('markdown', () => {
  it('escapes pipes and newlines in cells', () => {
    expect(mdCell('a|b\nc')).toBe('a\\|b c');
  });
  it('builds a table with alignment', () => {
    expect(mdTable(['k', 'v'], [['x', '1']], ['l', 'r'])).toBe('| k | v |\n| --- | ---: |\n| x | 1 |');
  });
  it('counts words, not table rules or markup', () => {
    expect(countWords('## Heading here\n\n| a | b |\n| --- | --- |\n| one two | 3 |\n\n- **bold** `code` — 1,000')).toBe(10);
  });
});

describe('the shared money, percentage and microsecond formats', () => {
  test('fine monthly dollars keep four decimals below $100', () => {
    expect(formatUsdFine(12.34567)).toBe('$12.3457');
    expect(formatUsdFine(1234.5)).toBe('$1,234.50');
  });
  test('budgets read as the user wrote them', () => {
    expect(formatBudgetUsd(50)).toBe('$50');
    expect(formatBudgetUsd(0.5)).toBe('$0.50');
    expect(formatBudgetUsd(1250.75)).toBe('$1,250.75');
  });
  test('signed percentages: one decimal under ten, zero without a sign', () => {
    expect(formatSignedPct(6.2)).toBe('+6.2%');
    expect(formatSignedPct(-4.7)).toBe('-4.7%');
    expect(formatSignedPct(-25.4)).toBe('-25%');
    expect(formatSignedPct(0)).toBe('±0%');
  });
  test('microseconds: two decimals below ten, one above, the unit optional', () => {
    expect(formatUs(0.4219)).toBe('0.42 µs');
    expect(formatUs(52)).toBe('52.0 µs');
    expect(formatUs(12.34, { unit: false })).toBe('12.3');
  });
});

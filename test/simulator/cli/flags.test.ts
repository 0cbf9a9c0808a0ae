import type { Args } from '../../../simulator/cli/command';
import { intFlag, numberFlag, numericFlag, regionFlag } from '../../../simulator/cli/flags';

const args = (o: Record<string, unknown>): Args => ({ _: [], ...o });

describe('strict numeric flags', () => {
  test.each([
    ['200000', 200_000],
    ['2e5', 200_000],
    ['1.5e6', 1_500_000],
    ['1e12', 1e12],
  ])('--events %s is %d', (text, n) => {
    expect(numericFlag(args({ events: text }), 'events')).toBe(n);
  });

  test('absent is undefined, not a default in disguise', () => {
    expect(numericFlag(args({}), 'events')).toBeUndefined();
  });

  test.each([
    ['abc', '"abc"'],
    ['', '""'],
    ['1e13', '1e13'],
    ['-5', '-5'],
    ['1.5', '1.5'],
    ['0x10', '"0x10"'],
    ['Infinity', '"Infinity"'],
    ['1_000', '"1_000"'],
  ])('--events %p is refused, quoting what was typed', (text, shown) => {
    expect(() => numericFlag(args({ events: text }), 'events')).toThrow(`--events: expected an integer from 1 to 1000000000000, got ${shown}`);
  });

  test('a flag given twice is refused', () => {
    expect(() => numericFlag(args({ workers: ['1', '2'] }), 'workers')).toThrow('--workers was given 2 times; give it once');
  });

  test('ranges come from the caller', () => {
    expect(intFlag(args({ n: '7' }), 'n', { min: 1, max: 7 })).toBe(7);
    expect(() => intFlag(args({ n: '8' }), 'n', { min: 1, max: 7 })).toThrow('--n: expected an integer from 1 to 7, got 8');
  });
});

describe('--region', () => {
  test('accepts AWS region codes and refuses anything else, before it reaches an export line', () => {
    expect(regionFlag(args({ region: 'eu-west-1' }))).toBe('eu-west-1');
    expect(regionFlag(args({ region: 'us-gov-west-1' }))).toBe('us-gov-west-1');
    expect(regionFlag(args({}))).toBe('us-east-1');
    expect(() => regionFlag(args({ region: 'mars 1; rm -rf x' }))).toThrow('--region: expected an AWS region code such as us-east-1, got "mars 1; rm -rf x"');
  });
});

describe('numberFlag', () => {
  it('reads decimal amounts and leaves an absent flag undefined', () => {
    expect(numberFlag({ m: '12.5' }, 'm', 0)).toBe(12.5);
    expect(numberFlag({ m: '1e3' }, 'm', 0)).toBe(1000);
    expect(numberFlag({ m: 0 }, 'm', 0)).toBe(0);
    expect(numberFlag({}, 'm', 0)).toBeUndefined();
  });
  it('refuses words, amounts under the minimum and a repeated flag', () => {
    expect(() => numberFlag({ m: 'abc' }, 'm', 0)).toThrow(/--m: expected a number, got "abc"/);
    expect(() => numberFlag({ m: '-1' }, 'm', 0)).toThrow(/--m: expected a number >= 0, got -1/);
    expect(() => numberFlag({ m: '0' }, 'm', Number.MIN_VALUE)).toThrow(/--m: expected a number > 0, got 0/);
    expect(() => numberFlag({ m: ['1', '2'] }, 'm', 0)).toThrow(/--m was given 2 times/);
  });
});

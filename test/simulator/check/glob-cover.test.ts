import fc from 'fast-check';
import { globMatches } from '../../../simulator/access/glob';
import { patternCovers } from '../../../simulator/check/glob-cover';

describe('patternCovers', () => {
  test.each([
    ['arn:aws:s3:::{Raw}/*', 'arn:aws:s3:::{Raw}/runs/*', true],
    ['arn:aws:s3:::{Raw}/runs/*', 'arn:aws:s3:::{Raw}/*', false],
    ['arn:aws:s3:::{Raw}', 'arn:aws:s3:::{Raw}', true],
    ['arn:aws:s3:::{Raw}', 'arn:aws:s3:::{Raw}/*', false],
    ['arn:aws:s3:::{Raw}/*', 'arn:aws:s3:::{Raw}', false],
    ['*', 'arn:aws:s3:::{Raw}/*', true],
    ['arn:*', '*', false],
    ['a*c', 'ab*c', true],
    ['a*bc', 'a*c', false],
    ['a?', 'a*', false],
    ['a*', 'a?', true],
    ['??', 'a?', true],
    ['a?', '??', false],
    ['*a*', '*a*a*', true],
    ['*a*a*', '*a*', false],
  ])('%s covers %s: %s', (general, specific, expected) => {
    expect(patternCovers(general, specific)).toBe(expected);
  });

  test('agrees with matching: a pattern that covers another matches every string the other matches', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '*', '?');
    const pattern = fc.array(alphabet, { maxLength: 6 }).map((cs) => cs.join(''));
    const word = fc.array(fc.constantFrom('a', 'b', '/', 'c'), { maxLength: 7 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(pattern, pattern, fc.array(word, { minLength: 30, maxLength: 30 }), (g, s, words) => {
        if (!patternCovers(g, s)) return true;
        return words.filter((w) => globMatches(s, w)).every((w) => globMatches(g, w));
      }),
      { numRuns: 400 },
    );
  });

  test('is exact: when it says no, some string matches the specific pattern and not the general one', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?');
    const pattern = fc.array(alphabet, { maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(pattern, pattern, (g, s) => {
        if (patternCovers(g, s)) return true;
        // Every string up to length 7 over a, b, c: a counterexample must be among them for patterns this short.
        const words: string[] = [''];
        for (let n = 0; n < 7; n++) for (const w of words.filter((x) => x.length === n)) for (const c of ['a', 'b', 'c']) words.push(w + c);
        return words.some((w) => globMatches(s, w) && !globMatches(g, w));
      }),
      { numRuns: 300 },
    );
  });
});

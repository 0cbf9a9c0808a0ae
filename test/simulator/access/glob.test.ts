import fc from 'fast-check';
import { coverageOfPrefix, globMatches, hasWildcard } from '../../../simulator/access/glob';

describe('IAM wildcard matching', () => {
  it('matches * across / and :, ? as one character, case-sensitively', () => {
    expect(globMatches('*', 'arn:aws:s3:::b/k')).toBe(true);
    expect(globMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y')).toBe(true);
    expect(globMatches('arn:aws:s3:::b?', 'arn:aws:s3:::bc')).toBe(true);
    expect(globMatches('arn:aws:s3:::b?', 'arn:aws:s3:::b')).toBe(false);
    expect(globMatches('arn:aws:s3:::B', 'arn:aws:s3:::b')).toBe(false);
    expect(globMatches('arn:aws:s3:::{Raw}', 'arn:aws:s3:::{Raw}')).toBe(true);
    expect(hasWildcard('a*')).toBe(true);
    expect(hasWildcard('a')).toBe(false);
  });

  it('tells a grant on every key under a prefix from a grant on part of it', () => {
    const prefix = 'arn:aws:s3:::{Raw}/';
    expect(coverageOfPrefix('arn:aws:s3:::{Raw}/*', prefix)).toBe('all');
    expect(coverageOfPrefix('*', prefix)).toBe('all');
    expect(coverageOfPrefix('arn:aws:s3:::*', prefix)).toBe('all');
    expect(coverageOfPrefix('arn:aws:s3:::*/*', prefix)).toBe('all');
    expect(coverageOfPrefix('arn:aws:s3:::{Raw}/in/*', prefix)).toBe('some');
    expect(coverageOfPrefix('arn:aws:s3:::*/raw/*', prefix)).toBe('some');
    expect(coverageOfPrefix('arn:aws:s3:::{Raw}/one-key', prefix)).toBe('some');
    expect(coverageOfPrefix('arn:aws:s3:::{Raw}', prefix)).toBe('none');
    expect(coverageOfPrefix('arn:aws:s3:::{Curated}/*', prefix)).toBe('none');
    expect(coverageOfPrefix('arn:aws:s3:::{R?w}/*', prefix)).toBe('all');
  });

  it('agrees with matching on sampled keys (property)', () => {
    const chars = fc.constantFrom('a', 'b', '/', '*', '?');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 6 }), fc.string({ unit: fc.constantFrom('a', 'b', '/'), maxLength: 4 }), (tail, key) => {
        const pattern = `p/${tail}`;
        const c = coverageOfPrefix(pattern, 'p/');
        const matches = globMatches(pattern, `p/${key}`);
        if (c === 'none') expect(matches).toBe(false);
        if (c === 'all' && key.length > 0) expect(matches).toBe(true);
        if (matches) expect(c).not.toBe('none');
      }),
      { numRuns: 500 },
    );
  });
});

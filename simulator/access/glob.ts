/**
 * IAM wildcard matching on ARNs: `*` matches any run of characters (including `/` and `:`), `?` exactly
 * one. Resource ARNs compare case-sensitively, as IAM does.
 */

const cache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    cache.set(pattern, re);
  }
  return re;
}

export function globMatches(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/**
 * How much of the key space under `prefix` a pattern covers:
 * - `all`: every string that starts with `prefix` (and has more after it) matches;
 * - `some`: some do, not all (e.g. a grant on one folder of a bucket);
 * - `none`: no string that starts with `prefix` can match.
 *
 * Used with `prefix = arn:aws:s3:::{bucket}/` to tell a grant on every object of a zone from a grant on
 * part of it. Exact: runs the pattern's automaton over the prefix and looks at the states left.
 */
export function coverageOfPrefix(pattern: string, prefix: string): 'all' | 'some' | 'none' {
  // States are positions in the pattern; a `*` at position i may consume any character and stay.
  const closure = (states: Set<number>): Set<number> => {
    for (const i of [...states]) {
      let j = i;
      while (pattern[j] === '*') states.add(++j);
    }
    return states;
  };
  let states = closure(new Set([0]));
  for (const c of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      const p = pattern[i];
      if (p === '*') next.add(i);
      else if (p === '?' || p === c) next.add(i + 1);
    }
    states = closure(next);
    if (!states.size) return 'none';
  }
  // Any state left can be completed to a match; one whose remaining pattern is only `*` matches every completion.
  for (const i of states) if (i < pattern.length && /^\*+$/.test(pattern.slice(i))) return 'all';
  return 'some';
}

/**
 * Whether one IAM resource pattern covers another: every ARN the `specific` pattern matches is also
 * matched by the `general` one (`*` any run of characters, `?` exactly one, case-sensitive, as IAM
 * matches resources; the same rules as simulator/access/glob.ts). `arn:aws:s3:::{Raw}/*` covers
 * `arn:aws:s3:::{Raw}/runs/*`; the reverse does not hold.
 *
 * Exact, not a heuristic: the specific pattern is walked against the general pattern's automaton.
 * A literal character advances it; `?` must be accepted for every character class the general
 * pattern distinguishes (each literal in it, and "any other"); `*` for every set of states any string
 * can reach. Patterns are short ARNs, so the state sets stay small. Pure.
 */
export function patternCovers(general: string, specific: string): boolean {
  if (general === specific) return true;
  if (!/[*?]/.test(general)) return false;
  const n = general.length;
  // A character not in the general pattern stands for every character it does not name.
  const classes = [...new Set(general.replace(/[*?]/g, ''))];
  const other = otherChar(general);
  const alphabet = [...classes, other];

  const closure = (states: Iterable<number>): number[] => {
    const out = new Set<number>();
    const stack = [...states];
    while (stack.length) {
      const i = stack.pop()!;
      if (out.has(i)) continue;
      out.add(i);
      if (general[i] === '*') stack.push(i + 1);
    }
    return [...out].sort((a, b) => a - b);
  };
  const step = (states: readonly number[], c: string): number[] => {
    const next: number[] = [];
    for (const i of states) {
      const g = general[i];
      if (g === '*') next.push(i);
      else if (g === '?' || g === c) next.push(i + 1);
    }
    return closure(next);
  };
  /** Every state set some string (possibly empty) leads to from `start`. */
  const reachable = (start: readonly number[]): number[][] => {
    const seen = new Map<string, number[]>([[start.join(','), [...start]]]);
    const queue = [start];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const c of alphabet) {
        const nxt = step(cur, c);
        const key = nxt.join(',');
        if (!seen.has(key)) {
          seen.set(key, nxt);
          queue.push(nxt);
        }
      }
    }
    return [...seen.values()];
  };

  const memo = new Map<string, boolean>();
  const covers = (j: number, states: readonly number[]): boolean => {
    if (!states.length) return false;
    if (j === specific.length) return states.includes(n);
    const key = `${j}|${states.join(',')}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const s = specific[j]!;
    let ok: boolean;
    if (s === '*') ok = reachable(states).every((set) => covers(j + 1, set));
    else if (s === '?') ok = alphabet.every((c) => covers(j + 1, step(states, c)));
    else ok = covers(j + 1, step(states, s));
    memo.set(key, ok);
    return ok;
  };
  return covers(0, closure([0]));
}

function otherChar(pattern: string): string {
  for (let code = 0x2400; ; code++) {
    const c = String.fromCharCode(code);
    if (!pattern.includes(c)) return c;
  }
}

import { paretoFront, type Objectives } from '../../../simulator/tune/pareto';

const p = (id: string, cost: number, time: number): Objectives => ({ id, cost, time });
const ids = (xs: readonly Objectives[]) => xs.map((x) => x.id);

describe('paretoFront (hand-computed)', () => {
  test('keeps the points nothing beats on both objectives, cheapest first', () => {
    // a (1, 10) and d (3, 2) and e (5, 1) trade cost for time; b (2, 12) is beaten by a on both;
    // c (4, 3) is beaten by d (3, 2) on both.
    const pts = [p('c', 4, 3), p('a', 1, 10), p('e', 5, 1), p('b', 2, 12), p('d', 3, 2)];
    expect(ids(paretoFront(pts))).toEqual(['a', 'd', 'e']);
  });

  test('a point with the same cost and a longer runtime is dominated, and so is one with the same runtime and a higher cost', () => {
    expect(ids(paretoFront([p('slow', 1, 5), p('fast', 1, 3), p('dear', 2, 3)]))).toEqual(['fast']);
  });

  test('ties: points with equal cost and equal runtime are all on the front', () => {
    expect(ids(paretoFront([p('y', 2, 2), p('x', 2, 2), p('z', 1, 9)]))).toEqual(['z', 'x', 'y']);
  });

  test('values within floating-point noise are equal', () => {
    // 0.1 + 0.2 is 0.30000000000000004: the same cost as 0.3.
    const front = paretoFront([p('sum', 0.1 + 0.2, 4), p('lit', 0.3, 4)]);
    expect(ids(front)).toEqual(['lit', 'sum']);
  });

  test('one point, no points, and every point on one line', () => {
    expect(ids(paretoFront([p('only', 3, 3)]))).toEqual(['only']);
    expect(paretoFront([])).toEqual([]);
    expect(ids(paretoFront([p('a', 1, 4), p('b', 2, 3), p('c', 3, 2), p('d', 4, 1)]))).toEqual(['a', 'b', 'c', 'd']);
  });

  test('a point is dominated only when another is no worse on both and better on one', () => {
    expect(ids(paretoFront([p('a', 1, 1), p('b', 1, 2)]))).toEqual(['a']);
    expect(ids(paretoFront([p('a', 1, 2), p('b', 2, 1)]))).toEqual(['a', 'b']);
    expect(ids(paretoFront([p('b', 1, 1), p('a', 1, 1)]))).toEqual(['a', 'b']);
  });

  test('a non-finite objective is an error, naming the point', () => {
    expect(() => paretoFront([p('bad', Number.NaN, 1)])).toThrow(/point bad has a non-finite objective/);
  });
});

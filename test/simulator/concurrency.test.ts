import { forEachLimited } from '../../simulator/concurrency';

test('forEachLimited visits every item once with at most `limit` calls in flight', async () => {
  const items = Array.from({ length: 20 }, (_, i) => i);
  const seen: number[] = [];
  let inFlight = 0;
  let peak = 0;
  await forEachLimited(items, 3, async (i) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, i % 4));
    seen.push(i);
    inFlight--;
  });
  expect(seen.sort((a, b) => a - b)).toEqual(items);
  expect(peak).toBe(3);
});

test('forEachLimited still makes progress with a limit below 1, and does nothing for no items', async () => {
  const seen: string[] = [];
  await forEachLimited(['a', 'b'], 0, async (x) => void seen.push(x));
  expect(seen).toEqual(['a', 'b']);
  await forEachLimited([], 4, async () => void seen.push('never'));
  expect(seen).toEqual(['a', 'b']);
});

test('forEachLimited rejects with the failure of a call', async () => {
  await expect(forEachLimited([1, 2, 3], 2, async (i) => { if (i === 2) throw new Error('boom'); })).rejects.toThrow('boom');
});

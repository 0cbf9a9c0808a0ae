/**
 * Runs `fn` over `items` with at most `limit` calls in flight (at least one, so a limit below 1 still
 * makes progress), in item order of start. Rejects with the first failure; calls already started run on.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

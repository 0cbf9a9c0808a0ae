import type { ConstraintRule } from './rule';

/**
 * Memory: a Lambda invocation holds one partition in flight (the handler processes its batch one after
 * the other); the task holds one per busy worker plus the runner. Needs come from the workload rates
 * (memory base + per event × events per partition).
 */
export const outOfMemoryRule: ConstraintRule = {
  kind: 'out-of-memory',
  words: 'its memory need',
  describe: () => 'the memory a partition needs',
  check(f) {
    const p = f.projection;
    if (p.memoryNeedMb <= p.memoryMb) return null;
    return f.design === 'distributed'
      ? `a partition needs ${Math.round(p.memoryNeedMb)} MB, the function has ${p.memoryMb} MB`
      : `the worker pool needs ${Math.round(p.memoryNeedMb)} MB, the task has ${p.memoryMb} MiB`;
  },
};

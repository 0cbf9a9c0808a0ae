import { formatMs } from '../../cost/format';
import type { ConstraintRule } from './rule';

/**
 * Lambda's hard limit: an invocation (a cold one, init included, at p95) longer than 900 s cannot run,
 * whatever the function's timeout says. A configuration that needs more than the scenario's timeout but
 * at most 900 s is feasible: tuned.yaml raises the timeout for it.
 */
export const lambdaTimeoutRule: ConstraintRule = {
  kind: 'lambda-timeout',
  words: 'the Lambda timeout',
  describe: (l) => `the ${l.lambdaMaxTimeoutMs / 1000} s Lambda timeout`,
  check(f, l) {
    if (f.invocationP95Ms === undefined || f.invocationP95Ms <= l.lambdaMaxTimeoutMs) return null;
    return `an invocation needs ${formatMs(f.invocationP95Ms)} at p95, more than Lambda's ${l.lambdaMaxTimeoutMs / 1000} s limit`;
  },
};

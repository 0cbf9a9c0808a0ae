/**
 * Layer boundaries, checked by `npm run lint:deps` (part of `npm test`). Type-only imports count: a
 * boundary is about what a module knows, not only about what it loads.
 */

/** Modules that do I/O or load the CDK or an AWS SDK: what pure math must not reach. */
const IMPURE = [
  '^node_modules/(aws-cdk-lib|constructs|cdk-nag|aws-cdk|@aws-sdk|@smithy|@testcontainers|testcontainers)/',
  '^(fs|fs/promises|child_process|net|http|https|os|worker_threads)$',
  '^node:(fs|fs/promises|child_process|net|http|https|os|worker_threads)$',
];

/**
 * The pure math: cost, model, infer (the estimators of `scenario infer`; reading a sample is
 * simulator/sample's job) and the tuner's search (tune). Named exceptions, which legitimately do I/O:
 * - simulator/cost/prices/load.ts reads price snapshot files (pricing/*.json);
 * - simulator/cost/prices/refresh.ts calls the AWS Price List API.
 */
const PURE_MATH = '^simulator/(cost|model|infer|tune)/';
const PURE_MATH_IO = '^simulator/cost/prices/(load|refresh)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-simulator',
      comment: 'lib/ (the CDK app and the code that runs in AWS) imports nothing from simulator/.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^simulator/' },
    },
    {
      name: 'pure-math',
      comment: `simulator/cost, simulator/model, simulator/infer and simulator/tune reach no CDK, no AWS SDK, no fs and no other I/O, directly or through another module (exceptions: ${PURE_MATH_IO}).`,
      severity: 'error',
      from: { path: PURE_MATH, pathNot: PURE_MATH_IO },
      to: { path: IMPURE, reachable: true },
    },
    {
      name: 'pure-math-not-to-stages',
      comment: 'simulator/cost, simulator/model, simulator/infer and simulator/tune take their inputs as arguments: they read the results contract (simulator/results), never another stage.',
      severity: 'error',
      from: { path: PURE_MATH },
      to: { path: '^simulator/(access|cli|collect|deploy|emulator|generate|report|run)/' },
    },
    {
      name: 'results-is-the-contract',
      comment:
        'simulator/results (the results.json contract every stage imports) depends on no stage, only on the formats it embeds (the scenario schema, the price snapshot schema and the workload records in lib/) and on the guarded file reader its loader uses (simulator/io), and the two leaf modules every loader shares for its messages (errors.ts, zod-issues.ts).',
      severity: 'error',
      from: { path: '^simulator/results/' },
      to: { path: '^simulator/', pathNot: ['^simulator/results/', '^simulator/io/', '^simulator/scenario/schema\\.ts$', '^simulator/cost/prices/schema\\.ts$', '^simulator/errors\\.ts$', '^simulator/zod-issues\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(cdk\\.out|dist|reports)/' },
  },
};

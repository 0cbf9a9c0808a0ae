import type { DesignUsage } from '../results/usage';
export { STORAGE_ZONES, type StorageZone } from '../results/usage';

/**
 * Helpers over a run's usage. The usage record itself (`DesignUsage`, results.json
 * `designs[design].usage`) is defined, with its schema, in the results contract: simulator/results/usage.ts.
 */

/** Bytes in one GB, as AWS bills S3 storage and CloudWatch Logs (GiB, 2^30). */
export const BYTES_PER_GB = 1024 ** 3;

/** Multiplies every quantity in `usage` by `factor` (an integer, e.g. runs per month). */
export function repeatUsage(usage: DesignUsage, factor: number): DesignUsage {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`repeat factor must be an integer >= 1, got ${factor}`);
  if (factor === 1) return usage;
  return {
    ...usage,
    events: usage.events === undefined ? undefined : usage.events * factor,
    lambda: usage.lambda && {
      ...usage.lambda,
      invocations: usage.lambda.invocations.map((i) => ({ ...i, count: (i.count ?? 1) * factor })),
    },
    stepFunctions: {
      standardTransitions: usage.stepFunctions.standardTransitions * factor,
      expressExecutions: usage.stepFunctions.expressExecutions?.map((e) => ({ ...e, count: (e.count ?? 1) * factor })),
    },
    fargate: usage.fargate && {
      ...usage.fargate,
      taskSeconds: Array.from({ length: factor }, () => usage.fargate!.taskSeconds).flat(),
    },
    s3: {
      putRequests: usage.s3.putRequests * factor,
      copyRequests: (usage.s3.copyRequests ?? 0) * factor,
      listRequests: usage.s3.listRequests * factor,
      getRequests: usage.s3.getRequests * factor,
      headRequests: (usage.s3.headRequests ?? 0) * factor,
      storedBytes: usage.s3.storedBytes * factor,
      ...(usage.s3.zones
        ? { zones: Object.fromEntries(Object.entries(usage.s3.zones).map(([k, v]) => [k, v && { bytes: v.bytes * factor, objects: v.objects * factor }])) }
        : {}),
    },
    logs: { ingestedBytes: usage.logs.ingestedBytes * factor },
  };
}

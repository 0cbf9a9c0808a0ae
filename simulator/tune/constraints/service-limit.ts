import { LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY, resolveMapKind, STATE_PAYLOAD_LIMIT_BYTES } from '../../../lib/aws-limits';
import type { ConstraintRule } from './rule';

/**
 * AWS service limits a configuration would hit: the account's Lambda concurrency, and the 256 KiB
 * execution input of an inline Map (its items are the input; a Distributed Map reads them from S3).
 */
export const serviceLimitRule: ConstraintRule = {
  kind: 'service-limit',
  words: 'the AWS service limits',
  describe: () => 'the AWS service limits',
  check(f) {
    if (f.design !== 'distributed') return null;
    const s = f.scenario;
    if (s.distributed.lambda.reservedConcurrency > LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY) {
      return `reserved concurrency ${s.distributed.lambda.reservedConcurrency} > the account's ${LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY}`;
    }
    if (resolveMapKind(s) === 'inline') {
      const bytes = inlineExecutionInputBytes(s.name, s.workload.partitions, s.distributed.map.partitionsPerInvocation, s.workload.compression);
      if (bytes > STATE_PAYLOAD_LIMIT_BYTES) return `an inline Map's execution input of ${Math.round(bytes / 1024)} KiB (every item) > the ${STATE_PAYLOAD_LIMIT_BYTES / 1024} KiB state payload limit`;
    }
    return null;
  },
};

/**
 * Bytes of the distributed design's execution input with an inline Map: `{runId, items: [{runId,
 * partitions: [key…]}…]}` (simulator/run/design-runners.ts). Keys are `part-NNNNN.ndjson[.gz]` with at
 * least five digits (simulator/generate/plan.ts partitionKey); the run id is `<name>-distributed-<8 hex>`.
 */
export function inlineExecutionInputBytes(name: string, partitions: number, perInvocation: number, compression: 'none' | 'gzip'): number {
  const runId = name.length + '-distributed-'.length + 8;
  const key = 'part-'.length + Math.max(5, String(partitions - 1).length) + '.ndjson'.length + (compression === 'gzip' ? 3 : 0);
  const items = Math.ceil(partitions / perInvocation);
  // {"runId":"…","items":[item,…]}: 22 bytes + the run id, and a comma per item; each item
  // {"runId":"…","partitions":["key",…]}: 27 bytes + the run id, and per key its quotes and comma.
  return 22 + runId + items * (28 + runId) + partitions * (key + 3);
}

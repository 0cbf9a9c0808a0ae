import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { PartitionAccounting, RunManifest } from '../../../lib/workload/contract';
import type { RawMeasurements } from '../../../simulator/collect/collect-design';
import { designResult } from '../../../simulator/collect/design-result';
import { summarizeHistory } from '../../../simulator/collect/execution-history';
import type { DeployedDesign } from '../../../simulator/deploy/deploy';
import { scenario } from '../../lib/stack-fixtures';

const KEYS = ['p-0.ndjson', 'p-1.ndjson', 'p-2.ndjson'];
const manifest: RunManifest = {
  scenario: 'baseline',
  seed: 1,
  compression: 'none',
  freshnessSlaMinutes: 60,
  registry: {},
  partitions: KEYS.map((key) => ({
    key,
    events: 100,
    bytes: 1000,
    sha256: 'x',
    injected: {
      lines: 100,
      duplicates: 3,
      corrupt: { invalid_json: 1, wrong_type: 0, truncated_line: 0 },
      observed: 96,
      late: 0,
      lineageMissing: 0,
      drift: { events: 0, breakingEvents: 0, byKind: { field_added: 0, field_removed: 0, field_renamed: 0, type_changed: 0 } },
      expected: { curated: 95, quarantined: 2, duplicatesDropped: 3 },
    },
  })),
};
const good = (key: string): PartitionAccounting => ({ partition: key, input: 100, curated: 95, quarantined: 2, duplicatesDropped: 3 });

function raw(accounting: PartitionAccounting[], unaccounted: { key: string; reason?: string }[] = []): RawMeasurements {
  return {
    execution: { arn: 'arn:x', status: 'SUCCEEDED', startMs: 0, stopMs: 1000 },
    history: summarizeHistory([]),
    reports: [],
    taskLog: [],
    logBytes: 0,
    accounting,
    profiles: [],
    quality: [],
    lineage: {},
    unaccounted,
    written: { curated: { objects: 0, bytes: 0 }, quarantine: { objects: 0, bytes: 0 }, audit: { objects: 0, bytes: 0 } },
    taskSeconds: [1],
  };
}
const deployed = { design: 'single-node', stackName: 's', deployMs: 1 } as unknown as DeployedDesign;
const result = (m: RawMeasurements) => designResult({ raw: m, manifest, scenario: scenario('baseline'), deployed, uploadMs: 1 }).accounting;

describe('accounting check', () => {
  test('holds when every partition adds up and matches the manifest and the ground truth', () => {
    const a = result(raw(KEYS.map(good)));
    expect(a).toMatchObject({ input: 300, curated: 285, quarantined: 6, duplicatesDropped: 9, invariantHolds: true, violations: [] });
  });

  test('a double-counted record breaks it', () => {
    const a = result(raw([good(KEYS[0]), { ...good(KEYS[1]), curated: 96 }, good(KEYS[2])]));
    expect(a.invariantHolds).toBe(false);
    expect(a.violations.join('\n')).toMatch(/p-1\.ndjson: input 100 != curated 96 \+ quarantined 2 \+ duplicatesDropped 3/);
  });

  test('a lost partition breaks it, a recorded failure does not', () => {
    const lost = result(raw([good(KEYS[0]), good(KEYS[1])], [{ key: KEYS[2] }]));
    expect(lost.invariantHolds).toBe(false);
    expect(lost.missingPartitions).toEqual([KEYS[2]]);
    const failed = result(raw([good(KEYS[0]), good(KEYS[1])], [{ key: KEYS[2], reason: 'gzip stream truncated' }]));
    expect(failed.invariantHolds).toBe(true);
    expect(failed.failedPartitions).toEqual([{ key: KEYS[2], reason: 'gzip stream truncated' }]);
  });

  test('records read that differ from the manifest, or misclassified against the ground truth, break it', () => {
    const short = result(raw([good(KEYS[0]), good(KEYS[1]), { partition: KEYS[2], input: 99, curated: 94, quarantined: 2, duplicatesDropped: 3 }]));
    expect(short.violations.join('\n')).toMatch(/p-2\.ndjson: read 99 records, the manifest has 100/);
    const wrong = result(raw([good(KEYS[0]), good(KEYS[1]), { partition: KEYS[2], input: 100, curated: 96, quarantined: 1, duplicatesDropped: 3 }]));
    expect(wrong.violations.join('\n')).toMatch(/p-2\.ndjson: curated\/quarantined\/duplicates 96\/1\/3, the generator's ground truth is 95\/2\/3/);
  });
});

describe('execution history summary', () => {
  const t = (s: number) => new Date(1_800_000_000_000 + s * 1000);
  const ev = (id: number, prev: number, type: string, s: number, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({ id, previousEventId: prev, type: type as HistoryEvent['type'], timestamp: t(s), ...extra });
  const history: HistoryEvent[] = [
    ev(1, 0, 'ExecutionStarted', 0),
    ev(2, 1, 'MapStateEntered', 0, { stateEnteredEventDetails: { name: 'FanOut' } }),
    ev(3, 2, 'MapIterationStarted', 0, { mapIterationStartedEventDetails: { index: 0 } }),
    ev(4, 3, 'TaskStateEntered', 0, { stateEnteredEventDetails: { name: 'ProcessBatch' } }),
    ev(5, 4, 'TaskScheduled', 0, { taskScheduledEventDetails: { resource: 'invoke', resourceType: 'lambda', region: 'us-east-1', parameters: '{"Payload":{"partitions":["p-0"]}}' } }),
    ev(6, 5, 'TaskFailed', 1, { taskFailedEventDetails: { error: 'Lambda.TooManyRequestsException', resource: 'invoke', resourceType: 'lambda' } }),
    ev(7, 6, 'TaskScheduled', 2, { taskScheduledEventDetails: { resource: 'invoke', resourceType: 'lambda', region: 'us-east-1', parameters: '{"Payload":{"partitions":["p-0"]}}' } }),
    ev(8, 7, 'TaskFailed', 3, { taskFailedEventDetails: { error: 'Error', resource: 'invoke', resourceType: 'lambda' } }),
    ev(9, 8, 'TaskStateExited', 3, { stateExitedEventDetails: { name: 'ProcessBatch' } }),
    ev(10, 9, 'PassStateEntered', 3, { stateEnteredEventDetails: { name: 'RecordFailedBatch', input: '{"partitions":["p-0"],"error":{"Error":"Error"}}' } }),
    ev(11, 10, 'PassStateExited', 3, { stateExitedEventDetails: { name: 'RecordFailedBatch' } }),
    ev(12, 11, 'MapIterationSucceeded', 3, { mapIterationSucceededEventDetails: { index: 0 } }),
    ev(13, 12, 'MapStateExited', 4, { stateExitedEventDetails: { name: 'FanOut' } }),
    ev(14, 13, 'SucceedStateEntered', 4, { stateEnteredEventDetails: { name: 'RunSucceeded' } }),
    ev(15, 14, 'ExecutionSucceeded', 4),
  ];

  test('counts transitions with retries, errors, caught failures and iterations', () => {
    const h = summarizeHistory(history);
    expect(h).toMatchObject({
      wallMs: 4000,
      statesEntered: 4,
      retries: 1,
      transitions: 5,
      tasks: { scheduled: 2, succeeded: 0, failed: 2, timedOut: 0 },
      errors: { 'Lambda.TooManyRequestsException': 1, Error: 1 },
      caught: [{ state: 'RecordFailedBatch', input: { partitions: ['p-0'], error: { Error: 'Error' } } }],
      mapIterations: [{ index: 0, startMs: t(0).getTime(), endMs: t(3).getTime(), status: 'succeeded' }],
    });
    expect(h.taskAttempts.map((a) => [a.outcome, a.error])).toEqual([
      ['failed', 'Lambda.TooManyRequestsException'],
      ['failed', 'Error'],
    ]);
    expect(h.states.ProcessBatch).toEqual({ entered: 1, totalMs: 3000 });
  });
});

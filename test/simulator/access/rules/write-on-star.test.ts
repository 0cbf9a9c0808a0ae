import { writeOnStar } from '../../../../simulator/access/rules/write-on-star';
import { identity, run, rawObjects } from './rule-fixtures';

test('write-on-star: tells actions that could be scoped from wildcard-only ones', async () => {
  const f = run(writeOnStar, await identity({ Action: ['ecs:StopTask', 'xray:PutTraceSegments'], Resource: '*' }));
  expect(f[0]).toMatchObject({ severity: 'medium', category: 'infrastructure-modification' });
  expect(f[0]!.message).toBe('write-level actions on "*": ecs:StopTask could be scoped to named resources; xray:PutTraceSegments supports only "*"');
  expect(run(writeOnStar, await identity({ Action: 'xray:PutTraceSegments', Resource: '*' }))[0]!.severity).toBe('low');
  expect(run(writeOnStar, await identity({ Action: 's3:PutObject', Resource: rawObjects }))).toEqual([]);
});

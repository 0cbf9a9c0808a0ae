import { ecsTaskTimes } from '../../../simulator/collect/ecs-task-times';

describe('ecsTaskTimes', () => {
  test('reads the task object itself: epoch seconds, epoch ms and ISO strings, all as ms', () => {
    expect(ecsTaskTimes({ CreatedAt: 1_700_000_000, PullStartedAt: 1_700_000_001_500, StartedAt: '2023-11-14T22:13:25.000Z', StoppedAt: 1_700_000_010.25 })).toEqual({
      createdMs: 1_700_000_000_000,
      pullStartedMs: 1_700_000_001_500,
      startedMs: Date.parse('2023-11-14T22:13:25.000Z'),
      stoppedMs: 1_700_000_010_250,
    });
  });

  test('unwraps a DescribeTasks-shaped {Tasks: [...]} to its first task', () => {
    expect(ecsTaskTimes({ Tasks: [{ PullStoppedAt: 5, StoppedAt: 9 }, { StoppedAt: 100 }] })).toEqual({ pullStoppedMs: 5000, stoppedMs: 9000 });
  });

  test('undefined when the output holds no timestamp (absent, null, unparseable, not an object)', () => {
    expect(ecsTaskTimes(undefined)).toBeUndefined();
    expect(ecsTaskTimes('done')).toBeUndefined();
    expect(ecsTaskTimes({ StartedAt: null, StoppedAt: 'not a date', other: 1 })).toBeUndefined();
  });
});

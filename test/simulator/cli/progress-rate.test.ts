import { ProgressRate, formatDuration } from '../../../simulator/cli/progress-rate';

describe('ProgressRate', () => {
  test('events per second and the ETA come from the progress since the step started', () => {
    const r = new ProgressRate(0);
    r.update(500, 1, 100, 10_000);
    // Under a second: no rate yet, rather than a wild one.
    expect(r.describe()).toBe('');
    r.update(10_000, 25, 100, 250_000);
    expect(r.eventsPerSecond()).toBe(25_000);
    // 25 partitions in 10 s: 75 left take 30 s.
    expect(r.etaSeconds()).toBe(30);
    expect(r.describe()).toBe(' | 25,000 events/s | ETA 30s');
  });

  test('without event counts only the ETA shows; no progress, no ETA', () => {
    const r = new ProgressRate(0);
    r.update(5000, 0, 10);
    expect(r.describe()).toBe('');
    r.update(120_000, 4, 10);
    expect(r.describe()).toBe(' | ETA 3m 00s');
  });

  test('durations read as a person would say them', () => {
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(192)).toBe('3m 12s');
    expect(formatDuration(3 * 3600 + 7 * 60)).toBe('3h 07m');
  });
});

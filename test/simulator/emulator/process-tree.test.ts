import { spawn } from 'node:child_process';
import { descendants, treeStats } from '../../../simulator/emulator/process-tree';

/** treeStats: the root first, then its descendants, each with the CPU ticks the bench sampler sums. */
test('treeStats lists the root then a spawned grandchild, with CPU ticks, and agrees with descendants', async () => {
  const child = spawn(process.execPath, ['-e', "require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' }); setTimeout(() => {}, 30000);"], { stdio: 'ignore' });
  try {
    let stats = treeStats(child.pid!);
    for (let i = 0; i < 100 && stats.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      stats = treeStats(child.pid!);
    }
    expect(stats[0]!.pid).toBe(child.pid);
    expect(stats.length).toBeGreaterThanOrEqual(2);
    expect(stats[1]!.ppid).toBe(child.pid);
    for (const s of stats) {
      expect(Number.isInteger(s.utimeTicks) && s.utimeTicks >= 0).toBe(true);
      expect(Number.isInteger(s.stimeTicks) && s.stimeTicks >= 0).toBe(true);
    }
    expect(stats.slice(1).map((s) => s.pid)).toEqual(descendants(child.pid!));
    // Our own process has run JavaScript: some CPU time is on the clock.
    const self = treeStats(process.pid)[0]!;
    expect(self.utimeTicks + self.stimeTicks).toBeGreaterThan(0);
  } finally {
    for (const pid of [...descendants(child.pid!), child.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
});

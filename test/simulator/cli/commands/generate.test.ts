import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { generateCommand } from '../../../../simulator/cli/commands/generate';
import type { CliDeps } from '../../../../simulator/cli/deps';
import { REPO, tmpDir } from '../../../lib/workload/run-fixtures';
import { testDeps } from '../../cli-test-deps';

/** Commands run in-process with injected deps, from the repository root. */
function deps(): { d: CliDeps; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { d: { ...testDeps(out, err), cwd: REPO }, out, err };
}
type GenerateArgs = Parameters<typeof generateCommand.run>[0];
/** Arguments as the parser hands them over; `out` left out on purpose where a test checks the guard for it. */
const gen = (o: Omit<GenerateArgs, '_' | 'quiet' | 'out'> & { out?: string }) => ({ _: [], quiet: true, ...o }) as GenerateArgs;


describe('scalesim generate', () => {
  test('writes the partitions and a manifest with the generator’s ground truth, and says what it wrote', async () => {
    const data = tmpDir('cli-gen');
    const g = deps();
    expect(await generateCommand.run(gen({ scenario: 'scenarios/drift-heavy.yaml', out: data, events: '20000', partitions: '6' }), g.d)).toBe(0);
    expect(g.out.join('')).toMatch(/^drift-heavy: 20,000 events in 6 partitions, [\d.]+ MB gzip in/);
    const manifest = JSON.parse(fs.readFileSync(path.join(data, 'manifest.json'), 'utf8')) as { partitions: { key: string; bytes: number; sha256: string; injected: { expected: Record<string, number> } }[] };
    expect(manifest.partitions).toHaveLength(6);
    const sum = (k: string) => manifest.partitions.reduce((n, q) => n + q.injected.expected[k]!, 0);
    expect(sum('curated') + sum('quarantined') + sum('duplicatesDropped')).toBe(20_000);
    for (const p of manifest.partitions) {
      const bytes = fs.readFileSync(path.join(data, 'partitions', p.key));
      expect({ key: p.key, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ key: p.key, bytes: p.bytes, sha256: p.sha256 });
    }
  });

  test('user mistakes are one-line UserErrors', async () => {
    await expect(generateCommand.run(gen({ scenario: 'scenarios/baseline.yaml' }), deps().d)).rejects.toThrow(/--out is required: the directory to write manifest.json/);
    await expect(generateCommand.run(gen({ scenario: 'scenarios/baseline.yaml', out: tmpDir('g'), events: '5', partitions: '6' }), deps().d)).rejects.toThrow(/--events 5 --partitions 6: the scenario baseline with this override is not valid: workload.partitions: got 6, must not exceed workload.events \(5\)/);
  });
});

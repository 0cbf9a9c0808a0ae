import * as fs from 'fs';
import * as path from 'path';
import { generateCommand } from '../../../../simulator/cli/commands/generate';
import { processCommand } from '../../../../simulator/cli/commands/process';
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
type ProcessArgs = Parameters<typeof processCommand.run>[0];
/** Arguments as the parser hands them over; `out` left out on purpose where a test checks the guard for it. */
const gen = (o: Omit<GenerateArgs, '_' | 'quiet' | 'out'> & { out?: string }) => ({ _: [], quiet: true, ...o }) as GenerateArgs;
const proc = (o: Omit<ProcessArgs, '_' | 'quiet' | 'out'> & { out?: string }) => ({ _: [], quiet: true, ...o }) as ProcessArgs;


describe('scalesim process', () => {
  test('generate then process: the summary’s counts add up and match the generator’s ground truth', async () => {
    const data = tmpDir('cli-data');
    const out = tmpDir('cli-out');
    const g = deps();
    expect(await generateCommand.run(gen({ scenario: 'scenarios/drift-heavy.yaml', out: data, events: '20000', partitions: '6' }), g.d)).toBe(0);
    expect(g.out.join('')).toMatch(/^drift-heavy: 20,000 events in 6 partitions, [\d.]+ MB gzip in/);
    const manifest = JSON.parse(fs.readFileSync(path.join(data, 'manifest.json'), 'utf8')) as { partitions: { injected: { expected: Record<string, number> } }[] };

    const p = deps();
    expect(await processCommand.run(proc({ dir: data, out, workers: '2' }), p.d)).toBe(0);
    const text = p.out.join('');
    expect(text).toMatch(/processed 6\/6 partitions with 2 worker\(s\)/);
    const line = JSON.parse(text.trim().split('\n').pop()!) as Record<string, number> & { accountingHolds: boolean };
    expect(line.accountingHolds).toBe(true);
    expect(line.input).toBe(20_000);
    expect(line.input).toBe(line.curated + line.quarantined + line.duplicatesDropped);
    const sum = (k: string) => manifest.partitions.reduce((n, q) => n + q.injected.expected[k]!, 0);
    expect([line.curated, line.quarantined, line.duplicatesDropped]).toEqual([sum('curated'), sum('quarantined'), sum('duplicatesDropped')]);
    expect(fs.existsSync(path.join(out, 'summary.json'))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'audit')).sort()).toEqual(['accounting', 'lineage', 'profile', 'quality']);
  });

  test('a failed partition makes process exit 1 and name it', async () => {
    const data = tmpDir('cli-trunc');
    const scenarioFile = path.join(tmpDir('cli-scn'), 'trunc.yaml');
    // The registry lives next to the scenario: a scenario may not point outside its own folder.
    fs.mkdirSync(path.join(path.dirname(scenarioFile), 'schemas'));
    fs.copyFileSync(path.join(REPO, 'scenarios', 'schemas', 'registry.json'), path.join(path.dirname(scenarioFile), 'schemas', 'registry.json'));
    const base = fs.readFileSync(path.join(REPO, 'scenarios', 'baseline.yaml'), 'utf8');
    fs.writeFileSync(scenarioFile, `${base}\nfaults:\n  data: { truncatedGzipPartitions: 1 }\n`);
    expect(await generateCommand.run(gen({ scenario: scenarioFile, out: data, events: '2000', partitions: '2' }), deps().d)).toBe(0);
    const p = deps();
    expect(await processCommand.run(proc({ dir: data, out: tmpDir('cli-trunc-out'), workers: '1' }), p.d)).toBe(1);
    expect(p.out.join('')).toMatch(/FAILED part-0000\d\.ndjson\.gz: gzip stream truncated or corrupt: unexpected end of file/);
  });

  test('user mistakes are one-line UserErrors', async () => {
    await expect(processCommand.run(proc({ dir: tmpDir('cli-no-out') }), deps().d)).rejects.toThrow(/--out is required: the directory to write curated\//);
    await expect(processCommand.run(proc({ dir: tmpDir('cli-empty'), out: tmpDir('o') }), deps().d)).rejects.toThrow(/holds no manifest.json; generate one with `scalesim generate <scenario> --out /);
    await expect(processCommand.run(proc({ dir: tmpDir('cli-w'), out: tmpDir('o'), workers: '0' }), deps().d)).rejects.toThrow(/--workers: expected an integer from 1 to 256, got 0/);
    const bad = tmpDir('cli-bad');
    fs.writeFileSync(path.join(bad, 'manifest.json'), '{"compression":"lz4"}');
    await expect(processCommand.run(proc({ dir: bad, out: tmpDir('o') }), deps().d)).rejects.toThrow(/compression: expected "none" or "gzip", got "lz4"/);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { profileCommand } from '../../../../simulator/cli/commands/profile';
import { fixture, fixtureFile } from '../../report/fixtures';
import { runSpec } from './cli-harness';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-profile-cmd-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('scalesim profile', () => {
  it('profiles a finished run from its results.json: both designs, their stages and bottleneck', async () => {
    const r = await runSpec(profileCommand, { input: fixtureFile('baseline-complete') }, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const results = fixture('baseline-complete');
    expect(r.stdout).toMatch(new RegExp(`^Profile of baseline \\(${results.workload.events.toLocaleString('en-US')} events, ${results.workload.partitions} partitions\\); all figures measured on moto`));
    for (const design of ['single-node', 'distributed'] as const) {
      const d = results.designs[design]!;
      expect(r.stdout).toContain(`\n${design}: `);
      // The bottleneck named in results.json is the one printed, in capitals.
      if (d.bottleneck) expect(r.stdout).toContain(`bottleneck: ${d.bottleneck.kind.toUpperCase()}: ${d.bottleneck.evidence}`);
    }
    // One line per stage per design.
    expect(r.stdout.match(/^ {2}(read|decompress|parse|validate|aggregate|write) +\d/gm)?.length).toBe(12);
  });

  it('warns, and still profiles, an incomplete run', async () => {
    const r = await runSpec(profileCommand, { input: fixtureFile('baseline-incomplete') }, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^scalesim: warning: .*incomplete/m);
    expect(r.stdout).toMatch(/^Profile of baseline/);
  });

  it('refuses a scenario without --out before running anything', async () => {
    const r = await runSpec(profileCommand, { input: 'scenarios/baseline.yaml' }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('scalesim: profile <scenario> needs --out DIR: the run writes its results.json there, then profile reads it\n');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('says what is wrong with a file that is not a results.json', async () => {
    fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello": 1}');
    const r = await runSpec(profileCommand, { input: 'notes.json' }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scalesim: .*notes\.json/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../../simulator/errors';
import { scenarioSampleFiles } from '../../../simulator/sample/files';
import { prepareScenarioSample } from '../../../simulator/sample/prepare';
import { loadScenario } from '../../../simulator/scenario/load';
import { HAND_REGISTRY } from '../infer/hand-built-sample';

/** `workload.source`: validated with the scenario, and the sample must stay inside the scenario's folder. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-source-'));
const at = (...p: string[]) => path.join(dir, ...p);
const BASE = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'), 'utf8');

function write(name: string, source: string, extra = ''): string {
  fs.writeFileSync(at(name), BASE.replace('  schemaRegistry: schemas/registry.json', `  schemaRegistry: schemas/registry.json\n  source: ${source}`).replace('schedule:', `${extra}schedule:`));
  return at(name);
}

beforeAll(() => {
  fs.mkdirSync(at('schemas'));
  fs.writeFileSync(at('schemas', 'registry.json'), JSON.stringify(HAND_REGISTRY));
  fs.mkdirSync(at('day'));
  fs.writeFileSync(at('day', 'a.ndjson'), '{}\n');
  fs.writeFileSync(at('day', 'b.jsonl'), '{}\n');
  fs.writeFileSync(at('day', 'notes.txt'), 'not a sample\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('workload.source', () => {
  it('accepts a sample folder inside the scenario folder, and lists its NDJSON files in name order', () => {
    const loaded = loadScenario(write('ok.yaml', '{ sample: day, mode: resample }'));
    expect(loaded.scenario.workload.source).toEqual({ sample: 'day', mode: 'resample' });
    expect(scenarioSampleFiles(loaded.file, loaded.scenario)!.files).toEqual([at('day', 'a.ndjson'), at('day', 'b.jsonl')]);
  });

  it.each([
    ['an unknown mode', '{ sample: day, mode: replay }', /workload\.source\.mode: got "replay", expected one of "resample"/],
    ['an unknown key', '{ sample: day, mode: resample, rate: 2 }', /workload\.source: unknown key 'rate'; allowed: sample, mode, mapping/],
    ['no sample', '{ mode: resample }', /workload\.source\.sample: missing, expected string/],
  ])('refuses %s, naming the field', (_n, source, message) => {
    expect(() => loadScenario(write('bad.yaml', source))).toThrow(message);
  });

  it('refuses synthetic-only data faults with a sample', () => {
    expect(() => loadScenario(write('burst.yaml', '{ sample: day, mode: resample }', 'faults:\n  data: { driftBurstPartitionRate: 0.1 }\n'))).toThrow(
      /faults\.data\.driftBurstPartitionRate: got 0\.1, shapes synthetic events; with workload\.source the events are the sample's own, so set it to 0/,
    );
  });

  it.each([['../outside.ndjson'], ['/etc/passwd']])('refuses a sample outside the scenario folder: %s', async (p) => {
    const loaded = loadScenario(write('escape.yaml', `{ sample: "${p}", mode: resample }`));
    const run = prepareScenarioSample(loaded.file, loaded.scenario, HAND_REGISTRY);
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/workload\.source\.sample: got ".*", expected a path relative to the scenario that stays inside its folder/);
  });

  it('names a missing sample before anything runs', async () => {
    const loaded = loadScenario(write('missing.yaml', '{ sample: nowhere.ndjson.gz, mode: resample }'));
    await expect(prepareScenarioSample(loaded.file, loaded.scenario, HAND_REGISTRY)).rejects.toThrow(/cannot read sample nowhere\.ndjson\.gz: ENOENT/);
  });
});

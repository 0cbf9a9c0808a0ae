import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { exec } from '../../../simulator/cli/main';
import { loadScenario } from '../../../simulator/scenario/load';
import type { RunData } from '../../../simulator/run/run-data';
import { prepareVolumes } from '../../../simulator/run/validate-volumes';
import { testDeps } from '../cli-test-deps';
import { handBuiltSample } from '../infer/hand-built-sample';

const MARKER = 'zqsweep4k';

/** Every line of every gzip file under `dir`. */
function gzLines(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.gz'))
    .flatMap((f) => zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8').split('\n').filter(Boolean));
}

describe('prepareVolumes: every volume (and so the workload calibration, which measures the largest) replays the sample the runs replay', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-prepare-volumes-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a scenario with workload.source: the largest volume is its replayed sample, and the copy goes on dispose', async () => {
    const sample = handBuiltSample({ lines: 3000, duplicate: 0, corrupt: 0, late: 0, drift: 0, lineageMissing: 0, crossAccount: 0 }, 7, MARKER);
    fs.mkdirSync(path.join(dir, 'sample'));
    fs.writeFileSync(path.join(dir, 'sample', 'day-1.ndjson.gz'), zlib.gzipSync(`${sample.lines.join('\n')}\n`));
    const file = path.join(dir, 'real.yaml');
    expect(await exec(['scenario', 'infer', path.join(dir, 'sample'), '--out', file, '--quiet'], testDeps([]))).toBe(0);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^( {2}schemaRegistry: .*)$/m, '$1\n  source: { sample: sample, mode: resample }'));
    const loaded = loadScenario(file);
    const data: RunData[] = [];
    const prepared = await prepareVolumes({ loaded, log: () => undefined }, loaded.scenario, [{ events: 1000, partitions: 2, heldOut: false }, { events: 2000, partitions: 2, heldOut: false }], data);
    expect(prepared).toBeDefined();
    expect(data.length).toBe(2);
    const local = data[1].localDir!;
    const lines = gzLines(local);
    expect(lines.length).toBeGreaterThanOrEqual(2000);
    // The sample's ids are "c-<n>" and "o-<n>"; the generator draws random strings for the same fields.
    const replayed = lines.filter((l) => /"(customer_id|order_id)":"[co]-\d+"/.test(l)).length;
    expect(replayed).toBeGreaterThan(lines.length * 0.9);
    for (const d of data) d.dispose();
    expect(fs.existsSync(local)).toBe(false);
  }, 120_000);
});

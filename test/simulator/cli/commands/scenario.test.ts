import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import * as zlib from 'zlib';
import { exec } from '../../../../simulator/cli/main';
import { loadRegistryFile } from '../../../../simulator/generate/registry-file';
import { loadScenario } from '../../../../simulator/scenario/load';
import { testDeps } from '../../cli-test-deps';
import { ACCEPTANCE_RATES, HAND_REGISTRY, handBuiltSample } from '../../infer/hand-built-sample';

/**
 * `scalesim scenario infer` on events built by hand in the documented schema (not by the generator),
 * with known rates: each rate is recovered within ±10% relative at 100k events, and what is written
 * validates as a scenario and a schema registry.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-infer-'));
const at = (...p: string[]) => path.join(dir, ...p);
const sample = handBuiltSample();
const t = sample.truth;

beforeAll(() => {
  fs.writeFileSync(at('day.ndjson.gz'), zlib.gzipSync(`${sample.lines.join('\n')}\n`));
  fs.writeFileSync(at('registry.json'), JSON.stringify(HAND_REGISTRY));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function infer(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await exec(['scenario', 'infer', ...args, '--quiet'], testDeps(out, err));
  return { code, out: out.join(''), err: err.join('') };
}

interface Workload {
  events: number;
  partitions: number;
  datasets: number;
  pipelines: number;
  freshness: { slaMinutes: number; lateRate: number };
  schemaDrift: { rate: number; kinds: Record<string, number> };
  lineage: { missingRate: number };
  access: { crossAccountRate: number; piiClasses: Record<string, number>; actorRoles: Record<string, number> };
  duplicateRate: number;
  corruptRate: number;
  compression: string;
  eventSize: { distribution: string; medianBytes: number; sigma: number };
}

function workloadOf(file: string): Workload {
  return (YAML.parse(fs.readFileSync(file, 'utf8')) as { workload: Workload }).workload;
}

/** `estimate` is within ±10% (relative) of `truth`. */
function within10(estimate: number, truth: number): void {
  expect({ estimate, truth, ok: Math.abs(estimate / truth - 1) <= 0.1 }).toEqual({ estimate, truth, ok: true });
}

describe.each([
  ['inferred from the dominant payload shapes', [] as string[]],
  ['measured against a given registry', ['--registry', 'REGISTRY']],
])('scenario infer on 100k hand-built events, registry %s', (_name, extra) => {
  let run: { code: number; out: string; err: string };
  let w: Workload;
  const name = extra.length ? 'given' : 'inferred';
  beforeAll(async () => {
    run = await infer([at('day.ndjson.gz'), '--out', at(`${name}.yaml`), ...extra.map((a) => (a === 'REGISTRY' ? at('registry.json') : a))]);
    w = workloadOf(at(`${name}.yaml`));
  }, 120_000);

  it('exits 0 and prints every estimate with its 95% interval', () => {
    expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
    for (const label of ['late', 'schema drift', 'lineage missing', 'duplicates', 'corrupt', 'cross-account']) {
      expect(run.out).toMatch(new RegExp(`\\n  ${label} +\\d+\\.\\d+% \\(95% CI \\d+\\.\\d+%–\\d+\\.\\d+%; [\\d,]+ of [\\d,]+ `));
    }
    expect(run.out).toMatch(/partition skew +NOT ESTIMATED: not estimable from 1 partition/);
  });

  it('recovers each rate within ±10% relative', () => {
    within10(w.freshness.lateRate, ACCEPTANCE_RATES.late);
    within10(w.schemaDrift.rate, ACCEPTANCE_RATES.drift);
    within10(w.lineage.missingRate, ACCEPTANCE_RATES.lineageMissing);
    within10(w.duplicateRate, ACCEPTANCE_RATES.duplicate);
    within10(w.corruptRate, ACCEPTANCE_RATES.corrupt);
    within10(w.access.crossAccountRate, ACCEPTANCE_RATES.crossAccount);
    // And against the exact counts placed in the sample.
    within10(w.freshness.lateRate, t.late / t.observed);
    within10(w.duplicateRate, t.duplicates / t.lines);
  });

  it('splits the drift across the four kinds as it was built', () => {
    const total = Object.values(w.schemaDrift.kinds).reduce((a, b) => a + b, 0);
    for (const [kind, n] of Object.entries(t.driftByKind)) within10(w.schemaDrift.kinds[kind]! / total, n / t.drift);
  });

  it('counts the datasets and pipelines, the volume and the mixes', () => {
    expect(w).toMatchObject({ events: 100_000, partitions: 3, datasets: 2, pipelines: 2, compression: 'gzip' });
    // Classes cycle none, none, none, email, name, financial over the events.
    within10(w.access.piiClasses.none! / 100, 0.5);
    within10(w.access.actorRoles.service! / 100, 0.6);
    expect(w.eventSize.distribution).toBe('lognormal');
  });

  it('writes a scenario and a registry that validate', () => {
    const loaded = loadScenario(at(`${name}.yaml`));
    expect(loaded.registryFile).toBe(at(`${name}.registry.json`));
    const registry = loadRegistryFile(loaded.registryFile);
    expect(registry.datasets.map((d) => d.name)).toEqual(['sales.orders', 'risk.scores']);
    expect(loaded.scenario.workload.datasets).toBeLessThanOrEqual(registry.datasets.length);
  });
});

describe('scenario infer: the inferred registry', () => {
  it('is the dominant shape of each dataset, typed by its values', () => {
    // Written by the run on 100k events above.
    const reg = loadRegistryFile(at('inferred.registry.json'));
    const orders = reg.datasets.find((d) => d.name === 'sales.orders')!;
    expect(orders.fields.map((f) => [f.name, f.type])).toEqual([
      ['order_id', 'string'],
      ['amount', 'number'],
      ['items', 'integer'],
      ['paid', 'boolean'],
      ['placed_at', 'timestamp'],
      ['notes', 'string'],
    ]);
    // The longest string field carries the size distribution for synthetic events.
    expect(orders.fields.find((f) => f.variable)?.name).toBe('notes');
    expect(orders.upstream).toEqual(['raw.checkout']);
    expect(orders.schemaVersion).toBe(4);
    expect(reg.pipelines).toEqual(['orders-etl', 'fraud-scoring']);
  });
});

describe('scenario infer: what a sample cannot tell, it says', () => {
  it('reports a rate of a too-small sample as NOT ESTIMATED, and writes 0 with the reason', async () => {
    fs.writeFileSync(at('tiny.ndjson'), `${sample.lines.slice(0, 12).join('\n')}\n`);
    const r = await infer([at('tiny.ndjson'), '--out', at('tiny.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ {2}late +NOT ESTIMATED: too small to estimate: 12 events to count over, at least 30 needed/);
    expect(r.out).toMatch(/ {2}PII classes +NOT ESTIMATED/);
    const text = fs.readFileSync(at('tiny.yaml'), 'utf8');
    expect(text).toMatch(/lateRate: 0 +# NOT ESTIMATED \(too small to estimate: 12 events/);
    expect(() => loadScenario(at('tiny.yaml'))).not.toThrow();
  });

  it('fits the partition skew from the event counts of several files', async () => {
    // Five files with Zipf(1.2) sizes: 2000/r^1.2.
    fs.mkdirSync(at('zipf'));
    let offset = 0;
    for (let rank = 1; rank <= 5; rank++) {
      const n = Math.round(2000 / rank ** 1.2);
      fs.writeFileSync(at('zipf', `part-${rank}.ndjson`), `${sample.lines.slice(offset, offset + n).join('\n')}\n`);
      offset += n;
    }
    const r = await infer([at('zipf'), '--out', at('zipf.yaml')]);
    expect(r.code).toBe(0);
    const w = workloadOf(at('zipf.yaml'));
    within10((YAML.parse(fs.readFileSync(at('zipf.yaml'), 'utf8')) as { workload: { skew: { zipfExponent: number } } }).workload.skew.zipfExponent, 1.2);
    expect(w.partitions).toBe(5);
    expect(r.out).toMatch(/partition skew +Zipf 1\.\d+ ± \d\.\d+ \(95%\) over 5 files/);
  });

  it('reads a sample in another schema through a field mapping', async () => {
    const renamed = sample.lines.slice(0, 3000).map((l) => {
      try {
        const e = JSON.parse(l) as Record<string, unknown>;
        const { event_id, payload, ingest_time, ...rest } = e;
        return JSON.stringify({ id: event_id, data: payload, meta: { landed_at: ingest_time }, ...rest });
      } catch {
        return l;
      }
    });
    fs.writeFileSync(at('other.jsonl'), `${renamed.join('\n')}\n`);
    fs.writeFileSync(at('map.json'), JSON.stringify({ event_id: 'id', payload: 'data', ingest_time: 'meta.landed_at' }));
    const mapped = await infer([at('other.jsonl'), '--mapping', at('map.json'), '--out', at('mapped.yaml')]);
    fs.writeFileSync(at('same.ndjson'), `${sample.lines.slice(0, 3000).join('\n')}\n`);
    const direct = await infer([at('same.ndjson'), '--out', at('direct.yaml')]);
    expect([mapped.code, direct.code]).toEqual([0, 0]);
    // Identical estimates; only the names of the files differ.
    const strip = (w: Workload) => ({ ...w, schemaRegistry: undefined });
    expect(strip(workloadOf(at('mapped.yaml')))).toEqual(strip(workloadOf(at('direct.yaml'))));
  });
});

describe('scenario infer: bad input and outputs', () => {
  it('never replaces a file it did not write, and replaces its own', async () => {
    fs.writeFileSync(at('mine.yaml'), 'my notes\n');
    const refused = await infer([at('tiny.ndjson'), '--out', at('mine.yaml')]);
    expect({ code: refused.code, err: refused.err.trim().split('\n') }).toEqual({ code: 2, err: [expect.stringMatching(/^scalesim: --out .*mine\.yaml: exists and was not written by scalesim scenario infer; scalesim never replaces a file it did not write/)] });
    expect(fs.readFileSync(at('mine.yaml'), 'utf8')).toBe('my notes\n');
    // Its registry name is taken by a foreign file: refused before anything is written.
    fs.writeFileSync(at('other-reg.registry.json'), '{"mine": true}\n');
    const reg = await infer([at('tiny.ndjson'), '--out', at('other-reg.yaml')]);
    expect(reg.code).toBe(2);
    expect(reg.err).toMatch(/other-reg\.registry\.json: exists and was not written by scalesim scenario infer/);
    expect(fs.existsSync(at('other-reg.yaml'))).toBe(false);
    // Its own output from before is replaced.
    const again = await infer([at('tiny.ndjson'), '--out', at('tiny.yaml')]);
    expect(again.code).toBe(0);
  });

  it.each([
    ['a folder with no NDJSON file', () => { fs.mkdirSync(at('empty-dir'), { recursive: true }); return [at('empty-dir')]; }, /^scalesim: sample folder .*empty-dir holds no NDJSON file/],
    ['a missing file', () => [at('nope.ndjson')], /^scalesim: cannot read sample .*nope\.ndjson: ENOENT$/],
    ['/dev/zero', () => ['/dev/zero'], /^scalesim: cannot read sample \/dev\/zero: it is a character device, not a regular file$/],
    ['a truncated gzip file', () => { fs.writeFileSync(at('cut.ndjson.gz'), zlib.gzipSync(sample.lines.slice(0, 500).join('\n')).subarray(0, 2000)); return [at('cut.ndjson.gz')]; }, /^scalesim: sample .*cut\.ndjson\.gz: gzip stream truncated or corrupt/],
    ['a UTF-16 file', () => { fs.writeFileSync(at('u16.ndjson'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample.lines[0]!, 'utf16le')])); return [at('u16.ndjson')]; }, /^scalesim: sample .*u16\.ndjson: the file is UTF-16 encoded \(byte order mark\); NDJSON is UTF-8$/],
    ['a mapping naming an unknown field', () => { fs.writeFileSync(at('bad-map.json'), '{"id": "x"}'); return [at('tiny.ndjson'), '--mapping', at('bad-map.json')]; }, /^scalesim: .*bad-map\.json: "id" is not a documented field; allowed: event_id, /],
    ['an --out that is not YAML', () => [at('tiny.ndjson'), '--out', at('x.txt')], /^scalesim: --out .*x\.txt: expected a \.yaml or \.yml file name$/],
    ['--sla-minutes abc', () => [at('tiny.ndjson'), '--sla-minutes', 'abc'], /^scalesim: --sla-minutes: expected an integer from 1 to 10080, got "abc"$/],
  ])('%s: one line, exit 2', async (_name, args, message) => {
    const a = args();
    const r = await infer(a.includes('--out') ? a : [...a, '--out', at('bad.yaml')]);
    expect({ code: r.code, err: r.err.trim().split('\n') }).toEqual({ code: 2, err: [expect.stringMatching(message)] });
    expect(fs.existsSync(at('bad.yaml'))).toBe(false);
  });

  it('a FIFO as the sample is refused at once, without blocking', async () => {
    const fifo = at('pipe.ndjson');
    execFileSync('mkfifo', [fifo]);
    const r = await infer([fifo, '--out', at('bad.yaml')]);
    expect({ code: r.code, err: r.err.trim() }).toEqual({ code: 2, err: expect.stringMatching(/^scalesim: cannot read sample .*pipe\.ndjson: it is a FIFO \(named pipe\), not a regular file$/) });
  });

  it('never quotes the sample in an error', async () => {
    fs.writeFileSync(at('secret.ndjson'), 'SECRET-TOKEN-4242 {\n');
    fs.writeFileSync(at('secret-map.json'), 'SECRET-TOKEN-4242');
    const r = await infer([at('secret.ndjson'), '--mapping', at('secret-map.json'), '--out', at('bad.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/SECRET/);
  });
});

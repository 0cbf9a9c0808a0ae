import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { LocalStorage } from '../../../lib/workload/storage';
import { runPartitions } from '../../../lib/workload/task-runner';
import { parseManifest } from '../../../lib/workload/run-manifest';
import { generateRun } from '../../../simulator/generate/generator';
import { loadReplayPool, locateId, type ReplayPool } from '../../../simulator/generate/replay';
import { directorySink, nullSink } from '../../../simulator/generate/sinks';
import { listSampleFiles, sampleSha256 } from '../../../simulator/sample/files';
import { validateScenario } from '../../../simulator/scenario/load';
import type { Scenario } from '../../../simulator/scenario/schema';
import { HAND_REGISTRY, handBuiltSample } from '../infer/hand-built-sample';
import * as YAML from 'yaml';

/**
 * Replay of a sample (workload.source): deterministic from the seed, resampled to any volume and
 * partition count, ids rewritten so the duplicate rate is the sample's, and the ground truth in the
 * manifest equal to what the processor then counts.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-replay-'));
const at = (...p: string[]) => path.join(dir, ...p);
const built = handBuiltSample({ lines: 20_000, duplicate: 0.01, corrupt: 0.01, late: 0.05, drift: 0.04, lineageMissing: 0.02, crossAccount: 0.01 }, 5);
let pool: ReplayPool;

function scenario(events: number, partitions: number, seed = 7): Scenario {
  const base = YAML.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'scenarios', 'baseline.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  return validateScenario({ ...base, seed, workload: { ...base.workload, events, partitions, datasets: 2, pipelines: 2, schemaRegistry: 'registry.json', source: { sample: 'sample.ndjson.gz', mode: 'resample' } } });
}

beforeAll(async () => {
  fs.writeFileSync(at('sample.ndjson.gz'), zlib.gzipSync(`${built.lines.join('\n')}\n`));
  const files = listSampleFiles([at('sample.ndjson.gz')], dir);
  const hash = await sampleSha256(files);
  pool = await loadReplayPool(files, HAND_REGISTRY, { slaMinutes: 60, seed: 7, sha256: hash.sha256, bytes: hash.bytes });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the replay pool', () => {
  it('holds every non-duplicate line, classified, with the sample duplicate rate measured', () => {
    expect(pool.stats).toMatchObject({ lines: 20_000, duplicates: built.truth.duplicates, poolRecords: 20_000 - built.truth.duplicates, reserialized: 0, files: 1 });
    expect(pool.stats.duplicateRate).toBeCloseTo(built.truth.duplicates / 20_000, 6);
  });

  it('keeps a reservoir sample, deterministically from the seed, when the sample is larger than the cap', async () => {
    const files = listSampleFiles([at('sample.ndjson.gz')], dir);
    const o = { slaMinutes: 60, seed: 7, sha256: 'x'.repeat(64), bytes: 0, maxRecords: 1000 };
    const [a, b] = [await loadReplayPool(files, HAND_REGISTRY, o), await loadReplayPool(files, HAND_REGISTRY, o)];
    const c = await loadReplayPool(files, HAND_REGISTRY, { ...o, seed: 8 });
    expect(a.records.length).toBe(1000);
    expect(Buffer.concat(a.records as Buffer[]).equals(Buffer.concat(b.records as Buffer[]))).toBe(true);
    expect(Buffer.concat(a.records as Buffer[]).equals(Buffer.concat(c.records as Buffer[]))).toBe(false);
  });
});

describe('a replayed run', () => {
  const hashOf = async (s: Scenario) => {
    const sink = nullSink();
    const m = await generateRun(s, HAND_REGISTRY, sink, { replay: pool });
    return m.partitions.map((p) => p.contentSha256).join(',');
  };

  it('is deterministic from the seed, and differs with another seed', async () => {
    expect(await hashOf(scenario(30_000, 5))).toBe(await hashOf(scenario(30_000, 5)));
    expect(await hashOf(scenario(30_000, 5, 8))).not.toBe(await hashOf(scenario(30_000, 5)));
  });

  it('is resampled to the scenario volume and partitions, with its skew', async () => {
    const s = scenario(50_000, 7);
    const skewed = { ...s, workload: { ...s.workload, skew: { zipfExponent: 1 } } };
    const m = await generateRun(skewed, HAND_REGISTRY, nullSink(), { replay: pool });
    expect(m.events).toBe(50_000);
    expect(m.partitions).toHaveLength(7);
    expect(m.partitions[0]!.events).toBeGreaterThan(3 * m.partitions[6]!.events);
    expect(m.generator).toMatchObject({ name: 'scalesim-generate', version: '1+replay', windowStart: expect.stringMatching(/^2026-05-11T/) });
  });

  it('rewrites event ids (unique but for duplicates) and keeps the rest of each line byte for byte', async () => {
    const s = scenario(20_000, 2);
    fs.mkdirSync(at('ids'));
    const m = await generateRun(s, HAND_REGISTRY, directorySink(at('ids', 'run')), { replay: pool });
    const text = m.partitions.map((p) => zlib.gunzipSync(fs.readFileSync(at('ids', 'run', 'partitions', p.key))).toString('utf8')).join('');
    const lines = text.split('\n').filter(Boolean);
    const sampleSet = new Set(built.lines.map((l) => l.replace(/"event_id":"[^"]*"/, '"event_id":"*"')));
    let rewritten = 0;
    const ids = new Map<string, number>();
    for (const l of lines) {
      const id = /^\{"event_id":"([0-9a-f]{16})"/.exec(l)?.[1];
      if (id) {
        rewritten++;
        ids.set(id, (ids.get(id) ?? 0) + 1);
      }
      // Every line is a sample line but for its id.
      expect(sampleSet.has(l.replace(/"event_id":"[^"]*"/, '"event_id":"*"'))).toBe(true);
    }
    expect(rewritten).toBeGreaterThan(lines.length * 0.98);
    const repeated = [...ids.values()].reduce((n, c) => n + c - 1, 0);
    const injected = m.partitions.reduce((n, p) => n + p.injected!.duplicates, 0);
    expect(repeated).toBe(injected);
    // The sample's duplicate rate (1%), reproduced within sampling noise.
    expect(injected / 20_000).toBeGreaterThan(0.007);
    expect(injected / 20_000).toBeLessThan(0.013);
  });

  it("has ground truth equal to what the processor counts on it (both designs' check)", async () => {
    const s = scenario(40_000, 4);
    const m = await generateRun(s, HAND_REGISTRY, directorySink(at('truth', 'run')), { replay: pool });
    const storage = new LocalStorage({ raw: at('truth', 'run'), curated: at('truth', 'c'), quarantine: at('truth', 'q'), audit: at('truth', 'a') }, 'local/');
    const result = await runPartitions({ runId: 'local', storage, workers: 1, design: 'local', manifest: parseManifest(m) });
    for (const o of result.outcomes) {
      const p = m.partitions.find((x) => x.key === o.key)!;
      expect(o.accounting).toMatchObject(p.injected!.expected);
    }
    const sum = (f: (i: NonNullable<(typeof m.partitions)[number]['injected']>) => number) => m.partitions.reduce((n, p) => n + f(p.injected!), 0);
    expect(result.summary.freshness.late).toBe(sum((i) => i.late));
    expect(result.summary.lineage.missing).toBe(sum((i) => i.lineageMissing));
    expect(result.summary.drift.events).toBe(sum((i) => i.drift.events));
    expect(result.summary.drift.byKind).toEqual(m.partitions.reduce((k, p) => {
      for (const [kind, n] of Object.entries(p.injected!.drift.byKind)) k[kind] = (k[kind] ?? 0) + n;
      return k;
    }, {} as Record<string, number>));
    expect(result.summary.observed).toBe(sum((i) => i.observed));
  });
});

describe('locateId', () => {
  const parse = (l: string) => JSON.parse(l) as Record<string, unknown>;

  it('finds the top-level event_id, not a nested one before it', () => {
    const line = '{"payload":{"event_id":"inner"},"event_id":"outer","x":1}';
    const { text, range } = locateId(line, parse(line));
    expect(text).toBe(line);
    expect(text.slice(range[0], range[1])).toBe('"outer"');
  });

  it('re-serializes a record whose id is written with escapes', () => {
    const line = '{"event_id":"\\u0061b","x":1}';
    const { text, range } = locateId(line, parse(line));
    expect(parse(text)).toEqual(parse(line));
    expect(parse(text.slice(0, range[0]) + '"zz"' + text.slice(range[1]))).toEqual({ event_id: 'zz', x: 1 });
  });

  it('replaces the effective key when an object repeats it', () => {
    const line = '{"event_id":"first","event_id":"second"}';
    const { range } = locateId(line, parse(line));
    expect(parse(line.slice(0, range[0]) + '"new"' + line.slice(range[1])).event_id).toBe('new');
  });
});

it('the sample hash changes with any byte of the sample', async () => {
  fs.writeFileSync(at('h1.ndjson'), 'a\n');
  fs.writeFileSync(at('h2.ndjson'), 'b\n');
  const h = async (f: string) => (await sampleSha256(listSampleFiles([f], dir))).sha256;
  expect(await h(at('h1.ndjson'))).not.toBe(await h(at('h2.ndjson')));
  expect(await h(at('h1.ndjson'))).toMatch(/^[0-9a-f]{64}$/);
});

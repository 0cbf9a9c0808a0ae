/**
 * Workload benchmark (issue 3): `npm run bench:workload` (= `tsx bench/workload.ts`).
 *
 * 1. The processor on one core against DuckDB on one thread (`SET threads=1`), side by side on the
 *    same generated data, computing the same metrics (cross-checked for equality). Runs alternate
 *    (processor, DuckDB, DuckDB, processor, …) so load from other processes hits both alike; medians.
 * 2. The generator: events/s for NDJSON without gzip, to disk; medians.
 * 3. The generator's peak RSS at 10M events, in a child process (bytes hashed, then discarded).
 *
 * 4. Output compression (issue 14): the processor writing curated and quarantine as gzip (the default)
 *    and as plain NDJSON, alternated with the DuckDB runs; stored bytes of each, and gzip levels 1, 3
 *    and 6 on the same curated records (CPU and bytes).
 *
 * Options: --events N (1e6) --runs N (5) --gen-runs N (3) --rss-events N (1e7; 0 skips)
 *          --formats gzip,none (both) --outputs gzip,none (both; DuckDB is compared with the first)
 *          --json FILE (write the raw numbers)
 * CPU times are process CPU (user + system): for the processor the one JS thread plus zlib and GC
 * helpers; for DuckDB its one worker thread plus the awaiting JS thread.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import type { OutputCompression } from '../lib/workload/contract';
import { STAGES, Stage, StageTiming, sumProfiles } from '../lib/workload/profile';
import { LocalStorage } from '../lib/workload/storage';
import { runPartitions } from '../lib/workload/task-runner';
import { generateRun } from '../simulator/generate/generator';
import { loadRegistryFile } from '../simulator/generate/registry-file';
import { directorySink, nullSink } from '../simulator/generate/sinks';
import { loadScenario } from '../simulator/scenario/load';
import type { Scenario } from '../simulator/scenario/schema';
import { treeBytes } from '../simulator/io/dir-bytes';
import { median } from '../simulator/model/stats';
import { BenchMetrics, duckdbMetrics, metricsOfSummary, prepareRegistry } from './workload-duckdb';

const REPO = path.join(__dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function measure<T>(f: () => Promise<T>): Promise<{ sample: Sample; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { sample: { wallMs, cpuMs: (c.user + c.system) / 1000 }, value };
}

function withWorkload(s: Scenario, patch: Partial<Scenario['workload']>): Scenario {
  return { ...s, workload: { ...s.workload, ...patch } };
}

/** Child mode: generate N events into a null sink and report peak RSS. */
async function rssChild(events: number): Promise<void> {
  const loaded = loadScenario(path.join(REPO, 'scenarios', 'baseline.yaml'));
  const registry = loadRegistryFile(loaded.registryFile);
  const s = withWorkload(loaded.scenario, { compression: 'none', events });
  const { sample } = await measure(() => generateRun(s, registry, nullSink()));
  process.stdout.write(JSON.stringify({ events, maxRssKiB: process.resourceUsage().maxRSS, ...sample }) + '\n');
}

async function main(): Promise<void> {
  if (process.argv.includes('--rss-child')) return rssChild(Number(arg('rss-child', '10000000')));
  const events = Number(arg('events', '1000000'));
  const runs = Number(arg('runs', '5'));
  const genRuns = Number(arg('gen-runs', '3'));
  const rssEvents = Number(arg('rss-events', '10000000'));
  const formats = arg('formats', 'gzip,none').split(',') as ('gzip' | 'none')[];
  const outputs = arg('outputs', 'gzip,none').split(',') as OutputCompression[];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-bench-'));
  const loaded = loadScenario(path.join(REPO, 'scenarios', 'baseline.yaml'));
  const registry = loadRegistryFile(loaded.registryFile);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const report: Record<string, unknown> = {
    command: `npx tsx bench/workload.ts ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg() },
    scenario: 'baseline',
    events,
  };

  try {
    // The generator: NDJSON, no gzip; to disk, and to a null sink (generation and sha256 only).
    const gen: Sample[] = [];
    const genNull: Sample[] = [];
    let bytesNone = 0;
    const none = withWorkload(loaded.scenario, { compression: 'none', events });
    for (let i = 0; i < genRuns; i++) {
      const { sample, value } = await measure(() => generateRun(none, registry, directorySink(path.join(work, 'none'))));
      bytesNone = value.partitions.reduce((n, p) => n + p.bytes, 0);
      gen.push(sample);
      const n = (await measure(() => generateRun(none, registry, nullSink()))).sample;
      genNull.push(n);
      log(`generate none #${i + 1}: disk ${(sample.wallMs / 1000).toFixed(2)} s wall, ${(sample.cpuMs / 1000).toFixed(2)} s CPU; null sink ${(n.wallMs / 1000).toFixed(2)} s wall, ${(n.cpuMs / 1000).toFixed(2)} s CPU`);
    }
    const summarize = (xs: Sample[]) => ({
      runs: xs,
      medianWallMs: median(xs.map((s) => s.wallMs)),
      medianCpuMs: median(xs.map((s) => s.cpuMs)),
      eventsPerSecWall: Math.round(events / (median(xs.map((s) => s.wallMs)) / 1000)),
      eventsPerCpuSecond: Math.round(events / (median(xs.map((s) => s.cpuMs)) / 1000)),
    });
    report.generator = { format: 'ndjson', bytes: bytesNone, toDisk: summarize(gen), toNullSink: summarize(genNull) };
    if (formats.includes('gzip')) {
      const { sample } = await measure(() => generateRun(withWorkload(loaded.scenario, { compression: 'gzip', events }), registry, directorySink(path.join(work, 'gzip'))));
      report.generatorGzip = sample;
      log(`generate gzip: ${(sample.wallMs / 1000).toFixed(2)} s wall`);
    }

    // Processor vs DuckDB.
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const con = await instance.connect();
    await con.run('SET threads = 1');
    await prepareRegistry(con, registry);
    const comparisons: Record<string, unknown> = {};
    for (const format of formats) {
      const dir = path.join(work, format);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { partitions: { bytes: number; contentBytes: number }[]; freshnessSlaMinutes: number };
      const rawStored = manifest.partitions.reduce((n, p) => n + p.bytes, 0);
      const content = manifest.partitions.reduce((n, p) => n + p.contentBytes, 0);
      const proc: Record<string, Sample[]> = Object.fromEntries(outputs.map((o) => [o, []]));
      const stored: Record<string, number> = {};
      const duck: Sample[] = [];
      const stages: Record<Stage, StageTiming>[] = [];
      let pm: BenchMetrics | undefined;
      let dm: BenchMetrics | undefined;
      const runProcessor = async (output: OutputCompression) => {
        const out = path.join(work, `out-${format}-${output}`);
        fs.rmSync(out, { recursive: true, force: true });
        const storage = new LocalStorage({ raw: dir, curated: path.join(out, 'curated'), quarantine: path.join(out, 'quarantine'), audit: path.join(out, 'audit') }, 'local/');
        const { sample, value } = await measure(() => runPartitions({ runId: 'local', storage, workers: 1, design: 'bench', outputCompression: output }));
        proc[output]!.push(sample);
        stored[output] = dirBytes(path.join(out, 'curated')) + dirBytes(path.join(out, 'quarantine'));
        if (output === outputs[0]) {
          stages.push(sumProfiles(value.profiles));
          pm = metricsOfSummary(value.summary);
        }
        log(`${format} processor (outputs ${output}): ${(sample.wallMs / 1000).toFixed(2)} s wall, ${(sample.cpuMs / 1000).toFixed(2)} s CPU, ${(stored[output]! / 1e6).toFixed(1)} MB stored`);
      };
      const runDuck = async () => {
        const steps: Record<string, number> = {};
        const { sample, value } = await measure(() => duckdbMetrics(con, dir, manifest.freshnessSlaMinutes, registry, steps));
        duck.push(sample);
        dm = value;
        log(`${format} duckdb:    ${(sample.wallMs / 1000).toFixed(2)} s wall, ${(sample.cpuMs / 1000).toFixed(2)} s CPU ${JSON.stringify(Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v)])))}`);
      };
      for (let i = 0; i < runs; i++) {
        // Alternate the order so load from other processes hits every side alike.
        const order = i % 2 === 0 ? [...outputs] : [...outputs].reverse();
        await runProcessor(order[0]!);
        await runDuck();
        for (const o of order.slice(1)) await runProcessor(o);
      }
      const same = JSON.stringify(pm) === JSON.stringify(dm);
      if (!same) log(`METRICS DIFFER (${format}):\nprocessor ${JSON.stringify(pm)}\nduckdb    ${JSON.stringify(dm)}`);
      const main = proc[outputs[0]!]!;
      const pWall = median(main.map((s) => s.wallMs));
      const pCpu = median(main.map((s) => s.cpuMs));
      const dWall = median(duck.map((s) => s.wallMs));
      const dCpu = median(duck.map((s) => s.cpuMs));
      const stageMedian = Object.fromEntries(
        STAGES.map((st) => [st, { wallMs: Math.round(median(stages.map((s) => s[st].wallMs))), cpuMs: Math.round(median(stages.map((s) => s[st].cpuMs))), bytes: stages[0]![st].bytes }]),
      );
      const byOutput = Object.fromEntries(
        outputs.map((o) => {
          const xs = proc[o]!;
          const w = median(xs.map((s) => s.wallMs));
          const c = median(xs.map((s) => s.cpuMs));
          return [o, { runs: xs, medianWallMs: w, medianCpuMs: c, eventsPerSecWall: Math.round(events / (w / 1000)), eventsPerCpuSecond: Math.round(events / (c / 1000)), storedBytes: stored[o] }];
        }),
      );
      comparisons[format] = {
        rawBytes: rawStored,
        outputBytes: stored,
        contentBytes: content,
        metricsEqual: same,
        metrics: pm,
        outputs: outputs[0],
        processor: { runs: main, medianWallMs: pWall, medianCpuMs: pCpu, eventsPerSecWall: Math.round(events / (pWall / 1000)), eventsPerCpuSecond: Math.round(events / (pCpu / 1000)), mbPerSecWall: +(content / 1e6 / (pWall / 1000)).toFixed(1), stages: stageMedian },
        processorByOutput: byOutput,
        duckdb: { runs: duck, medianWallMs: dWall, medianCpuMs: dCpu, eventsPerSecWall: Math.round(events / (dWall / 1000)), eventsPerCpuSecond: Math.round(events / (dCpu / 1000)), mbPerSecWall: +(content / 1e6 / (dWall / 1000)).toFixed(1) },
        ratioWall: +(dWall / pWall).toFixed(2),
        ratioCpu: +(dCpu / pCpu).toFixed(2),
      };
      if (outputs.includes('none') && !report.gzipLevels) report.gzipLevels = gzipLevels(path.join(work, `out-${format}-none`, 'curated'), events);
    }
    report.comparison = comparisons;
    con.closeSync();
    instance.closeSync();

    // Peak RSS of the generator at rssEvents, in its own process.
    if (rssEvents > 0) {
      const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--rss-child', String(rssEvents)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { maxRssKiB: number; wallMs: number; cpuMs: number };
      report.generatorRss = { events: rssEvents, sink: 'null (hashed, then discarded)', peakRssMiB: +(r.maxRssKiB / 1024).toFixed(1), wallMs: Math.round(r.wallMs), cpuMs: Math.round(r.cpuMs), eventsPerCpuSecond: Math.round(rssEvents / (r.cpuMs / 1000)) };
      log(`rss child: ${JSON.stringify(report.generatorRss)}`);
    }
    report.loadavgAfter = os.loadavg();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const json = arg('json', '');
  if (json) fs.writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

/** Total bytes of the files under `dir`; 0 when it does not exist (an output with nothing quarantined). */
function dirBytes(dir: string): number {
  return treeBytes(dir, { missingIsEmpty: true });
}

/** CPU and bytes of gzip levels 1, 3 (the processor's) and 6 over the same curated NDJSON, one stream per object. */
function gzipLevels(curatedDir: string, events: number): Record<string, { cpuMs: number; bytes: number; ratio: number; msPerMillionEvents: number }> {
  const files = fs.readdirSync(curatedDir).map((f) => fs.readFileSync(path.join(curatedDir, f)));
  const text = files.reduce((n, b) => n + b.length, 0);
  const out: Record<string, { cpuMs: number; bytes: number; ratio: number; msPerMillionEvents: number }> = {};
  for (const level of [1, 3, 6]) {
    const c0 = process.cpuUsage();
    let bytes = 0;
    for (const f of files) bytes += zlib.gzipSync(f, { level }).length;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    out[`level${level}`] = { cpuMs: Math.round(cpuMs), bytes, ratio: +(text / bytes).toFixed(2), msPerMillionEvents: Math.round((cpuMs * 1e6) / events) };
  }
  return { ndjson: { cpuMs: 0, bytes: text, ratio: 1, msPerMillionEvents: 0 }, ...out };
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});

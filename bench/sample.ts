/**
 * Real-data benchmark (issue 17): `npm run bench:sample` (= `tsx bench/sample.ts`).
 *
 * A sample of `--events` pipeline events (the baseline scenario's generator, gzip, in `--files` files:
 * a stand-in for a day of real events) is written once; then, alternating, medians of `--runs`:
 * 1. `scenario infer` over it (three streamed passes: hash, shapes, classification): wall, CPU, events/s;
 * 2. loading the replay pool (one pass, classification, ids located);
 * 3. replaying `--events` events from the pool into a null sink (the generator's replay path).
 * Peak RSS of the process is reported at the end (infer holds counts only; the pool holds the sample).
 *
 * Options: --events N (1e6) --files N (8) --runs N (3)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateRun } from '../simulator/generate/generator';
import { loadRegistryFile } from '../simulator/generate/registry-file';
import { loadReplayPool } from '../simulator/generate/replay';
import { directorySink, nullSink } from '../simulator/generate/sinks';
import { listSampleFiles, sampleSha256 } from '../simulator/sample/files';
import { inferFromFiles } from '../simulator/sample/infer-files';
import { loadScenario } from '../simulator/scenario/load';
import { median } from '../simulator/model/stats';

const REPO = path.join(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
};

async function timed<T>(f: () => Promise<T>): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
}

async function main(): Promise<void> {
  const events = Number(arg('events', '1e6'));
  const files = Number(arg('files', '8'));
  const runs = Number(arg('runs', '3'));
  const loaded = loadScenario(path.join(REPO, 'scenarios', 'baseline.yaml'));
  const registry = loadRegistryFile(loaded.registryFile);
  const scenario = { ...loaded.scenario, workload: { ...loaded.scenario.workload, events, partitions: files } };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-bench-sample-'));
  try {
    await generateRun(scenario, registry, directorySink(path.join(dir, 'day')));
    const sample = listSampleFiles([path.join(dir, 'day', 'partitions')], REPO);
    const hash = await sampleSha256(sample);
    const rows: Record<string, { wallMs: number[]; cpuMs: number[] }> = { infer: { wallMs: [], cpuMs: [] }, pool: { wallMs: [], cpuMs: [] }, replay: { wallMs: [], cpuMs: [] } };
    for (let r = 0; r < runs; r++) {
      const i = await timed(() => inferFromFiles({ sample, slaMinutes: 60 }));
      rows.infer!.wallMs.push(i.wallMs);
      rows.infer!.cpuMs.push(i.cpuMs);
      const p = await timed(() => loadReplayPool(sample, registry, { slaMinutes: 60, seed: 1, sha256: hash.sha256, bytes: hash.bytes }));
      rows.pool!.wallMs.push(p.wallMs);
      rows.pool!.cpuMs.push(p.cpuMs);
      const g = await timed(() => generateRun(scenario, registry, nullSink(), { replay: p.value }));
      rows.replay!.wallMs.push(g.wallMs);
      rows.replay!.cpuMs.push(g.cpuMs);
      if (r === 0) console.log(`infer: late ${i.value.estimates.late.rate?.toFixed(4)}, drift ${i.value.estimates.drift.rate?.toFixed(4)}, duplicates ${i.value.estimates.duplicate.rate?.toFixed(4)} (scenario: 0.02, 0.01, 0.01)`);
    }
    console.log(`${events.toLocaleString('en-US')} events in ${files} gzip files, ${(hash.bytes / 1e6).toFixed(1)} MB; medians of ${runs} runs on ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg()[0]!.toFixed(1)}`);
    console.log('| step | wall | CPU | events/s (wall) |');
    console.log('|---|---|---|---|');
    for (const [name, x] of Object.entries(rows)) {
      const w = median(x.wallMs);
      console.log(`| ${name} | ${(w / 1000).toFixed(2)} s | ${(median(x.cpuMs) / 1000).toFixed(2)} s | ${Math.round(events / (w / 1000)).toLocaleString('en-US')} |`);
    }
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();

/**
 * Scale benchmark (issue 14): `npm run bench:scale` (= `tsx bench/scale.ts`). Not part of `npm test`.
 *
 * Runs `scalesim run` end to end (both designs, embedded moto) at growing volumes with the same events
 * per partition, each in its own process, and records for each run:
 * - wall time of the whole command, and its phases from results.json;
 * - peak RSS per process (the kernel's VmHWM, per process; and the largest sum over the tree at one
 *   sample), from /proc, every second (bench/process-sampler.ts);
 * - disk: the largest sum, sampled every 5 s, of what the run holds on disk: moto's object bodies (its
 *   open temporary files, deleted-on-close so `du` cannot see them), the generated-data cache entry and
 *   the output directory; plus the file system's used-bytes delta, which other work on the machine also moves;
 * - the load average, because the machine may be shared.
 * Then it fits the model (simulator/model/fit.ts, as `scalesim sweep` does) to the runs at or below
 * --fit-max events and reports its error at the larger, held-out volumes.
 *
 * Options: --volumes 1e6,3e6,1e7,1e8  --events-per-partition 31250  --fit-max 1e7
 *          --scenario scenarios/baseline.yaml  --out DIR (.cache/bench-scale)  --json FILE (bench/scale-results.json)
 *          --resume (keep volumes already measured in --out)  --nice N (niceness of the runs, 0)
 *          --timeout-minutes 360 (state-machine timeouts of runs above --fit-max events)
 *          --no-validate (passed on: each run measures its one volume, not also 1/16 and 1/8 of it)
 *
 * Runs above --fit-max use a copy of the scenario whose two state-machine timeouts are raised to
 * --timeout-minutes (the baseline's 60 min is an SLA-sized limit; on a shared 2-core machine a 100M run
 * would hit it and measure nothing). Nothing else changes; the copy is written next to the run.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fitRuns, SweepRun } from '../simulator/model/fit';
import { loadResults } from '../simulator/results/load';
import type { Results } from '../simulator/results/results';
import { runsOf } from '../simulator/run/finalize';
import { loadScenario } from '../simulator/scenario/load';
import { stringify } from 'yaml';
import { DATA_CACHE_DIR } from '../simulator/run/data-cache';
import { treeBytes } from '../simulator/io/dir-bytes';
import { ProcessSampler, TreeMemory } from './process-sampler';

const REPO = path.join(__dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} [bench] ${line}\n`);

export interface ScaleRun {
  readonly events: number;
  readonly partitions: number;
  readonly command: string;
  readonly exitCode: number | null;
  readonly status: string;
  readonly wallS: number;
  readonly phases: Record<string, number>;
  readonly memory: TreeMemory;
  readonly disk: { readonly peakHeldGB: number; readonly peakMotoGB: number; readonly peakCacheGB: number; readonly peakOutGB: number; readonly dfDeltaPeakGB: number };
  readonly load: { readonly start: number; readonly mean: number; readonly max: number };
  readonly accountingHolds: boolean;
  readonly startedAt: string;
}

/** Bytes of the regular files a process holds open (moto's spooled object bodies). */
function openFileBytes(pid: number): number {
  let bytes = 0;
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return 0;
  }
  for (const fd of fds) {
    try {
      const st = fs.statSync(`/proc/${pid}/fd/${fd}`);
      if (st.isFile()) bytes += st.size;
    } catch {
      /* closed meanwhile */
    }
  }
  return bytes;
}

function dfUsedBytes(p: string): number {
  const s = fs.statfsSync(p);
  return (s.blocks - s.bfree) * s.bsize;
}

const GB = 1e9;
/** `--no-validate` is passed on to every run: one volume per run instead of scalesim run's three (1/16, 1/8, all). */
const NO_VALIDATE = process.argv.includes('--no-validate');
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function measureRun(scenario: string, events: number, partitions: number, out: string, niceness: number): Promise<ScaleRun> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const args = ['run', scenario, '--events', String(events), '--partitions', String(partitions), '--out', out, ...(NO_VALIDATE ? ['--no-validate'] : [])];
  const command = `${niceness ? `nice -n ${niceness} ` : ''}npx scalesim ${args.join(' ')}`;
  log(`${command}`);
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  const bin = path.join(REPO, 'bin', 'scalesim.cjs');
  const child = niceness
    ? spawn('nice', ['-n', String(niceness), process.execPath, bin, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [bin, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) process.stderr.write(`${new Date().toISOString().slice(11, 19)} [${events.toExponential(0)}] ${line}\n`);
  };
  child.stdout!.on('data', prefix);
  child.stderr!.on('data', prefix);
  const sampler = new ProcessSampler(child.pid!, 1000).start();
  const df0 = dfUsedBytes(REPO);
  const disk = { held: 0, moto: 0, cache: 0, out: 0, df: 0 };
  const loads: number[] = [os.loadavg()[0]!];
  const diskTimer = setInterval(() => {
    const moto = sampler.pidsOf('moto').reduce((n, pid) => n + openFileBytes(pid), 0);
    const cache = treeBytes(DATA_CACHE_DIR, { missingIsEmpty: true });
    const outBytes = treeBytes(out, { missingIsEmpty: true });
    disk.moto = Math.max(disk.moto, moto);
    disk.cache = Math.max(disk.cache, cache);
    disk.out = Math.max(disk.out, outBytes);
    disk.held = Math.max(disk.held, moto + cache + outBytes);
    disk.df = Math.max(disk.df, dfUsedBytes(REPO) - df0);
    loads.push(os.loadavg()[0]!);
  }, 5000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearInterval(diskTimer);
  const memory = sampler.stop();
  const wallS = (Date.now() - t0) / 1000;
  let results: Results | undefined;
  try {
    results = loadResults(path.join(out, 'results.json'), { incomplete: 'warn', purpose: 'record it', warn: log });
  } catch {
    results = undefined;
  }
  const phases: Record<string, number> = {};
  if (results) {
    phases.generateS = round(results.workload.generateMs / 1000, 1);
    for (const [design, d] of Object.entries(results.designs)) {
      if (!d) continue;
      phases[`${design}.landS`] = round(d.runtime.measured.uploadMs / 1000, 1);
      phases[`${design}.executionS`] = round(d.runtime.measured.wallMs / 1000, 1);
    }
  }
  const run: ScaleRun = {
    events,
    partitions,
    command,
    exitCode,
    status: results?.status ?? 'no results.json',
    wallS: round(wallS, 1),
    phases,
    memory: { ...memory, processes: memory.processes.slice(0, 8) },
    disk: { peakHeldGB: round(disk.held / GB), peakMotoGB: round(disk.moto / GB), peakCacheGB: round(disk.cache / GB), peakOutGB: round(disk.out / GB, 3), dfDeltaPeakGB: round(disk.df / GB) },
    load: { start: round(loads[0]!), mean: round(loads.reduce((a, b) => a + b, 0) / loads.length), max: round(Math.max(...loads)) },
    accountingHolds: !!results && Object.values(results.designs).every((d) => d?.accounting.invariantHolds),
    startedAt,
  };
  fs.writeFileSync(path.join(out, 'bench.json'), JSON.stringify(run, null, 2) + '\n');
  log(`${events.toLocaleString("en-US")} events: ${run.status} in ${run.wallS} s; peak RSS ${JSON.stringify(memory.peakByRole)} MiB, all together ${memory.peakTotalMiB} MiB; CPU s ${JSON.stringify(memory.cpuByRole)}; disk held ${run.disk.peakHeldGB} GB`);
  return run;
}

function heldOutError(results: readonly { run: ScaleRun; results: Results }[], fitMax: number) {
  const runs: SweepRun[] = [];
  for (const { run, results: r } of results) {
    if (r.status !== 'complete') continue;
    for (const s of runsOf(r)) runs.push({ ...s, heldOut: run.events > fitMax });
  }
  if (!runs.some((r) => r.heldOut) || !runs.some((r) => !r.heldOut)) return undefined;
  const f = fitRuns(runs);
  // The CPU model too: per-event and per-partition CPU fitted on the small runs, against the large.
  const small = fitRuns(runs.filter((r) => !r.heldOut));
  const cpu = runs
    .filter((r) => r.heldOut)
    .map((r) => {
      const predicted = small.rates.cpuPerEventMs * r.events + small.rates.cpuPerPartitionMs * r.partitions;
      return { design: r.design, events: r.events, measuredCpuMs: Math.round(r.result.runtime.measured.cpuMs), predictedCpuMs: Math.round(predicted), ratio: round(r.result.runtime.measured.cpuMs / predicted, 3) };
    });
  return { fittedOn: runs.filter((r) => !r.heldOut).map((r) => `${r.design}@${r.events}`), validation: f.validation, emulator: f.emulator, cpu };
}

/** The scenario with longer state-machine timeouts, written to `file` (loadable: every value validated). */
function withTimeouts(scenarioFile: string, minutes: number, file: string): string {
  const loaded = loadScenario(path.resolve(REPO, scenarioFile));
  const s = loaded.scenario;
  const spec = {
    ...s,
    workload: { ...s.workload, schemaRegistry: loaded.registryFile },
    singleNode: { ...s.singleNode, timeoutMinutes: minutes },
    distributed: { ...s.distributed, timeoutMinutes: minutes },
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `# ${path.relative(REPO, loaded.file)} with both state-machine timeouts at ${minutes} min (bench/scale.ts)\n${stringify(spec)}`);
  loadScenario(file);
  return file;
}

async function main(): Promise<void> {
  const volumes = arg('volumes', '1e6,3e6,1e7,1e8').split(',').map(Number);
  const perPartition = Number(arg('events-per-partition', '31250'));
  const fitMax = Number(arg('fit-max', '1e7'));
  const scenario = arg('scenario', 'scenarios/baseline.yaml');
  const outRoot = path.resolve(REPO, arg('out', path.join('.cache', 'bench-scale')));
  const jsonFile = path.resolve(REPO, arg('json', path.join('bench', 'scale-results.json')));
  const niceness = Number(arg('nice', '0'));
  const resume = process.argv.includes('--resume');
  const timeoutMinutes = Number(arg('timeout-minutes', '360'));
  const measured: { run: ScaleRun; results: Results }[] = [];
  for (const events of volumes) {
    const partitions = Math.max(1, Math.round(events / perPartition));
    const out = path.join(outRoot, String(events));
    const benchFile = path.join(out, 'bench.json');
    let run: ScaleRun;
    if (resume && fs.existsSync(benchFile)) {
      run = JSON.parse(fs.readFileSync(benchFile, 'utf8')) as ScaleRun;
      log(`${events.toLocaleString('en-US')} events: kept from ${path.relative(REPO, benchFile)} (--resume)`);
    } else {
      const file = events > fitMax ? withTimeouts(scenario, timeoutMinutes, path.join(outRoot, `scenario-timeout-${timeoutMinutes}.yaml`)) : scenario;
      run = await measureRun(file, events, partitions, out, niceness);
    }
    try {
      measured.push({ run, results: loadResults(path.join(out, 'results.json'), { incomplete: 'warn', purpose: 'fit from it', warn: log }) });
    } catch (e) {
      log(`${events}: no readable results.json (${(e as Error).message})`);
    }
    // Only the results are needed later: the run's cloud assembly and reports stay, the data is gone.
  }
  const report = {
    command: `npm run bench:scale -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGB: round(os.totalmem() / GB, 1), node: process.version },
    eventsPerPartition: perPartition,
    runs: measured.map((m) => m.run),
    heldOut: heldOutError(measured, fitMax),
  };
  fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + '\n');
  log(`wrote ${path.relative(REPO, jsonFile)}`);
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});

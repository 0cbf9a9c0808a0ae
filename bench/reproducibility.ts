/**
 * Reproducibility of the headline answer: runs `scalesim run scenarios/baseline.yaml` N times (the last
 * one with a busy loop on one core, started here and killed by its PID afterwards) and reports each
 * crossover's volume, its interval and the workload CPU per event, with the spread around the median.
 *
 *   npm run bench:reproducibility -- [--runs 3] [--busy-last 1] [--json FILE] [--no-validate]
 *
 * Results go in bench/RESULTS.md by hand, with the machine's load noted.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median } from '../simulator/model/stats';
import { loadResults } from '../simulator/results/load';

const ROOT = path.join(__dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface RunRecord {
  readonly run: number;
  readonly busyLoop: boolean;
  readonly wallS: number;
  readonly loadBefore: number;
  readonly cpuPerEventUs: number | null;
  readonly crossovers: Record<string, { readonly holds: string; readonly volume: number | null; readonly low: number; readonly high: number }>;
  readonly heldOut: readonly string[];
}

function once(i: number, busy: boolean, validate: boolean): RunRecord {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `scalesim-repro-${i}-`));
  const loadBefore = os.loadavg()[0];
  // The busy loop is ours: started here, killed by its own PID, never by name.
  const loop = busy ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : undefined;
  const t0 = Date.now();
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'scalesim.cjs'), 'run', 'scenarios/baseline.yaml', '--out', out, '--quiet', ...(validate ? [] : ['--no-validate'])], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30 * 60_000,
    });
    if (r.status !== 0) throw new Error(`run ${i} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  } finally {
    if (loop?.pid) process.kill(loop.pid, 'SIGKILL');
  }
  const wallS = (Date.now() - t0) / 1000;
  const res = loadResults(path.join(out, 'results.json'), { incomplete: 'refuse', purpose: 'compare its crossover' });
  fs.rmSync(out, { recursive: true, force: true });
  const m = res.model!;
  const c = m.crossover;
  const pick = (p: typeof c.faster) => {
    if (p.low === undefined || p.high === undefined) throw new Error(`run ${i}: a crossover without its interval (low/high): the model did not run its Monte Carlo`);
    return { holds: p.holds, volume: p.volume, low: p.low, high: p.high };
  };
  return {
    run: i,
    busyLoop: busy,
    wallS,
    loadBefore,
    cpuPerEventUs: m.workloadCost ? m.workloadCost.cpuPerEventMs.value * 1000 : null,
    crossovers: { faster: pick(c.faster), cheaper: pick(c.cheaper), singleNodeInfeasible: pick(c.singleNodeInfeasible) },
    heldOut: m.validation.heldOut.map((h) => `${h.design} ${h.ratio}`),
  };
}

function main(): void {
  const runs = Number(arg('runs', '3'));
  const busyLast = Number(arg('busy-last', '1'));
  const validate = !process.argv.includes('--no-validate');
  const records: RunRecord[] = [];
  for (let i = 1; i <= runs; i++) {
    const busy = i > runs - busyLast;
    process.stderr.write(`run ${i}/${runs}${busy ? ' (busy loop on one core)' : ''}...\n`);
    records.push(once(i, busy, validate));
    process.stderr.write(`  ${JSON.stringify(records[records.length - 1])}\n`);
  }
  const lines = ['| run | busy loop | load before | wall | CPU/event | faster | cheaper | single-node infeasible | held out (measured ÷ predicted) |', '|---|---|---|---|---|---|---|---|---|'];
  const cell = (x: RunRecord['crossovers'][string]) => `${x.holds} ${x.volume === null ? '—' : fmt(x.volume)} (${fmt(x.low)}–${fmt(x.high)})`;
  for (const r of records) {
    lines.push(`| ${r.run} | ${r.busyLoop ? 'yes' : 'no'} | ${r.loadBefore.toFixed(1)} | ${r.wallS.toFixed(0)} s | ${r.cpuPerEventUs?.toFixed(2) ?? '—'} µs | ${cell(r.crossovers.faster)} | ${cell(r.crossovers.cheaper)} | ${cell(r.crossovers.singleNodeInfeasible)} | ${r.heldOut.join(', ') || '—'} |`);
  }
  lines.push('');
  for (const k of ['faster', 'cheaper', 'singleNodeInfeasible']) {
    const vols = records.map((r) => r.crossovers[k].volume).filter((v): v is number => v !== null);
    if (vols.length !== records.length) {
      lines.push(`- ${k}: ${records.map((r) => r.crossovers[k].holds).join(', ')} (no volume in ${records.length - vols.length} run(s))`);
      continue;
    }
    const m = median(vols);
    const spread = Math.max(...vols.map((v) => Math.abs(v / m - 1))) * 100;
    lines.push(`- ${k}: median ${fmt(m)}, largest deviation from it ±${spread.toFixed(1)}%`);
  }
  const cpu = records.map((r) => r.cpuPerEventUs).filter((v): v is number => v !== null);
  if (cpu.length) lines.push(`- CPU per event: median ${median(cpu).toFixed(2)} µs, largest deviation ±${(Math.max(...cpu.map((v) => Math.abs(v / median(cpu) - 1))) * 100).toFixed(1)}%`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const json = arg('json', '');
  if (json) fs.writeFileSync(json, JSON.stringify(records, null, 2) + '\n');
}

function fmt(v: number): string {
  if (v >= 1e9) return `${(v / 1e9).toPrecision(3)}B`;
  if (v >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e3) return `${(v / 1e3).toPrecision(3)}k`;
  return String(v);
}

main();

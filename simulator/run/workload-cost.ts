import { fork } from 'child_process';
import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { estimateWorkloadCost, type WorkloadCost } from '../model/workload-cost';
import type { WorkerReply, WorkerRequest } from './workload-cost-worker';

/**
 * Measures the workload's CPU per event once per run, in an isolated child process, so both designs'
 * projections use the same figure and machine load moves it as little as possible (see
 * simulator/model/workload-cost.ts for the estimator and why it takes a low quantile).
 */

export interface MeasureWorkloadCostOptions {
  /** A generated run directory; its first intact partition is the sample. */
  readonly dataDir: string;
  /**
   * Warm repetitions of the whole partition (after the fresh one).
   * @default 12
   */
  readonly repeats?: number;
  /** @default 120000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const ENTRY = 'workload-cost-worker';

function entry(): { file: string; execArgv: string[] } {
  const ts = path.join(__dirname, `${ENTRY}.ts`);
  if (__filename.endsWith('.ts') || !existsSync(path.join(__dirname, `${ENTRY}.js`))) {
    // From source: tsx (a runtime dependency) loads the TypeScript entry.
    return { file: ts, execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href, '--expose-gc'] };
  }
  return { file: path.join(__dirname, `${ENTRY}.js`), execArgv: ['--expose-gc'] };
}

export async function measureWorkloadCost(o: MeasureWorkloadCostOptions): Promise<WorkloadCost> {
  const repeats = o.repeats ?? 12;
  const req: WorkerRequest = { dataDir: o.dataDir, repeats };
  const { file, execArgv } = entry();
  const child = fork(file, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], cwd: path.join(__dirname, '..', '..') });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const reply = await new Promise<WorkerReply>((resolve, reject) => {
    const stop = (why: Error) => {
      child.kill('SIGKILL');
      reject(why);
    };
    const timer = setTimeout(() => stop(new Error(`workload calibration took longer than ${Math.round((o.timeoutMs ?? 120_000) / 1000)} s`)), o.timeoutMs ?? 120_000);
    const onAbort = () => stop(o.signal!.reason instanceof Error ? o.signal!.reason : new Error('aborted'));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
    };
    child.once('message', (m: WorkerReply) => {
      done();
      resolve(m);
    });
    child.once('exit', (code, signal) => {
      done();
      reject(new Error(`workload calibration exited (${signal ?? code}) without a result${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
    });
    child.once('error', (e) => {
      done();
      reject(e);
    });
    child.send(req);
  });
  // The child exits by itself after replying; wait for it so no process outlives the measurement.
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  if (!reply.ok) throw new Error(`workload calibration failed: ${reply.error}`);
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return estimateWorkloadCost(reply.samples, {
    machine: `${cpu}, ${os.cpus().length} CPUs, node ${process.version}`,
    method:
      `partition processor, single-threaded in an isolated child process, over the first partition of the generated data held in memory ` +
      `(outputs discarded): 1 fresh run, then ${repeats} warm runs, a garbage collection before each; ` +
      'process CPU (user + system) per run; CPU per event = the 10th percentile of the warm runs (load only ever adds CPU time), warm-up = fresh run − warm estimate',
  });
}

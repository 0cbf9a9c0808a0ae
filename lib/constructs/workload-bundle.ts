import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Bundles the code that runs inside AWS (lib/workload) into self-contained directories:
 * - `lambda/index.js`, the Lambda asset (handler `index.handler`);
 * - `task/task-runner.js` plus a Dockerfile, the Fargate image asset.
 *
 * esbuild runs in-process at synth time (no Docker, no network), like NodejsFunction's local bundling.
 * Output is cached by a hash of the workload sources, so repeated synths (tests) bundle once.
 */
export interface WorkloadBundle {
  readonly lambdaDir: string;
  readonly taskDir: string;
  /** The container command the task definition runs; the emulator runs the same command locally. */
  readonly taskCommand: readonly string[];
}

const WORKLOAD_DIR = path.join(__dirname, '..', 'workload');
const CACHE_ROOT = path.join(__dirname, '..', '..', '.cache', 'workload-bundle');
export const TASK_WORKDIR = '/app';
const NODE_TARGET = 'node20';

const DOCKERFILE = `# The single-node batch runner. Built by \`cdk deploy\`; the emulator runs the same command locally.
FROM public.ecr.aws/docker/library/node:24-slim
WORKDIR ${TASK_WORKDIR}
COPY task-runner.js ./
USER node
CMD ["node", "task-runner.js"]
`;

let memo: WorkloadBundle | undefined;

export function workloadBundle(): WorkloadBundle {
  if (memo) return memo;
  const entries = { lambda: path.join(WORKLOAD_DIR, 'lambda-handler.ts'), task: path.join(WORKLOAD_DIR, 'task-runner.ts') };
  for (const file of Object.values(entries)) {
    if (!fs.existsSync(file)) throw new Error(`workload entry point missing: ${file}`);
  }
  const dir = path.join(CACHE_ROOT, sourceHash());
  const lambdaDir = path.join(dir, 'lambda');
  const taskDir = path.join(dir, 'task');
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    esbuild(entries.lambda, path.join(lambdaDir, 'index.js'));
    esbuild(entries.task, path.join(taskDir, 'task-runner.js'));
    fs.writeFileSync(path.join(taskDir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  memo = { lambdaDir, taskDir, taskCommand: ['node', 'task-runner.js'] };
  return memo;
}

/**
 * Runs the esbuild binary as a child process and waits for it. Not esbuild's JS API: its synchronous
 * calls block the main thread on a worker thread, which deadlocks when the caller runs under a module
 * loader hook (tsx, as `npx scalesim` does) that the worker needs to load its own code; it also leaves
 * a resident service process behind in long-lived callers.
 */
export function esbuild(entry: string, outfile: string): void {
  const bin = require.resolve('esbuild/bin/esbuild');
  const args = [
    entry,
    '--bundle',
    '--platform=node',
    `--target=${NODE_TARGET}`,
    '--format=cjs',
    '--legal-comments=none',
    '--log-level=error',
    `--outfile=${outfile}`,
  ];
  // The bin is the native binary once esbuild's install script ran, or a small Node launcher otherwise.
  const native = fs.readFileSync(bin).subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  try {
    execFileSync(native ? bin : process.execPath, native ? args : [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`bundling ${path.basename(entry)} with esbuild failed: ${stderr || (e as Error).message}`, { cause: e });
  }
}

/** Hash of every source file esbuild could pull in from lib/workload, plus the lockfile. */
function sourceHash(): string {
  const h = crypto.createHash('sha256');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(WORKLOAD_DIR);
  files.push(path.join(__dirname, '..', '..', 'package-lock.json'));
  for (const f of files.sort()) {
    h.update(path.relative(WORKLOAD_DIR, f));
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  }
  h.update(NODE_TARGET + DOCKERFILE);
  return h.digest('hex').slice(0, 16);
}

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
    // Imported lazily: esbuild is only needed when a bundle must be (re)built. Without worker threads,
    // buildSync runs the esbuild binary per call and waits for it, instead of leaving a service
    // process alive for the rest of the caller's life (which a long-lived CLI or test would inherit).
    process.env.ESBUILD_WORKER_THREADS ??= '0';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    fs.rmSync(dir, { recursive: true, force: true });
    const common = {
      bundle: true,
      platform: 'node',
      target: NODE_TARGET,
      format: 'cjs',
      minify: false,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'error',
    } as const;
    esbuild.buildSync({ ...common, entryPoints: [entries.lambda], outfile: path.join(lambdaDir, 'index.js') });
    esbuild.buildSync({ ...common, entryPoints: [entries.task], outfile: path.join(taskDir, 'task-runner.js') });
    fs.writeFileSync(path.join(taskDir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  memo = { lambdaDir, taskDir, taskCommand: ['node', 'task-runner.js'] };
  return memo;
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

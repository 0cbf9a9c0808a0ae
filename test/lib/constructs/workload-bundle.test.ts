import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { esbuild, workloadBundle } from '../../../lib/constructs/workload-bundle';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('workload bundle', () => {
  test('bundles the Lambda handler and the task runner into self-contained files', () => {
    const b = workloadBundle();
    expect(fs.readFileSync(path.join(b.lambdaDir, 'index.js'), 'utf8')).toMatch(/exports|module\.exports/);
    expect(fs.existsSync(path.join(b.taskDir, 'task-runner.js'))).toBe(true);
    expect(fs.readFileSync(path.join(b.taskDir, 'Dockerfile'), 'utf8')).toMatch(/CMD \["node", "task-runner\.js"\]/);
    expect(b.taskCommand).toEqual(['node', 'task-runner.js']);
  });

  test('bundles under the tsx loader without deadlocking (how `npx scalesim` runs)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    fs.writeFileSync(path.join(dir, 'entry.ts'), 'export const x: number = 1;\n');
    const script = `require(${JSON.stringify(path.join(ROOT, 'lib', 'constructs', 'workload-bundle.ts'))}).esbuild(${JSON.stringify(path.join(dir, 'entry.ts'))}, ${JSON.stringify(path.join(dir, 'out.js'))})`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, timeout: 60_000, encoding: 'utf8' });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr.split('\n').filter((l) => !/Warning|node >=22|upgrade|^\s*$|a\.co|continue receiving|trace-warnings|JavaScript \(v3\)|first week/.test(l)) }).toEqual({ status: 0, signal: null, stderr: [] });
    expect(fs.readFileSync(path.join(dir, 'out.js'), 'utf8')).toMatch(/x = 1/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a bundling error names the entry and esbuild’s message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    fs.writeFileSync(path.join(dir, 'bad.ts'), 'import "./missing";\n');
    expect(() => esbuild(path.join(dir, 'bad.ts'), path.join(dir, 'out.js'))).toThrow(/bundling bad\.ts with esbuild failed: .*Could not resolve "\.\/missing"/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

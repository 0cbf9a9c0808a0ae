import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * `npm run lint:unused` (knip, part of `npm test`) catches what it claims to: planted in a scratch tree
 * laid out like the repository and checked with the project's own knip.json, an unused file, an unused
 * exported value, an unused exported type and an unused dependency each fail it.
 */
const REPO = path.join(__dirname, '..', '..');
const KNIP = path.join(REPO, 'node_modules', '.bin', 'knip');

interface KnipIssue {
  readonly file: string;
  readonly files: readonly { name: string }[];
  readonly dependencies: readonly { name: string }[];
  readonly exports: readonly { name: string }[];
  readonly types: readonly { name: string }[];
}

/** Every finding of knip over `files` (path → source) in a scratch tree, as `kind: file name`. */
function knip(files: Readonly<Record<string, string>>, dependencies: readonly string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-knip-'));
  try {
    fs.copyFileSync(path.join(REPO, 'knip.json'), path.join(dir, 'knip.json'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true } }));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, dependencies: Object.fromEntries(dependencies.map((d) => [d, '1.0.0'])) }));
    for (const d of dependencies) {
      fs.mkdirSync(path.join(dir, 'node_modules', d), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', d, 'package.json'), JSON.stringify({ name: d, version: '1.0.0', main: 'index.js' }));
      fs.writeFileSync(path.join(dir, 'node_modules', d, 'index.js'), 'exports.parse = () => 1;\n');
    }
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    let out: string;
    try {
      out = execFileSync(KNIP, ['--reporter', 'json', '--no-progress'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      // knip exits 1 when it finds something; the report is still on stdout.
      const failed = e as { stdout: string; stderr: string };
      if (!failed.stdout) throw new Error(`knip failed: ${failed.stderr}`, { cause: e });
      out = failed.stdout;
    }
    return (JSON.parse(out) as { issues: KnipIssue[] }).issues
      .flatMap((i) => [
        ...i.files.map((x) => `file: ${x.name}`),
        ...i.dependencies.map((x) => `dependency: ${x.name}`),
        ...i.exports.map((x) => `export: ${i.file} ${x.name}`),
        ...i.types.map((x) => `type: ${i.file} ${x.name}`),
      ])
      .sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const clean: Record<string, string> = {
  'bin/scalesim.ts': "import { parse } from 'yaml';\nimport { run } from '../simulator/run';\nrun(parse('x'));\n",
  // An exported type used only in its own exported signature is allowed (knip.json says why).
  'simulator/run.ts': 'export interface RunOptions { readonly n: number }\nexport function run(n: number, o: RunOptions = { n }): number {\n  return o.n;\n}\n',
  'test/simulator/run.test.ts': "import { run } from '../../simulator/run';\ntest('runs', () => expect(run(1)).toBe(1));\n",
};

test('a tree with nothing unused passes', () => {
  expect(knip(clean, ['yaml'])).toEqual([]);
});

test('an unused file, export, exported type and dependency each fail', () => {
  expect(
    knip(
      {
        ...clean,
        'simulator/orphan.ts': 'export const orphan = 1;\n',
        'simulator/run.ts': `${clean['simulator/run.ts']}export const LIMIT = 3;\nexport type Unused = { readonly x: number };\nexport const limit = () => LIMIT;\n`,
      },
      ['yaml', 'left-pad'],
    ),
  ).toEqual(['dependency: left-pad', 'export: simulator/run.ts LIMIT', 'export: simulator/run.ts limit', 'file: simulator/orphan.ts', 'type: simulator/run.ts Unused']);
});

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The layer boundaries `npm test` enforces (`npm run lint:deps` and `npm run lint`) catch what they
 * claim to: each violating import below, planted in a scratch tree laid out like the repository, fails
 * the project's own dependency-cruiser config, and the lint rules fail planted code.
 */
const REPO = path.join(__dirname, '..', '..');
const DEPCRUISE = path.join(REPO, 'node_modules', '.bin', 'depcruise');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/** Runs the repository's dependency-cruiser config over `files` (path → source) in a scratch tree. */
function cruise(files: Readonly<Record<string, string>>): Violation[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-boundaries-'));
  try {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true } }));
    // A stand-in for the CDK package, so that the scratch tree resolves `aws-cdk-lib` where the repository does.
    fs.mkdirSync(path.join(dir, 'node_modules', 'aws-cdk-lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'aws-cdk-lib', 'package.json'), JSON.stringify({ name: 'aws-cdk-lib', version: '2.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(dir, 'node_modules', 'aws-cdk-lib', 'index.js'), 'exports.Duration = {};\n');
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const roots = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
    let out: string;
    try {
      out = execFileSync(DEPCRUISE, ['--config', path.join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'json', ...roots], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    } catch (e) {
      // depcruise exits non-zero when it finds errors; the report is still on stdout.
      const failed = e as { stdout: string; stderr: string };
      if (!failed.stdout) throw new Error(`depcruise failed: ${failed.stderr}`, { cause: e });
      out = failed.stdout;
    }
    return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rules = (v: readonly Violation[]) => v.map((x) => `${x.rule.name}: ${x.from} -> ${x.to}`).sort();

describe('dependency-cruiser boundaries', () => {
  test('a tree that keeps the layers passes', () => {
    expect(
      cruise({
        'lib/aws-limits.ts': 'export const LIMIT = 1;\n',
        'simulator/results/cost.ts': "import { LIMIT } from '../../lib/aws-limits';\nexport const X = LIMIT;\n",
        'simulator/cost/price.ts': "import { X } from '../results/cost';\nexport const price = (n: number) => n * X;\n",
        'simulator/report/memo.ts': "import * as fs from 'fs';\nimport { price } from '../cost/price';\nexport const write = () => fs.writeFileSync('x', String(price(2)));\n",
      }),
    ).toEqual([]);
  });

  test('lib/ importing simulator/ fails', () => {
    const v = cruise({
      'lib/stacks/stack.ts': "import { SIZES } from '../../simulator/scenario/sizes';\nexport const s = SIZES;\n",
      'simulator/scenario/sizes.ts': 'export const SIZES = [1];\n',
    });
    expect(rules(v)).toEqual(['lib-not-to-simulator: lib/stacks/stack.ts -> simulator/scenario/sizes.ts']);
  });

  test('pure math reaching fs or the CDK, even through another module, fails', () => {
    const v = cruise({
      'simulator/model/fit.ts': "import { read } from '../../lib/helper';\nexport const fit = () => read();\n",
      'lib/helper.ts': "import * as fs from 'fs';\nexport const read = () => fs.readFileSync('x');\n",
      'simulator/cost/lambda.ts': "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration.seconds(1);\n",
      // The estimators of `scenario infer` are pure too: reading the sample is simulator/sample's job.
      'simulator/infer/stats.ts': "import * as fs from 'fs';\nexport const size = () => fs.statSync('x').size;\n",
      'simulator/tune/evaluate.ts': "import * as fs from 'fs';\nexport const points = () => fs.readFileSync('tune.json');\n",
      // The named exception does I/O on purpose.
      'simulator/cost/prices/load.ts': "import * as fs from 'fs';\nexport const load = () => fs.readFileSync('p.json');\n",
    });
    expect(rules(v).map((r) => r.replace(/ -> .*$/, ''))).toEqual(['pure-math: simulator/cost/lambda.ts', 'pure-math: simulator/infer/stats.ts', 'pure-math: simulator/model/fit.ts', 'pure-math: simulator/tune/evaluate.ts']);
  });

  test('an import cycle fails, type-only imports included', () => {
    const v = cruise({
      'simulator/access/types.ts': "import type { Probe } from './probe-types';\nexport interface Access { readonly probe: Probe }\n",
      'simulator/access/probe-types.ts': "import type { Access } from './types';\nexport interface Probe { readonly of: Access }\n",
    });
    expect(rules(v)).toHaveLength(1);
    expect(rules(v)[0]).toMatch(/^no-circular: simulator\/access\/(probe-types|types)\.ts -> simulator\/access\/(types|probe-types)\.ts$/);
  });

  test('the model importing another stage, and the contract importing a stage, fail', () => {
    const v = cruise({
      'simulator/model/fit.ts': "import type { Results } from '../report/results';\nexport type R = Results;\n",
      'simulator/report/results.ts': 'export interface Results { readonly n: number }\n',
      'simulator/results/results.ts': "import { render } from '../report/render';\nexport const r = render;\n",
      'simulator/report/render.ts': 'export const render = () => 1;\n',
    });
    expect(rules(v)).toEqual([
      'pure-math-not-to-stages: simulator/model/fit.ts -> simulator/report/results.ts',
      'results-is-the-contract: simulator/results/results.ts -> simulator/report/render.ts',
    ]);
  });
});

describe('eslint boundaries', () => {
  /**
   * `eslint --stdin` with the project's config and `code` as the content of `filePath`. Without the
   * TypeScript project service (these rules need no type information, and loading the whole project
   * for each snippet takes a minute), and so without the one rule that needs it.
   */
  const messages = (code: string, filePath: string): string[] => {
    let out: string;
    try {
      out = execFileSync(path.join(REPO, 'node_modules', '.bin', 'eslint'), [
          '--stdin',
          '--stdin-filename',
          filePath,
          '--format',
          'json',
          '--parser-options',
          'projectService:false',
          '--rule',
          '{"@typescript-eslint/no-floating-promises":"off"}',
        ], { cwd: REPO, input: code, encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string }).stdout;
    }
    return (JSON.parse(out) as { messages: { ruleId: string; message: string }[] }[])[0]!.messages.map((m) => `${m.ruleId}: ${m.message}`);
  };

  test('pure math reading process.env fails; the named I/O module may', () => {
    const code = "export const region = (): string => process.env.AWS_REGION ?? 'us-east-1';\n";
    expect(messages(code, 'simulator/cost/tiers.ts')).toEqual(["no-restricted-properties: 'process.env' is restricted from being used. pure math reads no environment: take the value as an argument"]);
    expect(messages(code, 'simulator/model/fit.ts')).toHaveLength(1);
    expect(messages(code, 'simulator/infer/estimate.ts')).toHaveLength(1);
    expect(messages(code, 'simulator/tune/evaluate.ts')).toHaveLength(1);
    expect(messages(code, 'simulator/cost/prices/load.ts')).toEqual([]);
  });

  test('`as unknown as` in the report fails', () => {
    const code = 'export const n = (JSON.parse("1") as unknown as number) + 1;\n';
    expect(messages(code, 'simulator/report/views.ts')).toEqual([
      'no-restricted-syntax: no `as unknown as` here: type the value through the results contract (simulator/results) instead',
    ]);
  });
});

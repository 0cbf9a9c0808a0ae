import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exec } from '../../../../simulator/cli/main';
import { testDeps } from '../../cli-test-deps';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await exec(argv, testDeps(out, err, {}));
  return { code, out: out.join(''), err: err.join('') };
}

describe('scalesim validate', () => {
  test('a valid scenario exits 0 with its name and content hash on stdout', async () => {
    const r = await run(['validate', 'scenarios/baseline.yaml']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^baseline: valid \(sha256 [0-9a-f]{12}\)/);
  });

  test('an invalid scenario exits 2 with one line naming the field, the value and the rule', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-validate-'));
    try {
      const file = path.join(dir, 'bad.yaml');
      fs.writeFileSync(file, fs.readFileSync('scenarios/baseline.yaml', 'utf8').replace(/^ {2}events: \d+/m, '  events: -5'));
      const r = await run(['validate', file]);
      expect(r).toMatchObject({ code: 2, out: '' });
      expect(r.err).toMatch(/^scalesim: \S*bad\.yaml: workload\.events: got -5, expected >= 1; [^\n]*\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

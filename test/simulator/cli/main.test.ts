import { exec } from '../../../simulator/cli/main';
import { testDeps } from '../cli-test-deps';

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const deps = testDeps(out, err, {});
  return exec(argv, deps).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('CLI entry (exec)', () => {
  test.each([
    [['cost'], /^scalesim: Not enough non-option arguments: a required argument is missing \(see --help\)\n$/],
    [['bogus'], /^scalesim: Unknown argument: bogus\n$/],
    [['run', 'scenarios/baseline.yaml', '--emulator', 'nope'], /^scalesim: Invalid values: Argument: emulator, Given: "nope", Choices: "moto", "localstack", "endpoint", "aws"\n$/],
    [['validate', 'scenarios/baseline.yaml', '--extra', '1'], /^scalesim: Unknown argument: extra\n$/],
    [['validate', 'scenarios/nope.yaml'], /^scalesim: cannot read scenario scenarios\/nope\.yaml: ENOENT\n$/],
    [[], /^scalesim: name a command; see --help\n$/],
    [['generate', 'scenarios/baseline.yaml', '--out', 'unused-dir', '--events', 'many'], /^scalesim: --events: expected an integer from 1 to 1000000000000, got "many"\n$/],
  ])('%p exits 2 with one line and no stack trace', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test('every command has --help with examples', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      for (const cmd of ['validate', 'generate', 'process', 'run', 'sweep', 'profile', 'cost', 'access', 'report', 'diff', 'prices', 'emulator']) {
        log.mockClear();
        const r = await run([cmd, '--help']);
        const help = log.mock.calls.map((c) => String(c[0])).join('\n');
        expect({ cmd, code: r.code, examples: /Examples:/.test(help) }).toEqual({ cmd, code: 0, examples: true });
      }
    } finally {
      log.mockRestore();
    }
  });
});

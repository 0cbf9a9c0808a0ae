import { defineCommand, type Args } from '../../../simulator/cli/command';
import type { EmulatorKind, ReportFormat } from '../../../simulator/cli/options';

/**
 * `Args` is derived from the option table: these checks run in `npm run typecheck` (each
 * `@ts-expect-error` must meet an error, or the typecheck fails) and the values at run time here.
 */
describe('Args: typed from the option table and the command lists', () => {
  const seen: unknown[] = [];
  const cmd = defineCommand({
    command: 'demo <scenario>',
    describe: 'demo',
    positionals: { scenario: { describe: 'Scenario YAML file' } },
    options: ['emulator', 'events', 'format', 'out', 'quiet'],
    required: ['out'],
    examples: [],
    async run(args) {
      // An option with choices and a default: one of its choices, always present.
      const emulator: EmulatorKind = args.emulator;
      // With choices, no default: one of its choices, or absent.
      const format: ReportFormat | undefined = args.format;
      // @ts-expect-error -- no default: may be absent
      const events: number = args.events;
      // Required: a string.
      const out: string = args.out;
      const scenario: string = args.scenario;
      const quiet: boolean = args.quiet;
      // @ts-expect-error -- an option the command did not list does not exist
      void args.region;
      seen.push(emulator, format, events, out, scenario, quiet);
      return 0;
    },
  });

  test('a command receives what the parser produced, typed', async () => {
    const args: Args<'emulator' | 'events' | 'format' | 'out' | 'quiet', { readonly scenario: { readonly describe: string } }, 'out'> = {
      _: ['demo'],
      scenario: 'scenarios/baseline.yaml',
      emulator: 'moto',
      out: 'dir',
      quiet: true,
    };
    expect(await cmd.run(args, undefined as never)).toBe(0);
    expect(seen).toEqual(['moto', undefined, undefined, 'dir', 'scenarios/baseline.yaml', true]);
    // @ts-expect-error -- not one of the choices
    const bad: Args<'emulator'> = { _: [], emulator: 'docker' };
    const good: Args<'emulator'> = { _: [], emulator: 'localstack' };
    expect(good.emulator).toBe('localstack');
    expect(bad.emulator).toBe('docker');
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeTuneCommand } from '../../../simulator/cli/commands/tune';
import { descendants } from '../../../simulator/emulator/process-tree';
import { tuneReportSchema, type TuneReport } from '../../../simulator/results/tune';
import { loadScenario } from '../../../simulator/scenario/load';
import { runSpec } from '../cli/commands/cli-harness';
import { BASELINE_FILE, fixtureTemplates, REPO } from '../tune/fixtures';

/**
 * `scalesim tune` end to end at a tiny verification volume: the search on the baseline's committed
 * templates (the synthesis of the search is covered by the cost and check suites), then the picks
 * written to tuned.yaml, deployed from its own `cdk synth` to the embedded moto emulator and run once
 * through the same machinery as `scalesim run`, and compared with the model.
 */
const EVENTS = 4000;

describe(`scalesim tune with a verification run (${EVENTS} events)`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-tune-e2e-'));
  let code: number;
  let stderr: string;
  let report: TuneReport;

  beforeAll(async () => {
    const r = await runSpec(makeTuneCommand(() => fixtureTemplates()), { scenario: BASELINE_FILE, out: dir, 'verify-events': String(EVENTS), quiet: true }, REPO);
    code = r.code;
    stderr = r.stderr;
    report = JSON.parse(fs.readFileSync(path.join(dir, 'tune.json'), 'utf8')) as TuneReport;
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 0; tune.json matches its schema; tuned.yaml validates', () => {
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const parsed = tuneReportSchema.safeParse(report);
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 3)).toEqual([]);
    expect(() => loadScenario(path.join(dir, 'tuned.yaml'))).not.toThrow();
  });

  test.each(['single-node', 'distributed'] as const)('%s: the verified configuration ran, and input = curated + quarantined + duplicates', (design) => {
    const v = report.verification.find((x) => x.design === design)!;
    const chosen = report.designs[design].picks.balanced ?? report.designs[design].fallback?.pointId;
    expect(v.pointId).toBe(chosen);
    expect(v.status).toBe('verified');
    expect(v.executionStatus).toBe('SUCCEEDED');
    const a = v.accounting!;
    expect(a.input).toBe(EVENTS);
    expect(a.expectedInput).toBe(EVENTS);
    expect(a.curated + a.quarantined + a.duplicatesDropped).toBe(a.input);
    expect(a.holds).toBe(true);
    // Counts the emulator and AWS share match the model's prediction for this run exactly.
    for (const c of v.comparisons.filter((x) => x.basis === 'count')) expect({ q: c.quantity, gap: c.gapPct }).toEqual({ q: c.quantity, gap: 0 });
    expect(v.comparisons.find((c) => c.quantity === 'CPU per event')!.measured).toBeGreaterThan(0);
    // The search here priced the committed templates, which carry no asset sizes; the tuned scenario's
    // own synthesis adds the stored task image and Lambda code, and nothing else: a few cents at most.
    expect(v.fixedCost!.synthesizedUsd).toBeGreaterThanOrEqual(v.fixedCost!.evaluatedUsd - 1e-9);
    expect(v.fixedCost!.synthesizedUsd - v.fixedCost!.evaluatedUsd).toBeLessThan(0.05);
  });

  test('the verification run is kept for audit, and no process is left behind', () => {
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'verify', 'results.json'), 'utf8')) as { status: string; workload: { events: number } };
    expect(results).toMatchObject({ status: 'complete', workload: { events: EVENTS } });
    expect(descendants(process.pid)).toEqual([]);
  });
});

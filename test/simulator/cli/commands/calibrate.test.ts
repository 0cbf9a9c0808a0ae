import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { calibrateCommand } from '../../../../simulator/cli/commands/calibrate';
import { loadCalibration } from '../../../../simulator/run/calibration-file';
import { buildAwsFixture, KNOWN } from '../../../fixtures/calibrate/make-aws-fixture';
import { runSpec } from './cli-harness';

const DIR = path.join(__dirname, '..', '..', '..', 'fixtures', 'calibrate');
const FIXTURE = path.join(DIR, 'aws-run.FIXTURE.results.json');
const REPO = path.join(__dirname, '..', '..', '..', '..');

describe('scalesim calibrate on the AWS-shaped FIXTURE', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-calibrate-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  let res: Awaited<ReturnType<typeof runSpec>>;
  beforeAll(async () => {
    res = await runSpec(calibrateCommand, { results: FIXTURE, out }, REPO);
  });

  test('the committed fixture is what its generator writes, and says it is a fixture', () => {
    expect(JSON.parse(fs.readFileSync(FIXTURE, 'utf8'))).toEqual(JSON.parse(JSON.stringify(buildAwsFixture())));
    expect(JSON.parse(fs.readFileSync(path.join(DIR, 'aws-run.FIXTURE.known.json'), 'utf8'))).toEqual(KNOWN);
    expect(buildAwsFixture().environment.emulator.details.fixture).toMatch(/^FIXTURE: /);
  });

  test('recovers every constant the fixture was generated with, within 5%', () => {
    expect(res.code).toBe(0);
    const file = path.join(out, 'aws-us-east-1-calibrated.yaml');
    const p = loadCalibration({ region: 'us-east-1', file }).profile.constants;
    const got: Record<keyof typeof KNOWN, number> = {
      'cpuSpeedFactor.arm64': p.cpuSpeedFactor.byArchitecture.arm64.value,
      lambdaColdStartMs: p.lambdaColdStartMs.byPackageSize.find((b) => b.maxPackageMb === 2)!.value,
      mapIterationDispatchMs: p.mapIterationDispatchMs.value,
      fargateTaskStartS: p.fargateTaskStartS.byImageSize.find((b) => b.maxImageMb === 500)!.value,
      s3GetMBpsPerStream: p.s3GetMBpsPerStream.value,
      s3PutMBpsPerStream: p.s3PutMBpsPerStream.value,
      lambdaMbPerVcpu: p.lambdaMbPerVcpu.value,
      workerEfficiency: p.workerEfficiency.value,
    };
    for (const [k, v] of Object.entries(KNOWN) as [keyof typeof KNOWN, number][]) {
      expect({ k, err: Math.abs(got[k] / v - 1) <= 0.05 }).toEqual({ k, err: true });
    }
    // Every fitted constant names its evidence; what the run could not fit keeps the default's source.
    expect(p.mapIterationDispatchMs.sources).toEqual([expect.objectContaining({ kind: 'fitted', samples: 32, results: expect.stringMatching(/aws-run\.FIXTURE\.results\.json$/) })]);
    expect(p.cpuSpeedFactor.byArchitecture.x86_64.sources[0].kind).toBe('reason');
    const header = fs.readFileSync(file, 'utf8').split('\n')[0];
    expect(header).toMatch(/^# AWS calibration profile fitted by `scalesim calibrate .*aws-run\.FIXTURE\.results\.json` on 2026-12-03\.$/);
    expect(parse(fs.readFileSync(file, 'utf8')).name).toBe('aws-us-east-1-calibrated');
  });

  test('reports the default profile\'s projection error against the run (the backtest), and the fitted one\'s', () => {
    const text = res.stdout;
    expect(text).toMatch(/^wrote .*aws-us-east-1-calibrated\.yaml$/m);
    expect(text).toMatch(/^fitted mapIterationDispatchMs: 4\d\.\d+ \(range [\d.]+–[\d.]+, 32 samples; calibration\/aws-us-east-1\.yaml had 60\)$/m);
    for (const label of ['calibration/aws-us-east-1.yaml', 'fitted profile']) {
      for (const d of ['single-node', 'distributed']) {
        expect(text).toMatch(new RegExp(`^backtest ${label.replace(/[./]/g, '\\$&')}: ${d} at 320,000 events: projected [\\d.]+ m?s vs measured on AWS [\\d.]+ m?s \\([+-][\\d.]+%\\)$`, 'm'));
      }
    }
    const err = (label: string, d: string) => Math.abs(Number(new RegExp(`backtest ${label}: ${d} .*\\(([+-][\\d.]+)%\\)`).exec(text)![1]));
    // The fitted Fargate start and worker efficiency bring the single node within 5%.
    expect(err('fitted profile', 'single-node')).toBeLessThan(5);
    expect(err('fitted profile', 'single-node')).toBeLessThan(err('calibration/aws-us-east-1.yaml', 'single-node'));
  });

  test('refuses a results.json from an emulator, in one line', async () => {
    const moto = path.join(__dirname, '..', '..', '..', 'fixtures', 'results', 'baseline-complete.results.json');
    const r = await runSpec(calibrateCommand, { results: moto, out }, REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scalesim: .*baseline-complete\.results\.json: a run on moto \(--emulator moto\); calibrating AWS constants from it would fit the emulator\. Calibrate from a run made with --emulator aws\n$/);
  });
});

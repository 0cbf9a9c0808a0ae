import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { resolveCalibration } from '../../../simulator/model/calibration';
import { loadCalibration, parseCalibration, writeCalibration } from '../../../simulator/run/calibration-file';
import { UserError } from '../../../simulator/errors';

const FILE = path.join(__dirname, '..', '..', '..', 'calibration', 'aws-us-east-1.yaml');
const text = fs.readFileSync(FILE, 'utf8');

describe('the default AWS calibration profile', () => {
  const loaded = loadCalibration({ region: 'us-east-1' });
  const { constants, assumptions } = resolveCalibration(loaded.profile, { lambdaPackageMb: 1.5 });

  test('loads and validates, named relative to the repository, pinned by sha256', () => {
    expect(loaded.file).toBe(path.join('calibration', 'aws-us-east-1.yaml'));
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('every constant has a value and at least one source, and no source is a bare "assumption"', () => {
    expect(constants.length).toBeGreaterThanOrEqual(14);
    for (const c of constants) {
      expect(Number.isFinite(c.value)).toBe(true);
      expect(c.sources.length).toBeGreaterThan(0);
      for (const s of c.sources) {
        if (s.kind === 'aws-docs') expect(s.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\//);
        if (s.kind === 'measurement') expect(s.quote.length).toBeGreaterThan(10);
        if (s.kind === 'reason') expect(s.reason).not.toMatch(/^assumption$/i);
      }
    }
  });

  test('covers what the issue asks for: Fargate start by image size, cold start by package size, Map dispatch, S3 per stream, Lambda CPU share, CPU speed for Graviton and x86', () => {
    const p = loaded.profile.constants;
    expect(p.fargateTaskStartS.byImageSize.length).toBeGreaterThanOrEqual(2);
    expect(p.fargateTaskStartS.byImageSize.every((b) => b.p95 !== undefined)).toBe(true);
    expect(p.lambdaColdStartMs.byPackageSize.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(p.cpuSpeedFactor.byArchitecture).sort()).toEqual(['arm64', 'x86_64']);
    expect(assumptions.lambdaMbPerVcpu).toBe(1769);
    expect(assumptions.mapIterationOverheadMs.mid).toBeGreaterThan(0);
    expect(assumptions.s3ReadMBps.high).toBeGreaterThan(assumptions.s3ReadMBps.low);
  });

  test('the bins follow the artefacts: a bigger package has a slower cold start', () => {
    const small = resolveCalibration(loaded.profile, { lambdaPackageMb: 1 }).assumptions.lambdaColdStartMs.mid;
    const big = resolveCalibration(loaded.profile, { lambdaPackageMb: 40 }).assumptions.lambdaColdStartMs.mid;
    expect(big).toBeGreaterThan(small);
    const bigImage = resolveCalibration(loaded.profile, { lambdaPackageMb: 1, taskImageMb: 900 }).assumptions.fargateStartupS.mid;
    expect(bigImage).toBeGreaterThan(assumptions.fargateStartupS.mid);
  });
});

describe('a bad calibration profile is one line naming the field', () => {
  type Profile = { constants: Record<string, unknown> & Record<'mapIterationDispatchMs' | 's3GetMBpsPerStream' | 'workerEfficiency' | 'lambdaMaxVcpu', { low?: number; sources: Record<string, unknown>[] }> };
  const edit = (f: (p: Profile) => void): string => {
    const raw = parse(text) as Profile;
    f(raw);
    return stringify(raw);
  };
  test.each([
    ['a constant without sources', (p: Profile) => (p.constants.mapIterationDispatchMs.sources = []), /constants\.mapIterationDispatchMs\.sources: every constant needs at least one source/],
    ['a range that does not hold its value', (p: Profile) => (p.constants.s3GetMBpsPerStream.low = 100), /constants\.s3GetMBpsPerStream: need low <= value <= high, got 100 <= 75 <= 88/],
    ['a reason that says nothing', (p: Profile) => (p.constants.workerEfficiency.sources = [{ kind: 'reason', reason: 'assumption' }]), /workerEfficiency\.sources\.0\.reason: a reason must say why/],
    ['an unknown source kind', (p: Profile) => (p.constants.lambdaMaxVcpu.sources[0].kind = 'blog'), /constants\.lambdaMaxVcpu\.sources\.0\.kind/],
    ['an unknown key', (p: Profile) => (p.constants.extra = 1), /constants: Unrecognized key/],
  ])('%s', (_name, f, re) => {
    expect(() => parseCalibration(edit(f), 'x.yaml')).toThrow(UserError);
    expect(() => parseCalibration(edit(f), 'x.yaml')).toThrow(re);
  });

  test('a missing file, a profile for another region, and invalid YAML', () => {
    expect(() => loadCalibration({ region: 'eu-west-1' })).toThrow(/no calibration profile for region eu-west-1: .*aws-eu-west-1\.yaml does not exist \(have: aws-us-east-1\.yaml\); pass --calibration FILE/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalesim-cal-'));
    try {
      fs.writeFileSync(path.join(dir, 'other.yaml'), text.replace('region: us-east-1', 'region: eu-west-1'));
      expect(() => loadCalibration({ region: 'us-east-1', file: path.join(dir, 'other.yaml') })).toThrow(/a profile for eu-west-1, but the scenario runs in us-east-1/);
      fs.writeFileSync(path.join(dir, 'bad.yaml'), 'a: [1,');
      expect(() => loadCalibration({ region: 'us-east-1', file: path.join(dir, 'bad.yaml') })).toThrow(/bad\.yaml: not valid YAML/);
      // What writeCalibration writes, loadCalibration reads back.
      writeCalibration(path.join(dir, 'round.yaml'), parseCalibration(text, 'x'), 'a header');
      expect(loadCalibration({ region: 'us-east-1', file: path.join(dir, 'round.yaml') }).profile).toEqual(parseCalibration(text, 'x'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

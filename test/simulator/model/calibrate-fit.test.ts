import { fitCalibration } from '../../../simulator/model/calibrate-fit';
import { loadCalibration } from '../../../simulator/run/calibration-file';
import type { Results } from '../../../simulator/results/results';
import { buildAwsFixture, KNOWN } from '../../fixtures/calibrate/make-aws-fixture';

const base = loadCalibration({ region: 'us-east-1' }).profile;
const options = { resultsFile: 'fixture.results.json', name: 'fitted', today: '2026-12-01' };

/** The fixture with `singleNode.workers` set, as `scalesim tune` writes it. */
const fixture = buildAwsFixture();
function withWorkers(workers: number | undefined): Results {
  const r = structuredClone(fixture);
  const spec = r.scenario.spec;
  return { ...r, scenario: { ...r.scenario, spec: { ...spec, singleNode: { ...spec.singleNode, workers } } } };
}

const constant = (r: Results, key: string) => fitCalibration(r, base, options).fitted.find((f) => f.key === key);

describe('fitCalibration: the single-node worker pool', () => {
  test('without singleNode.workers, the pool is one worker per vCPU (2 here) and the efficiency is the known one', () => {
    expect(constant(withWorkers(undefined), 'workerEfficiency')!.value).toBeCloseTo(KNOWN.workerEfficiency, 2);
  });

  test('singleNode.workers (written by scalesim tune) is the pool the efficiency divides by', () => {
    // Twice the workers for the same partition wall and task time: half the efficiency.
    const two = constant(withWorkers(2), 'workerEfficiency')!.value;
    const four = constant(withWorkers(4), 'workerEfficiency')!.value;
    expect(four).toBeCloseTo(two / 2, 3);
  });

  test('one configured worker on 2 vCPUs fits no efficiency, and says why', () => {
    const fit = fitCalibration(withWorkers(1), base, options);
    expect(fit.fitted.find((f) => f.key === 'workerEfficiency')).toBeUndefined();
    expect(fit.notFitted).toContainEqual({ key: 'workerEfficiency', reason: 'the task ran one worker' });
  });

  test('the first partition of each configured worker is left out of the CPU speed samples', () => {
    const samples = (w: number) => constant(withWorkers(w), 'cpuSpeedFactor.arm64')!.samples;
    expect(samples(2) - samples(4)).toBe(2);
  });
});

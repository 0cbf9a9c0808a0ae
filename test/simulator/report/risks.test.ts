import { observedRisks, resourceTypeName } from '../../../simulator/report/risks';
import { fixture, variant } from './fixtures';

const ids = (r: Parameters<typeof observedRisks>[0]) => observedRisks(r).map((x) => x.id);

describe('observedRisks', () => {
  it('takes the complete run’s risks from what it observed, heaviest first', () => {
    const risks = observedRisks(fixture('baseline-complete'));
    expect(risks.map((x) => x.id)).toEqual(['not-emulated', 'iam-single-node', 'cold-distributed', 'drift', 'growth']);
    expect(risks[0]!.observed).toBe('moto did not create these template resources: budget (1), alarms (4), bucket policies (5), topic policy (1); they went untested.');
    for (const x of risks) expect(x.mitigation.length).toBeGreaterThan(20);
  });

  it('puts lost data first in an incomplete run and tells the fault-injection story once per design', () => {
    const list = ids(fixture('baseline-incomplete'));
    expect(list[0]).toBe('partitions-distributed');
    expect(list).toContain('faults-single-node');
    expect(list).toContain('faults-distributed');
    expect(list).toContain('stragglers-distributed');
    expect(list).not.toContain('retries-single-node');
    const partial = observedRisks(fixture('baseline-incomplete'))[0]!;
    expect(partial.observed).toMatch(/^2 partition\(s\) failed for good: part-00007\.ndjson\.gz, part-00019\.ndjson\.gz \(Sandbox\.Timedout: Task timed out after 300\.00 seconds \(3 attempts\)\) \(measured\), while the execution ended SUCCEEDED\./);
  });

  it('reports retries, throttles and budget overruns when they happen', () => {
    const r = variant('baseline-no-model', (x) => {
      x.designs.distributed!.orchestration.retries = 3;
      x.designs.distributed!.orchestration.errors = { 'Lambda.TooManyRequestsException': 3 };
      (x.designs.distributed!.profile.invocations as { throttled: number }).throttled = 3;
      (x.designs['single-node']!.cost as { budget: { withinBudget: boolean } }).budget.withinBudget = false;
    });
    const risks = observedRisks(r);
    expect(risks.map((x) => x.id)).toEqual(expect.arrayContaining(['retries-distributed', 'throttles-distributed', 'budget-single-node']));
    expect(risks.find((x) => x.id === 'retries-distributed')!.observed).toBe('Step Functions retried 3 time(s) (Lambda.TooManyRequestsException ×3) and caught 0 failure(s) (measured).');
    expect(risks.find((x) => x.id === 'throttles-distributed')!.observed).toMatch(/^3 of 32 invocations were throttled \(measured\); Map concurrency is 16, reserved concurrency 20 \(scenario\)\./);
  });

  it('always names at least two failure modes', () => {
    const clean = variant('baseline-no-model', (x) => {
      x.environment.notEmulated = {};
      for (const d of ['single-node', 'distributed'] as const) {
        delete x.designs[d]!.access;
        delete x.designs[d]!.quality;
        delete x.designs[d]!.profile.invocations;
      }
    });
    expect(ids(clean)).toEqual(['emulator-gap', 'single-task']);
  });

  it('names CloudFormation types plainly', () => {
    expect(resourceTypeName('AWS::S3::BucketPolicy')).toBe('bucket policies');
    expect(resourceTypeName('AWS::Glue::Job')).toBe('Job');
  });
});

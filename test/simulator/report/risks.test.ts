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

  it('tells the fault-injection story once per design, failed partitions included, before other risks', () => {
    const list = ids(fixture('baseline-incomplete'));
    expect(list.slice(0, 2)).toEqual(['faults-single-node', 'faults-distributed']);
    expect(list).toContain('stragglers-distributed');
    // Failed partitions are told inside the faults risk, with their cause, not twice.
    expect(list).not.toContain('partitions-distributed');
    expect(list).not.toContain('retries-single-node');
    const distributed = observedRisks(fixture('baseline-incomplete'))[1]!;
    expect(distributed.observed).toMatch(/failed for good: part-00007\.ndjson\.gz \(Sandbox\.Timedout\), part-00019\.ndjson\.gz \(Sandbox\.Timedout\)/);
    expect(distributed.observed).toMatch(/cost of failure 10 extra state transitions, 40,000 billed Lambda ms \(measured\)\.$/);
  });

  it('still reports lost partitions under injected faults', () => {
    const r = fixture('baseline-incomplete');
    const d = r.designs.distributed!;
    const lost = { ...r, designs: { ...r.designs, distributed: { ...d, accounting: { ...d.accounting, missingPartitions: ['part-00003.ndjson.gz'] } } } };
    expect(ids(lost)[0]).toBe('partitions-distributed');
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

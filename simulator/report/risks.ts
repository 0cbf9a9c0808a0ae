import type { DesignName } from '../../lib/workload/contract';
import { formatInt, formatMs, formatPct, formatUsd, formatVolume } from './format';
import { accessOf, costOf, designsIn, faultsOf, invocationsOf, modelOf, qualityOf, singleNodeInfeasibleFrom } from './views';
import type { DesignResult } from '../results/design';
import type { Results } from '../results/results';

/**
 * Failure modes the run itself gives evidence for, each with its mitigation. Pure: a list of rules
 * over results.json, each returning zero or more risks; the memo shows the heaviest few.
 *
 * A rule only speaks from what was observed (retries, throttles, failed partitions, stragglers, cold
 * starts, injected faults, resources the emulator skipped, IAM findings, quarantined drift, the
 * model's boundary), so two runs of different scenarios get different risks.
 */
export interface Risk {
  readonly id: string;
  readonly title: string;
  /** What the run showed, with numbers and their labels. */
  readonly observed: string;
  readonly mitigation: string;
  /** Higher first. 100: the run lost data; 80: an operational failure happened; 60: untested control; 40: latent. */
  readonly weight: number;
}

type Rule = (r: Results) => Risk[];

/** Plain names for the CloudFormation types emulators commonly skip; others keep their last segment. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  'AWS::Budgets::Budget': 'budget',
  'AWS::CloudWatch::Alarm': 'alarms',
  'AWS::S3::BucketPolicy': 'bucket policies',
  'AWS::SNS::TopicPolicy': 'topic policy',
};

export function resourceTypeName(type: string): string {
  return TYPE_NAMES[type] ?? type.split('::').pop() ?? type;
}

const perDesign = (r: Results, f: (d: DesignName, x: DesignResult) => Risk | undefined): Risk[] =>
  designsIn(r)
    .map((d) => f(d, r.designs[d]!))
    .filter((x): x is Risk => x !== undefined);

const lostOrFailed: Rule = (r) =>
  perDesign(r, (d, x) => {
    const failed = x.accounting.failedPartitions;
    const lost = x.accounting.missingPartitions;
    if (!failed.length && !lost.length && x.accounting.invariantHolds) return undefined;
    // Under injected faults the faults rule names the failed partitions with their cause; this rule
    // still speaks for anything lost or a broken invariant, which no injected fault excuses.
    if (faultsOf(x) && !lost.length && x.accounting.invariantHolds) return undefined;
    const reasons = [...new Set(failed.map((p) => p.reason))];
    const parts = [
      failed.length ? `${failed.length} partition(s) failed for good: ${failed.slice(0, 3).map((p) => p.key).join(', ')}${failed.length > 3 ? ', …' : ''} (${reasons.slice(0, 2).join('; ')})` : '',
      lost.length ? `${lost.length} partition(s) lost with no outputs and no recorded failure` : '',
      x.accounting.invariantHolds ? '' : `the accounting invariant broke (${x.accounting.violations.length} violation(s))`,
    ].filter(Boolean);
    return {
      id: `partitions-${d}`,
      title: `Partial output in ${d}`,
      observed: `${parts.join('; ')} (measured), while the execution ended ${x.executionStatus}.`,
      mitigation: 'publish curated data only when every partition is accounted for; alarm on failed Map iterations and re-drive the failed partitions by key.',
      weight: 100,
    };
  });

const retries: Rule = (r) =>
  perDesign(r, (d, x) => {
    const o = x.orchestration;
    // With fault injection, the faults rule tells the same story with its cause.
    if ((!o.retries && !o.caughtFailures) || faultsOf(x)) return undefined;
    const errors = Object.entries(o.errors)
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ');
    return {
      id: `retries-${d}`,
      title: `Retries in ${d}`,
      observed: `Step Functions retried ${o.retries} time(s)${errors ? ` (${errors})` : ''} and caught ${o.caughtFailures} failure(s) (measured).`,
      mitigation: 'keep Retry with backoff and jitter on the task, cap attempts so a run fails inside its SLA, and alarm on retries per run rather than only on failed executions.',
      weight: 80,
    };
  });

const throttles: Rule = (r) =>
  perDesign(r, (d, x) => {
    const inv = invocationsOf(x);
    if (!inv?.throttled) return undefined;
    return {
      id: `throttles-${d}`,
      title: `Lambda throttling in ${d}`,
      observed: `${inv.throttled} of ${inv.count} invocations were throttled (measured); Map concurrency is ${r.scenario.spec.distributed.map.maxConcurrency}, reserved concurrency ${r.scenario.spec.distributed.lambda.reservedConcurrency} (scenario).`,
      mitigation: 'keep Map concurrency below reserved concurrency, retry Lambda.TooManyRequestsException with backoff, and alarm on the Throttles metric.',
      weight: 75,
    };
  });

const faults: Rule = (r) =>
  perDesign(r, (d, x) => {
    const f = faultsOf(x);
    if (!f) return undefined;
    const errors = Object.entries(f.observedErrors)
      .map(([e, n]) => `${n}× ${e}`)
      .join(', ');
    const failed = f.failedForGood.flatMap((b) => b.partitions.map((k) => `${k} (${b.error})`));
    const cost = f.costOfFailure;
    const costText = [
      cost.extraTransitions ? `${cost.extraTransitions} extra state transitions` : '',
      cost.extraBilledMs ? `${formatInt(cost.extraBilledMs)} billed Lambda ms` : '',
      cost.extraTaskSeconds ? `${cost.extraTaskSeconds} s of Fargate time redone` : '',
    ].filter(Boolean).join(', ');
    return {
      id: `faults-${d}`,
      title: `Failures under injected faults in ${d}`,
      observed:
        `injected ${f.injected.length ? f.injected.join(', ') : 'nothing directly'}; seen ${errors || 'no task errors'}; ${f.retries} retries; ` +
        `${failed.length ? `failed for good: ${failed.slice(0, 4).join(', ')}${failed.length > 4 ? ', …' : ''}` : 'nothing failed for good'}; ` +
        `${f.affectedPartitions} partition(s) affected; cost of failure ${costText || 'none'} (measured).`,
      mitigation:
        d === 'single-node'
          ? 'a crash re-runs every partition: outputs are whole-object PUTs keyed by run and partition, so the retry overwrites instead of double counting; checkpoint finished partitions to avoid redoing them.'
          : 'Retry with backoff absorbs throttles and transient errors; Catch records the batches that still fail, by key, for a targeted re-drive; alarm on failed iterations.',
      weight: 90,
    };
  });

const stragglers: Rule = (r) =>
  perDesign(r, (d, x) => {
    const s = x.profile.stragglers;
    if (!(s.ratio >= 1.5) || !s.medianMs) return undefined;
    return {
      id: `stragglers-${d}`,
      title: `Stragglers in ${d}`,
      observed: `the slowest partition took ${s.ratio.toFixed(1)}× the median (${formatMs(s.maxMs)} vs ${formatMs(s.medianMs)}, measured): ${s.slowest.slice(0, 3).join(', ')}.`,
      mitigation: 'split oversized partitions at generation or landing time, and batch small ones, so partition time stays within 1.5× of the median.',
      weight: 65,
    };
  });

const coldStarts: Rule = (r) =>
  perDesign(r, (d, x) => {
    const inv = invocationsOf(x);
    if (!inv || inv.count === 0 || inv.cold / inv.count < 0.25) return undefined;
    return {
      id: `cold-${d}`,
      title: `Cold starts in ${d}`,
      observed: `${inv.cold} of ${inv.count} invocations were cold (measured), init p50 ${formatMs(inv.initMs.p50)} against handler p50 ${formatMs(inv.durationMs.p50)}.`,
      mitigation: 'batch several partitions per invocation; provisioned concurrency only if the SLA tightens, since it is billed while idle.',
      weight: 45,
    };
  });

const notEmulated: Rule = (r) => {
  const all = Object.values(r.environment.notEmulated).flat();
  if (!all.length) return [];
  const byType = new Map<string, number>();
  for (const x of new Set(all)) {
    const type = /\(([^)]+)\)/.exec(x)?.[1] ?? x;
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  const list = [...byType.entries()]
    .sort()
    .map(([t, n]) => `${resourceTypeName(t)} (${n})`)
    .join(', ');
  return [
    {
      id: 'not-emulated',
      title: 'Controls never exercised',
      observed: `${r.environment.emulator.name} did not create these template resources: ${list}; they went untested.`,
      mitigation: 'in a sandbox account before the pilot, breach a test budget, trip each alarm once, and probe the bucket policies with the persona roles.',
      weight: 60,
    },
  ];
};

const iamHigh: Rule = (r) =>
  perDesign(r, (d, x) => {
    const a = accessOf(x);
    const high = a?.findings.filter((f) => f.severity === 'high') ?? [];
    if (!high.length) return undefined;
    return {
      id: `iam-${d}`,
      title: `High-severity IAM finding in ${d}`,
      observed: `${high.length} high finding(s) (static): ${high[0]!.message}.`,
      mitigation: 'scope it to named resources; where only "*" is supported, isolate it in a role with a permissions boundary and record the exception.',
      weight: 55,
    };
  }).slice(0, 1);

const budget: Rule = (r) =>
  perDesign(r, (d, x) => {
    const c = costOf(x);
    if (!c || c.budget.withinBudget) return undefined;
    return {
      id: `budget-${d}`,
      title: `${d} over budget`,
      observed: `${formatUsd(c.perRunUsd)} per run and ${formatUsd(c.perMonthUsd)} per month (measured usage × list price${c.fixedMonthlyUsd ? `, ${formatUsd(c.fixedMonthlyUsd)} of it fixed` : ''}) against ${formatUsd(c.budget.budget.perRunUsd)} and ${formatUsd(c.budget.budget.perMonthUsd)} (scenario).`,
      // When a fixed cost drives it, the fix is its lever (under Evidence), not a CI flag.
      mitigation: c.lever ? 'the lever on its biggest fixed cost (Evidence), with the security trade-off accepted in writing.' : 'run with --enforce-budget in CI and keep the AWS Budgets alert wired to an owner.',
      weight: 78,
    };
  });

const drift: Rule = (r) => {
  const d = designsIn(r).find((x) => qualityOf(r.designs[x]));
  const q = d ? qualityOf(r.designs[d]) : undefined;
  if (!q || !q.drift.breakingEvents || !q.input) return [];
  return [
    {
      id: 'drift',
      title: 'Quarantine grows unnoticed',
      observed: `${formatInt(q.drift.breakingEvents)} records (${formatPct(q.drift.breakingEvents / q.input)}) had breaking schema drift and were quarantined, plus ${formatInt(q.quarantined - q.quarantineReasons.schema_drift)} corrupt records (measured).`,
      mitigation: 'alert the data steward when the quarantined share exceeds twice its baseline, and publish the quality report with each run.',
      weight: 40,
    },
  ];
};

const growth: Rule = (r) => {
  const m = modelOf(r);
  const v = m ? singleNodeInfeasibleFrom(m) : null;
  if (!m || !v || v <= r.workload.events) return [];
  return [
    {
      id: 'growth',
      title: 'Volume outgrows single-node',
      observed: `single-node becomes infeasible at ≈${formatVolume(v)} events per run (projected), ${formatVolume(v / r.workload.events)}× this run's volume.`,
      mitigation: `track events per run and move to distributed at half that volume (${formatVolume(v / 2)}).`,
      weight: 35,
    },
  ];
};

/** The rules, in no particular order: sorting is by weight. */
const RISK_RULES: readonly Rule[] = [lostOrFailed, retries, throttles, faults, stragglers, coldStarts, notEmulated, iamHigh, budget, drift, growth];

/** Every risk the run gives evidence for, heaviest first (stable for equal weights). */
export function observedRisks(r: Results): Risk[] {
  const all = RISK_RULES.flatMap((rule) => rule(r));
  if (all.length < 2) {
    // The memo promises two failure modes; a clean run with nothing skipped still has the design's own.
    all.push({
      id: 'emulator-gap',
      title: 'Emulator numbers taken for AWS numbers',
      observed: `every runtime here was measured on ${r.environment.cpus} emulator cores, where parallel work queues for CPU.`,
      mitigation: 'decide on projected numbers only, and confirm one volume on a real account before the pilot.',
      weight: 10,
    });
    if (all.length < 2) {
      all.push({
        id: 'single-task',
        title: 'One task, one failure domain',
        observed: 'single-node processes every partition in one Fargate task; this run did not exercise a crash.',
        mitigation: 'inject faults.singleNode.crashAfterPartitions in a scenario and check that the retry reprocesses without double counting.',
        weight: 5,
      });
    }
  }
  return all.map((x, i) => ({ x, i })).sort((a, b) => b.x.weight - a.x.weight || a.i - b.i).map(({ x }) => x);
}

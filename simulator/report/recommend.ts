import type { DesignName } from '../../lib/workload/contract';
import type { RunSummary } from '../../lib/workload/quality';
import { scenarioCellSentence } from './decision-map';
import { resourceTypeName } from './risks';
import { formatBudgetUsd, formatInt, formatMs, formatMsBand, formatRatio, formatUsd, formatVolume } from './format';
import {
  accessOf,
  type AccessView,
  comparisonOf,
  type ComparisonView,
  costOf,
  designsIn,
  modelHint,
  modelOf,
  type ModelView,
  projectionAt,
  qualityOf,
  scenarioVolume,
  singleNodeInfeasibleFrom,
} from './views';
import type { DesignCostRecord } from '../results/cost';
import type { Band } from '../results/model';
import type { Alternative, DerivedComparison, Recommendation, Results } from '../results/results';

/**
 * Derives `comparison`, `alternatives` and `recommendation` from the numbers in results.json, for runs
 * whose writer did not set them. Pure: the same results give the same words.
 *
 * The rule, stated so a reviewer can check it:
 * 1. An incomplete run, or a run with one design, recommends nothing.
 * 2. A design is *feasible* when it meets the SLA (projected runtime when there is a projection, else
 *    the emulator's measured wall time, labelled provisional) and the per-run and per-month budget.
 * 3. Among feasible designs, the cheaper per month wins (fixed costs included, when the templates were
 *    priced); within 10 % of each other, single-node wins, because it has fewer moving parts (one task,
 *    two state transitions).
 * 4. With a sweep, the volume where single-node becomes infeasible is the migration boundary; the
 *    monitoring trigger is half of it, so the move happens with headroom.
 */

/** Cost differences below this fraction are treated as a tie (rule 3). */
const COST_TIE_FRACTION = 0.1;
/** Migrate at this fraction of the single-node infeasibility volume, and alert at this share of the SLA. */
const HEADROOM_FRACTION = 0.5;

const DESIGN_TITLES: Readonly<Record<DesignName, string>> = {
  'single-node': 'single-node (one Fargate task, ECS RunTask .sync)',
  distributed: 'distributed (Step Functions Map over Lambda)',
};

export interface DesignFacts {
  readonly design: DesignName;
  readonly measuredWallMs: number;
  readonly measuredCpuMs: number;
  /** AWS projection at the scenario volume: from the model's curves, else from `runtime.projectedAws`. */
  readonly projectedRuntimeMs?: Band;
  readonly projectedCostUsd?: Band;
  /** Why the design is infeasible at the scenario volume, per the model; null when it fits. */
  readonly projectedInfeasible?: string | null;
  readonly configuration: string;
  readonly cost?: DesignCostRecord;
  readonly access?: AccessView;
  readonly quality?: RunSummary;
  readonly executionStatus: string;
  readonly failedPartitions: number;
  readonly missingPartitions: number;
  readonly invariantHolds: boolean;
}

export interface DecisionFacts {
  readonly volume: number;
  readonly slaMs: number;
  readonly budget: { readonly perRunUsd: number; readonly perMonthUsd: number };
  readonly designs: Partial<Record<DesignName, DesignFacts>>;
  readonly model?: ModelView;
  /** `projected` when every design has an AWS projection, else `measured` (emulator wall time). */
  readonly runtimeBasis: 'projected' | 'measured';
  /** `projected` when the model prices every design at the volume, else `measured-usage` (designs[d].cost). */
  readonly costBasis: 'projected' | 'measured-usage' | 'none';
  /** Where single-node stops being feasible (model); null when not within the projected range; undefined without a model. */
  readonly singleNodeInfeasibleAt?: number | null;
  /** Every design's cost includes its template's fixed monthly cost (amortised per run). */
  readonly fixedIncluded: boolean;
  readonly runsPerMonth: number;
}

function configurationOf(r: Results, design: DesignName): string {
  const s = r.scenario.spec;
  if (design === 'single-node') {
    const f = s.singleNode.fargate;
    return `Fargate ${f.vcpu} vCPU / ${f.memoryMiB} MiB ${f.architecture}`;
  }
  const l = s.distributed.lambda;
  return `Lambda ${l.memoryMiB} MB ${l.architecture}, Map concurrency ${s.distributed.map.maxConcurrency}`;
}

export function decisionFacts(r: Results): DecisionFacts {
  const model = modelOf(r);
  const volume = scenarioVolume(r);
  const designs: Partial<Record<DesignName, DesignFacts>> = {};
  for (const design of designsIn(r)) {
    const d = r.designs[design]!;
    const proj = model ? projectionAt(model, design, volume) : undefined;
    const pa = d.runtime.projectedAws;
    designs[design] = {
      design,
      measuredWallMs: d.runtime.measured.wallMs,
      measuredCpuMs: d.runtime.measured.cpuMs,
      projectedRuntimeMs: proj?.runtimeMs ?? (pa ? { mid: pa.wallMs, low: pa.lowMs, high: pa.highMs } : undefined),
      projectedCostUsd: proj?.costUsd,
      projectedInfeasible: proj ? proj.infeasible : undefined,
      configuration: configurationOf(r, design),
      cost: costOf(d),
      access: accessOf(d),
      quality: qualityOf(d),
      executionStatus: d.executionStatus,
      failedPartitions: d.accounting.failedPartitions.length,
      missingPartitions: d.accounting.missingPartitions.length,
      invariantHolds: d.accounting.invariantHolds,
    };
  }
  const present = Object.values(designs);
  const runtimeBasis = present.length && present.every((f) => f.projectedRuntimeMs) ? 'projected' : 'measured';
  const costBasis = present.length && present.every((f) => f.projectedCostUsd) ? 'projected' : present.length && present.every((f) => f.cost) ? 'measured-usage' : 'none';
  return {
    volume,
    slaMs: r.scenario.spec.sla.deadlineMinutes * 60_000,
    budget: r.scenario.spec.budget,
    designs,
    model,
    runtimeBasis,
    costBasis,
    singleNodeInfeasibleAt: model ? singleNodeInfeasibleFrom(model) : undefined,
    fixedIncluded: present.length > 0 && present.every((f) => f.cost?.fixedMonthlyUsd !== undefined),
    runsPerMonth: r.scenario.spec.schedule.runsPerMonth,
  };
}

/** The runtime a decision compares, on `facts.runtimeBasis`. */
function decisionRuntime(facts: DecisionFacts, f: DesignFacts): number {
  return facts.runtimeBasis === 'projected' && f.projectedRuntimeMs ? f.projectedRuntimeMs.mid : f.measuredWallMs;
}

/**
 * The per-run cost a decision compares, on `facts.costBasis`, with the design's fixed monthly cost
 * shared over the month's runs when the templates were priced: so comparing it compares monthly totals.
 * Undefined when there is none.
 */
function decisionCost(facts: DecisionFacts, f: DesignFacts): number | undefined {
  if (facts.costBasis === 'projected') return f.projectedCostUsd === undefined ? undefined : f.projectedCostUsd.mid + (f.cost?.amortisedFixedPerRunUsd ?? 0);
  if (facts.costBasis === 'measured-usage') return f.cost?.perRunUsd;
  return undefined;
}

const runtimeLabel = (facts: DecisionFacts) => (facts.runtimeBasis === 'projected' ? 'projected' : 'measured');
const costLabel = (facts: DecisionFacts) => `${facts.costBasis === 'projected' ? 'projected' : 'measured usage × list price'}${facts.fixedIncluded ? ', fixed costs included' : ''}`;

function sameQuality(a: Results['designs'][DesignName], b: Results['designs'][DesignName]): boolean {
  if (!a || !b) return false;
  const keys = ['input', 'curated', 'quarantined', 'duplicatesDropped'] as const;
  if (keys.some((k) => a.accounting[k] !== b.accounting[k])) return false;
  const qa = qualityOf(a);
  const qb = qualityOf(b);
  if (!qa || !qb) return true;
  return (
    qa.observed === qb.observed &&
    qa.drift.events === qb.drift.events &&
    qa.freshness.late === qb.freshness.late &&
    qa.lineage.missing === qb.lineage.missing &&
    qa.partitions.failed === qb.partitions.failed
  );
}

/** `comparison`, derived; undefined unless both designs ran. Keeps keys other steps wrote (e.g. `access`). */
export function deriveComparison(r: Results, facts = decisionFacts(r)): (DerivedComparison & ComparisonView) | undefined {
  const sn = facts.designs['single-node'];
  const di = facts.designs.distributed;
  if (!sn || !di) return undefined;
  const tSn = decisionRuntime(facts, sn);
  const tDi = decisionRuntime(facts, di);
  const fasterDesign: DesignName = tDi < tSn ? 'distributed' : 'single-node';
  const wallRatio = Math.max(tSn, tDi) / Math.max(1e-9, Math.min(tSn, tDi));
  const cSn = decisionCost(facts, sn);
  const cDi = decisionCost(facts, di);
  const cheaper = cSn !== undefined && cDi !== undefined ? { cheaperDesign: (cDi < cSn ? 'distributed' : 'single-node') as DesignName, costRatio: Math.max(cSn, cDi) / Math.max(1e-12, Math.min(cSn, cDi)) } : {};
  const notes: string[] = [
    `Runtime compared ${runtimeLabel(facts)}: single-node ${formatMs(tSn)}, distributed ${formatMs(tDi)}${facts.runtimeBasis === 'projected' ? ` on AWS at ${formatVolume(facts.volume)} events` : ' on the emulator'}.`,
  ];
  if (facts.runtimeBasis === 'projected') {
    const emuFaster: DesignName = di.measuredWallMs < sn.measuredWallMs ? 'distributed' : 'single-node';
    if (emuFaster !== fasterDesign) {
      notes.push(
        `On the emulator ${emuFaster} was faster (${formatMs(Math.min(sn.measuredWallMs, di.measuredWallMs))} vs ${formatMs(Math.max(sn.measuredWallMs, di.measuredWallMs))} measured): its ${r.environment.cpus} cores cannot run the Map's Lambdas in parallel.`,
      );
    }
  }
  if (cSn !== undefined && cDi !== undefined) {
    notes.push(
      facts.fixedIncluded
        ? `Cost per month compared at ${facts.runsPerMonth} runs, ${costLabel(facts)}: single-node ${formatUsd(cSn * facts.runsPerMonth)}, distributed ${formatUsd(cDi * facts.runsPerMonth)}.`
        : `Cost per run compared ${costLabel(facts)}: single-node ${formatUsd(cSn)}, distributed ${formatUsd(cDi)}.`,
    );
  }
  else notes.push('Cost not compared: a design has no cost record.');
  const qualityEqual = sameQuality(r.designs['single-node'], r.designs.distributed);
  if (!qualityEqual) notes.push('The designs disagree on accounting or quality counts for the same data: check failed or lost partitions.');
  const existing = comparisonOf(r);
  return { ...(existing ?? {}), fasterDesign, wallRatio, ...cheaper, qualityEqual, notes };
}

interface Choice {
  readonly option: DesignName | null;
  readonly why: string;
}

function feasibility(facts: DecisionFacts, f: DesignFacts): { ok: boolean; why: string } {
  if (f.projectedInfeasible) return { ok: false, why: f.projectedInfeasible };
  const t = decisionRuntime(facts, f);
  if (t > facts.slaMs) return { ok: false, why: `${formatMs(t)} ${runtimeLabel(facts)} exceeds the ${formatMs(facts.slaMs)} SLA` };
  if (f.cost && !f.cost.budget.withinBudget) return { ok: false, why: `over budget: ${formatUsd(f.cost.perRunUsd)} per run, ${formatUsd(f.cost.perMonthUsd)} per month${facts.fixedIncluded ? '' : ', measured usage × list price'}` };
  const c = decisionCost(facts, f);
  const fixedNote = facts.fixedIncluded && f.cost?.fixedMonthlyUsd ? `, ${formatUsd(f.cost.fixedMonthlyUsd)} of it fixed a month` : '';
  if (facts.costBasis === 'projected' && c !== undefined && c > facts.budget.perRunUsd) {
    return { ok: false, why: `${formatUsd(c)} per run projected${facts.fixedIncluded ? ' with its fixed cost shared over the month' : ''} exceeds the ${formatBudgetUsd(facts.budget.perRunUsd)} budget${fixedNote}` };
  }
  if (facts.costBasis === 'projected' && c !== undefined && c * facts.runsPerMonth > facts.budget.perMonthUsd) {
    return { ok: false, why: `${formatUsd(c * facts.runsPerMonth)} a month projected exceeds the ${formatBudgetUsd(facts.budget.perMonthUsd)} budget${fixedNote}` };
  }
  return { ok: true, why: '' };
}

function choose(facts: DecisionFacts): Choice {
  const sn = facts.designs['single-node']!;
  const di = facts.designs.distributed!;
  const fs = feasibility(facts, sn);
  const fd = feasibility(facts, di);
  if (!fs.ok && !fd.ok) return { option: null, why: `neither design is feasible at ${formatVolume(facts.volume)} events: single-node ${fs.why}; distributed ${fd.why}` };
  if (!fs.ok) return { option: 'distributed', why: `single-node is not feasible at ${formatVolume(facts.volume)} events (${fs.why})` };
  if (!fd.ok) return { option: 'single-node', why: `distributed is not feasible at ${formatVolume(facts.volume)} events (${fd.why})` };
  const cSn = decisionCost(facts, sn);
  const cDi = decisionCost(facts, di);
  if (cSn === undefined || cDi === undefined) return { option: 'single-node', why: 'both meet the SLA and no cost comparison exists, so the simpler design wins' };
  const tie = Math.abs(cSn - cDi) <= COST_TIE_FRACTION * Math.min(cSn, cDi);
  if (tie) return { option: 'single-node', why: `both designs meet the SLA and budget and cost within ${COST_TIE_FRACTION * 100}% of each other, so the simpler one wins` };
  const cheaper: DesignName = cDi < cSn ? 'distributed' : 'single-node';
  const [lo, hi] = facts.fixedIncluded ? [Math.min(cSn, cDi) * facts.runsPerMonth, Math.max(cSn, cDi) * facts.runsPerMonth] : [Math.min(cSn, cDi), Math.max(cSn, cDi)];
  return { option: cheaper, why: `both meet the SLA and budget, and ${cheaper} is cheaper (${formatUsd(lo)} vs ${formatUsd(hi)} ${facts.fixedIncluded ? `a month at ${facts.runsPerMonth} runs` : 'per run'}, ${costLabel(facts)})` };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function runtimeText(facts: DecisionFacts, f: DesignFacts): string {
  return facts.runtimeBasis === 'projected' && f.projectedRuntimeMs
    ? `${formatMsBand(f.projectedRuntimeMs.mid, f.projectedRuntimeMs.low, f.projectedRuntimeMs.high)} projected`
    : `${formatMs(f.measuredWallMs)} measured`;
}

function costText(facts: DecisionFacts, f: DesignFacts): string {
  const c = decisionCost(facts, f);
  if (c === undefined) return 'cost not analysed';
  if (facts.fixedIncluded && f.cost?.fixedMonthlyUsd !== undefined) {
    return `${formatUsd(c * facts.runsPerMonth)} a month (${formatUsd(f.cost.fixedMonthlyUsd)} fixed), ${facts.costBasis === 'projected' ? 'projected' : 'measured usage × list price'}`;
  }
  return `${formatUsd(c)} per run ${costLabel(facts)}`;
}

/** The migration trigger volume: half the single-node infeasibility volume (rule 4). */
export function migrationVolume(facts: DecisionFacts): number | undefined {
  return facts.singleNodeInfeasibleAt ? facts.singleNodeInfeasibleAt * HEADROOM_FRACTION : undefined;
}

function evidenceBeforePilot(r: Results, facts: DecisionFacts): string[] {
  const out: string[] = [];
  const m = facts.model;
  const scenarioFile = r.scenario.file;
  if (r.status === 'incomplete') out.push(`A complete run of \`${r.command}\`: every partition accounted for, none failed or lost.`);
  if (!m) out.push(`A complete run with a held-out error within ±15%: \`scalesim run ${scenarioFile}\` (this run has no model, so no crossover).`);
  else if (!m.validation.heldOut.length) out.push(`A run with a held-out volume (\`scalesim run ${scenarioFile}\` without --no-validate): this model was fitted to one volume, so its error was not measured.`);
  // The note itself is in the model's validation (the memo's Validation section): not repeated here.
  else if (!m.validation.withinTarget) out.push(`A re-fit: the held-out error misses the ±${m.validation.targetPct}% target${m.validation.note ? ' (why: see the validation)' : ''}.`);
  if (m?.fit.usl.source === 'assumed') out.push('A concurrency sweep on AWS to replace the assumed USL α/β.');
  const proj = Object.values(facts.designs).filter((f) => f.projectedRuntimeMs);
  if (proj.length) {
    out.push(`One run on a real AWS account (\`--emulator aws\`) at ${formatVolume(facts.volume)} events to check the projected ${proj.map((f) => `${formatMs(f.projectedRuntimeMs!.mid)} (${f.design})`).join(' and ')}.`);
  } else {
    out.push(`One run on a real AWS account (\`--emulator aws\`) at ${formatVolume(facts.volume)} events: nothing here is projected to AWS yet.`);
  }
  // With a replayed sample the run already measured real events (the memo's proxy-data table): ask for breadth instead.
  const sample = r.workload.sample;
  out.push(
    sample
      ? `Samples from more days and sources than the ${formatInt(sample.lines)} real events replayed here, to check that their per-event CPU, skew and drift hold.`
      : 'A sample of real institutional events to re-measure per-event CPU, skew and drift.',
  );
  const notEmulated = Object.values(r.environment.notEmulated).flat();
  if (notEmulated.length) {
    const kinds = [...new Set(notEmulated.map((x) => resourceTypeName(/\(([^)]+)\)/.exec(x)?.[1] ?? x)))].sort();
    out.push(`The controls the emulator skipped (${kinds.join(', ')}) exercised on AWS.`);
  }
  const access = Object.values(facts.designs).map((f) => f.access).filter((a): a is AccessView => a !== undefined);
  if (!access.length) out.push('An access analysis (`scalesim access`): IAM scope was not analysed in this run.');
  else if (access.some((a) => a.basis === 'static')) out.push('The access probe run against AWS: this IAM analysis is static.');
  const high = Object.values(facts.designs).flatMap((f) => (f.access?.findings ?? []).filter((x) => x.severity === 'high').map((x) => `${x.rule}${x.principal ? ` on ${x.principal}` : ''}`));
  if (high.length) out.push(`The high-severity IAM findings resolved or accepted in writing: ${[...new Set(high)].join('; ')}.`);
  return out;
}

/** `recommendation`, derived (see the rule at the top of this file). */
export function deriveRecommendation(r: Results, facts = decisionFacts(r)): Recommendation {
  const evidence = evidenceBeforePilot(r, facts);
  const none = noComparison(r, facts, evidence);
  if (none) return none;
  const choice = choose(facts);
  const sla = formatMs(facts.slaMs);
  const boundary = facts.model
    ? facts.singleNodeInfeasibleAt
      ? ` Scale requires distributed computation above ≈${formatVolume(facts.singleNodeInfeasibleAt)} events per run (projected).`
      : ' Single-node stays feasible over the whole projected range.'
    : ` This run measured one volume, so it cannot say when scale requires distributed computation: ${modelHint(r)}.`;
  if (choice.option === null) {
    return {
      decision: `Neither design as configured: ${choice.why}. Re-size (bigger Fargate task, more Map concurrency) and re-run.${boundary}`,
      recommended_option: 'none as configured',
      minimum_evidence_before_pilot: evidence,
      monitoring_metric: `runtime per run against the ${sla} SLA`,
      rollback_trigger: 'not applicable: nothing is recommended',
    };
  }
  const f = facts.designs[choice.option]!;
  const migrate = migrationVolume(facts);
  // Measured-only numbers, or a projection nobody validated, support a provisional decision only.
  const provisional = facts.runtimeBasis === 'measured' || !facts.model?.validation.withinTarget;
  const verb = choice.option === 'single-node' ? (provisional ? 'Provisionally keep' : 'Keep') : provisional ? 'Provisionally adopt' : 'Adopt';
  const cell = facts.model?.decisionMap ? ` ${scenarioCellSentence(facts.model.decisionMap)}` : '';
  const decision = `${verb} the ${choice.option} design at ${formatVolume(facts.volume)} events per run: ${runtimeText(facts, f)} against the ${sla} SLA, ${costText(facts, f)}. ${capitalize(choice.why)}.${cell}${boundary}${migrate && choice.option === 'single-node' ? ` Plan the move at ${formatVolume(migrate)} events.` : ''}`;
  return { decision, recommended_option: `${DESIGN_TITLES[choice.option]}, ${f.configuration}`, minimum_evidence_before_pilot: evidence, ...watchAfterChoice(choice.option, facts) };
}

/** No decision: the run is incomplete, or fewer than two designs ran; undefined when both designs can be compared. */
function noComparison(r: Results, facts: DecisionFacts, evidence: string[]): Recommendation | undefined {
  if (r.status === 'incomplete') {
    return {
      decision: `No decision: this run is INCOMPLETE (${r.incompleteReason ?? 'reason not recorded'}). Its numbers cannot support a choice; fix the failure and re-run.`,
      recommended_option: 'none until a complete run exists',
      minimum_evidence_before_pilot: evidence,
      monitoring_metric: 'failed and lost partitions per run (must be 0 before any decision)',
      rollback_trigger: 'not applicable: nothing is recommended',
    };
  }
  const present = Object.values(facts.designs);
  if (present.length >= 2) return undefined;
  const only = present[0]?.design ?? 'no design';
  return {
    decision: `No decision: only ${only} ran, so there is nothing to compare. Run both designs (\`--design both\`).`,
    recommended_option: 'none until both designs have run',
    minimum_evidence_before_pilot: evidence,
    monitoring_metric: 'not applicable',
    rollback_trigger: 'not applicable: nothing is recommended',
  };
}

/** What to watch once a design is chosen, and when to go back on the choice. */
function watchAfterChoice(option: DesignName, facts: DecisionFacts): Pick<Recommendation, 'monitoring_metric' | 'rollback_trigger'> {
  const sla = formatMs(facts.slaMs);
  const migrate = migrationVolume(facts);
  if (option === 'single-node') {
    const half = formatMs(facts.slaMs * HEADROOM_FRACTION);
    return {
      monitoring_metric: `state machine ExecutionTime per run against the ${sla} SLA${migrate ? `, and events per run against the ${formatVolume(migrate)} migration trigger` : ''}`,
      rollback_trigger: `switch to distributed when a run takes longer than ${half} (half the SLA)${migrate ? ` or events per run exceed ${formatVolume(migrate)}` : ''}, or when a run fails outright`,
    };
  }
  const budget = formatBudgetUsd(facts.budget.perRunUsd);
  return {
    monitoring_metric: `Lambda Throttles and Map failed iterations per run, and cost per run against the ${budget} budget`,
    rollback_trigger: `return to single-node if cost per run exceeds ${budget}, or more than 1% of invocations throttle in 3 consecutive runs${facts.singleNodeInfeasibleAt ? `, while volume stays below ${formatVolume(migrate ?? 0)} events` : ''}`,
  };
}

function scopeText(a: AccessView | undefined): string {
  if (!a) return 'IAM scope not analysed';
  return `IAM blast radius ${a.summary.blastRadiusScore} (static)`;
}

function evidenceText(r: Results, facts: DecisionFacts, f: DesignFacts): string {
  const emu = `${formatMs(f.measuredWallMs)} measured on the emulator`;
  const cost = decisionCost(facts, f) === undefined ? '' : `; ${costText(facts, f)}`;
  const text = facts.runtimeBasis === 'projected' && f.projectedRuntimeMs ? `${formatMs(f.projectedRuntimeMs.mid)} projected on AWS, ${emu}${cost}` : `${emu}${cost}`;
  return r.status === 'incomplete' ? `INCOMPLETE run: ${text}` : text;
}

/** `alternatives`, derived: the two designs and the staged path between them (or the sweep, without one). */
export function deriveAlternatives(r: Results, facts = decisionFacts(r)): Alternative[] {
  const sn = facts.designs['single-node'];
  const di = facts.designs.distributed;
  const out: Alternative[] = [];
  const infeasible = facts.singleNodeInfeasibleAt;
  const tRatio = sn && di ? decisionRuntime(facts, sn) / Math.max(1e-9, decisionRuntime(facts, di)) : undefined;
  if (sn) {
    const cSn = decisionCost(facts, sn);
    const cDi = di ? decisionCost(facts, di) : undefined;
    out.push({
      option: `single-node: ${sn.configuration}`,
      strength:
        cSn !== undefined && cDi !== undefined && cSn <= cDi
          ? `cheaper at this volume (${costLabel(facts)}); one task to operate`
          : 'one task to operate; no concurrency limits to tune',
      risk: `one task is one failure domain${infeasible ? `; infeasible above ≈${formatVolume(infeasible)} events (projected)` : ''}; ${scopeText(sn.access)}`,
      evidence: evidenceText(r, facts, sn),
    });
  }
  if (di) {
    const cSn = sn ? decisionCost(facts, sn) : undefined;
    const cDi = decisionCost(facts, di);
    out.push({
      option: `distributed: ${di.configuration}`,
      strength: `${tRatio !== undefined && tRatio > 1 ? `${formatRatio(tRatio)} faster (${runtimeLabel(facts)})` : 'scales out with partitions'}${infeasible ? `; the only feasible design above ≈${formatVolume(infeasible)} events (projected)` : ''}`,
      risk: `${cSn !== undefined && cDi !== undefined && cDi > cSn ? `${formatRatio(cDi / cSn)} the cost per run (${costLabel(facts)}); ` : ''}cold starts, throttling and Map limits; ${scopeText(di.access)}`,
      evidence: evidenceText(r, facts, di),
    });
  }
  if (facts.model && infeasible) {
    const migrate = migrationVolume(facts)!;
    out.push({
      option: `staged: single-node now, distributed from ${formatVolume(migrate)} events per run`,
      strength: 'pays for distribution only when scale requires it',
      risk: 'two designs to keep tested; the move must land before the trigger',
      evidence: `single-node infeasible above ≈${formatVolume(infeasible)} events; migration trigger at half that (projected)`,
    });
  } else if (!facts.model) {
    out.push({
      option: `defer: get a model first: ${modelHint(r)}`,
      strength: 'the decision then rests on a fitted crossover with a held-out error, not on one volume',
      risk: 'delay; the sweep needs several runs',
      evidence: `this run measured ${formatVolume(facts.volume)} events only`,
    });
  }
  return out;
}

/**
 * Fills `comparison`, `alternatives` and `recommendation` where results.json lacks them, and returns
 * a new object (the input is not modified). Values already present are kept as they are, except that
 * a `comparison` holding only other steps' keys (e.g. `comparison.access`) gets the derived fields
 * added next to them.
 *
 * Call it on the final results, after cost and access are filled and before writing:
 *
 *   const done = completeResults(results);
 *   writeResults(out, done);
 *   writeReports(out, done);
 */
export function completeResults(r: Results): Results {
  const facts = decisionFacts(r);
  const existing = comparisonOf(r);
  const hasOwnComparison = existing?.fasterDesign !== undefined;
  const comparison = hasOwnComparison ? r.comparison : (deriveComparison(r, facts) ?? r.comparison);
  return {
    ...r,
    ...(comparison !== undefined ? { comparison } : {}),
    alternatives: r.alternatives ?? deriveAlternatives(r, facts),
    recommendation: r.recommendation ?? deriveRecommendation(r, facts),
  };
}

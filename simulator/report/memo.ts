import type { DesignName } from '../../lib/workload/contract';
import { formatBytes, formatInt, formatMs, formatMsBand, formatPct, formatUsd, formatVolume } from './format';
import { decisionMapTable } from './decision-map';
import { countWords, mdTable } from './markdown';
import { type DecisionFacts, type DesignFacts, decisionFacts } from './recommend';
import { proxyMeasureText, proxyProjectionText, proxyRows } from './proxy-limits';
import { observedRisks } from './risks';
import { accessOf, designsIn, faultsOf, holdsOf, invocationsOf, migrationNote, singleNodeInfeasibleFrom, whereText, writeLevelActions } from './views';
import type { CrossoverPoint } from '../results/model';
import type { Results } from '../results/results';

/**
 * report.md: the design-review memo, rendered from results.json alone. Pure: `renderMemo(results)`
 * returns the text; writing it is `writeReports` (write.ts).
 *
 * Every number carries its label: *measured* (on the emulator), *projected* (modelled for AWS),
 * *static* (read from the synthesized templates) or *scenario* (an input). The seven headings are
 * fixed (MEMO_HEADINGS); tests check them, their order and the 900–1200 word target.
 *
 * Call it on completed results (`completeResults`), so that the Recommendation section has content;
 * without them it says that nothing was recommended.
 */

export const MEMO_HEADINGS = ['Context', 'Method', 'Evidence', 'Risks', 'Recommendation', 'Open questions', 'Reproduce'] as const;

/** The memo's word target (countWords). */
export const MEMO_WORDS = { min: 900, max: 1200 } as const;

/**
 * Optional passages, dropped in this order (first dropped first) while the memo is over
 * MEMO_WORDS.max: the other steps write free text (reasoning, evidence), so the length is not fixed.
 */
interface Extras {
  readonly assumptions: boolean;
  readonly memoryOptima: boolean;
  readonly boundaryQuestion: boolean;
  readonly risks: number;
  readonly stageDetail: boolean;
  readonly levers: boolean;
  readonly crossoverReasoning: boolean;
  /** The crossover's three bullets, which repeat its sentence in list form. */
  readonly crossoverBullets: boolean;
  /** The validation note in Method too (Evidence always has it). */
  readonly validationNoteInMethod: boolean;
  /** The decision map's compact table (its scenario cell is always stated). */
  readonly decisionTable: boolean;
  /** The trade-off sentence of each design's fixed-cost lever (the lever itself is always named). */
  readonly costTradeOffs: boolean;
  /** With a replayed sample: how the proxy-data table was measured and projected (report.html always has it). */
  readonly proxyMethod: boolean;
}
const ALL_EXTRAS: Extras = { assumptions: true, memoryOptima: true, boundaryQuestion: true, risks: 4, stageDetail: true, levers: true, crossoverReasoning: true, crossoverBullets: true, validationNoteInMethod: true, decisionTable: true, costTradeOffs: true, proxyMethod: true };
const TRIMS: readonly ((e: Extras) => Extras)[] = [
  (e) => ({ ...e, assumptions: false }),
  (e) => ({ ...e, memoryOptima: false }),
  (e) => ({ ...e, stageDetail: false }),
  (e) => ({ ...e, boundaryQuestion: false }),
  (e) => ({ ...e, risks: 3 }),
  (e) => ({ ...e, levers: false }),
  (e) => ({ ...e, risks: 2 }),
  (e) => ({ ...e, crossoverReasoning: false }),
  (e) => ({ ...e, crossoverBullets: false }),
  (e) => ({ ...e, validationNoteInMethod: false }),
  // Last resort: the Recommendation states the scenario's cell, and report.html draws the whole map.
  (e) => ({ ...e, decisionTable: false }),
  // Only a memo that also carries the proxy-data table (a replayed sample) gets this far: report.html
  // keeps both passages in full.
  (e) => ({ ...e, proxyMethod: false }),
  (e) => ({ ...e, costTradeOffs: false }),
];

export function renderMemo(r: Results): string {
  const facts = decisionFacts(r);
  let extras = ALL_EXTRAS;
  let text = compose(r, facts, extras);
  for (const trim of TRIMS) {
    if (countWords(text) <= MEMO_WORDS.max) break;
    extras = trim(extras);
    text = compose(r, facts, extras);
  }
  return text;
}

function compose(r: Results, facts: DecisionFacts, extras: Extras): string {
  const parts = [
    title(r),
    section('Context', context(r, facts)),
    section('Method', method(r, facts, extras)),
    section('Evidence', evidence(r, facts, extras)),
    section('Risks', risks(r, extras)),
    section('Recommendation', recommendation(r)),
    section('Open questions', openQuestions(r, facts, extras)),
    section('Reproduce', reproduce(r)),
  ];
  return `${parts.join('\n\n')}\n`;
}

function section(name: (typeof MEMO_HEADINGS)[number], body: string): string {
  return `## ${name}\n\n${body}`;
}

function title(r: Results): string {
  const lines = [`# Design review: ${r.scenario.name}, when does scale require distributed computation?`];
  if (r.status === 'incomplete') {
    const reason = (r.incompleteReason ?? 'The run did not finish').replace(/[.\s]*$/, '.');
    lines.push('', `> **INCOMPLETE RUN: not a result.** ${reason} The numbers below describe what happened; they do not support a decision.`);
  }
  lines.push('', `Labels: *measured* (${r.environment.emulator.name} emulator; costs price measured usage), *projected* (AWS, by the model), *static* (templates), *scenario* (inputs).`);
  return lines.join('\n');
}

function designConfig(r: Results, d: DesignName): string {
  const s = r.scenario.spec;
  if (d === 'single-node') return `one Fargate task (${s.singleNode.fargate.vcpu} vCPU / ${s.singleNode.fargate.memoryMiB} MiB ${s.singleNode.fargate.architecture})`;
  return `a Step Functions Map over Lambda (${s.distributed.lambda.memoryMiB} MB ${s.distributed.lambda.architecture}, concurrency ${s.distributed.map.maxConcurrency})`;
}

function context(r: Results, facts: DecisionFacts): string {
  const s = r.scenario.spec;
  const designs = designsIn(r);
  const designText = designs.map((d) => `${d} runs ${designConfig(r, d)}`).join('; ');
  let answer: string;
  if (r.status === 'incomplete') answer = 'This run is incomplete, so it gives no answer.';
  else if (facts.model) answer = contextAnswer(facts);
  else answer = `This run measured one volume, so it cannot place that boundary; it compares the designs at ${formatVolume(facts.volume)} events only.`;
  return (
    `The ${r.scenario.name} scenario asks for ${formatInt(r.workload.events)} events per run in ${formatInt(r.workload.partitions)} partitions, ` +
    `${s.schedule.runsPerMonth} runs a month, within a ${s.sla.deadlineMinutes}-minute SLA and ${budgetUsd(s.budget.perRunUsd)} per run, ${budgetUsd(s.budget.perMonthUsd)} per month. ` +
    `${designs.length === 2 ? 'On the same data, ' : 'Only one design ran: '}${designText}. ` +
    `The decision boundary is the volume per run beyond which single-node misses the SLA even on the largest Fargate size (16 vCPU), ` +
    `or distributed becomes both faster and cheaper. ${answer}`
  );
}

/** Budgets are round amounts: two decimals, not formatUsd's four. */
function budgetUsd(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

/** The short answer; the crossover sentence and its three volumes follow under Evidence. */
function contextAnswer(facts: DecisionFacts): string {
  const m = facts.model!;
  const infeasible = singleNodeInfeasibleFrom(m);
  if (infeasible === null) return `The answer (projected): not up to ${formatVolume(m.curves.volumes[m.curves.volumes.length - 1] ?? 0)} events per run; single-node stays feasible.`;
  return holdsOf(m.crossover.singleNodeInfeasible) === 'everywhere'
    ? 'The answer (projected): already, since single-node is infeasible at every projected volume.'
    : `The answer (projected): above ≈${formatVolume(infeasible)} events per run.`;
}

function method(r: Results, facts: DecisionFacts, extras: Extras): string {
  const w = r.scenario.spec.workload;
  const env = r.environment;
  const m = facts.model;
  const lines: string[] = [];
  const sample = r.workload.sample;
  lines.push(
    sample
      ? `**Data.** ${formatInt(r.workload.events)} events resampled (seed ${r.scenario.seed}) from ${formatInt(sample.lines)} real events (${sample.files} file${sample.files === 1 ? '' : 's'}, sha256 ${sample.sha256.slice(0, 12)}), ` +
          `${formatBytes(r.workload.bytes)} of ${r.workload.compression === 'gzip' ? 'gzip ' : ''}NDJSON (measured); ids rewritten at the sample's ${formatPct(sample.duplicateRate)} duplicate rate, every other quality problem the sample's own.`
      : `**Data.** ${formatInt(r.workload.events)} synthetic pipeline events from seed ${r.scenario.seed} (scenario), ${formatBytes(r.workload.bytes)} of ${r.workload.compression === 'gzip' ? 'gzip ' : ''}NDJSON (measured), ` +
          `with ${formatPct(w.schemaDrift.rate)} drifted, ${formatPct(w.freshness.lateRate)} late, ${formatPct(w.duplicateRate)} duplicate, ${formatPct(w.corruptRate)} corrupt and ${formatPct(w.lineage.missingRate)} lineage-less events injected (scenario).`,
  );
  lines.push(
    r.proxyDataLimits
      ? proxyLimits(r, extras)
      : '**Proxy-data limits.** Synthetic data imitates payload sizes, skew, drift and the PII mix; it cannot show their real shape, burstiness or correlation with releases. ' +
          'Real institutional data would change per-event parse and validate CPU, compression, partition skew and quarantine volume, and runtime and cost with them; accounting and IAM scope barely depend on it.',
  );
  const modelText = m
    ? `*Projected* numbers come from the model fitted to ${m.measuredPoints.length} measured points (${volumeRange(m.measuredPoints.map((p) => p.events))}), ` +
      (m.validation.heldOut.length
        ? `held-out error ${m.validation.heldOut.map((h) => signedPct(h.ratio - 1)).join(' and ')} (${m.validation.withinTarget ? 'within' : 'MISSING'} the ±${m.validation.targetPct}% target${m.validation.note ? (extras.validationNoteInMethod ? `: ${m.validation.note}` : ', see Evidence') : ''}). `
        : 'with no held-out volume, so the projection error is UNKNOWN. ') +
      (extras.assumptions && m.assumptions.length ? `It assumes: ${m.assumptions.slice(0, 2).join(' ')}` : 'Its assumptions are listed in report.html.')
    : '*Projected* numbers need a sweep; this run has none, so nothing below is projected to AWS.';
  lines.push(
    `**Emulator vs AWS.** *Measured* numbers come from ${env.emulator.name} ${env.emulator.version ?? ''} on ${env.cpus} CPUs (${env.cpuModel}); that wall time is not AWS wall time, since every emulated Lambda shares those cores. ${modelText}`,
  );
  const snapshot = firstCost(r)?.priceSnapshot;
  lines.push(
    `**Prices:** ${snapshot ? `list prices dated ${snapshot.date}` : 'none (cost not analysed)'}, ${r.scenario.spec.region}. ` +
      `**IAM scope** is *static*: template policy statements classified by AWS access level${anyProbe(r) ? ', checked by the run-time probe' : ''}.`,
  );
  return lines.join('\n\n');
}

/** The measured proxy-data limits: synthetic and sample side by side (report/proxy-limits.ts). */
function proxyLimits(r: Results, extras: Extras): string {
  const p = r.proxyDataLimits!;
  // One label per row (the row is measured or projected as a whole), so the table stays within the word target.
  const rows = proxyRows(r).map((x) => [`${x.label}, ${x.basis}`, x.synthetic, x.sample, x.ratio]);
  return [
    `**Proxy-data limits, measured on both.** ${extras.proxyMethod ? proxyMeasureText(p) : 'Same processor and stage timer on both sides; how each was measured and projected: report.html.'}`,
    '',
    mdTable(['', 'synthetic (proxy)', 'sample (real)', 'sample ÷ synthetic'], rows),
    ...(extras.proxyMethod ? ['', proxyProjectionText(p)] : []),
  ].join('\n');
}

function volumeRange(volumes: readonly number[]): string {
  const lo = Math.min(...volumes);
  const hi = Math.max(...volumes);
  return lo === hi ? `all at ${formatVolume(lo)} events` : `${formatVolume(lo)}–${formatVolume(hi)} events`;
}

function signedPct(x: number): string {
  const p = x * 100;
  return `${p >= 0 ? '+' : '−'}${Math.abs(p).toFixed(1)}%`;
}

function firstCost(r: Results) {
  for (const d of designsIn(r)) {
    const c = decisionFacts(r).designs[d]?.cost;
    if (c) return c;
  }
  return undefined;
}

function anyProbe(r: Results): boolean {
  return designsIn(r).some((d) => accessOf(r.designs[d])?.runtime !== undefined);
}

function evidenceRows(r: Results, facts: DecisionFacts): string[][] {
  const designs = designsIn(r);
  const f = (d: DesignName) => facts.designs[d]!;
  const row = (label: string, cell: (x: DesignFacts, d: DesignName) => string) => [label, ...designs.map((d) => cell(f(d), d))];
  const rows: string[][] = [];
  rows.push(row('Runtime on the emulator (wall, worker CPU)', (x) => `${formatMs(x.measuredWallMs)}, ${formatMs(x.measuredCpuMs)} measured`));
  if (designs.some((d) => f(d).projectedRuntimeMs)) {
    rows.push(row(`Runtime on AWS at ${formatVolume(facts.volume)} events`, (x) => (x.projectedRuntimeMs ? `${formatMsBand(x.projectedRuntimeMs.mid, x.projectedRuntimeMs.low, x.projectedRuntimeMs.high)} projected` : 'not projected')));
  }
  if (facts.fixedIncluded) {
    rows.push(...fixedCostRows(r, facts, row));
  } else if (designs.some((d) => f(d).cost)) {
    const c = (x: DesignFacts, g: (c: NonNullable<DesignFacts['cost']>) => number) => (x.cost ? `${formatUsd(g(x.cost))} measured` : 'not analysed');
    const projected = designs.some((d) => f(d).projectedCostUsd);
    rows.push(
      row(projected ? 'Cost per run (emulator usage; AWS)' : 'Cost per run', (x) => `${c(x, (k) => k.perRunUsd)}${projected ? `; ${x.projectedCostUsd ? `${formatUsd(x.projectedCostUsd.mid)} projected` : 'not projected'}` : ''}`),
    );
    rows.push(row(`Cost per 1M events; per month (${r.scenario.spec.schedule.runsPerMonth} runs)`, (x) => (x.cost ? `${formatUsd(x.cost.perMillionEventsUsd)}; ${formatUsd(x.cost.perMonthUsd)} measured` : 'not analysed')));
    rows.push(row('Scenario budget', (x) => (x.cost ? (x.cost.budget.withinBudget ? 'within' : 'OVER') : 'not analysed')));
  } else {
    rows.push(row('Cost', () => 'not analysed'));
  }
  if (!designs.some((d) => f(d).access)) rows.push(row('IAM scope', () => 'not analysed'));
  else rows.push(
    row('IAM blast radius', (x) => (x.access ? `${x.access.summary.blastRadiusScore} points static` : 'not analysed')),
    row('Workload principals; write actions; on *; findings high/medium/low', (x) => {
      if (!x.access) return 'not analysed';
      const s = x.access.summary;
      return `${s.workloadPrincipals}; ${writeLevelActions(x.access)}; ${s.actionsOnStar}; ${s.findingsBySeverity.high ?? 0}/${s.findingsBySeverity.medium ?? 0}/${s.findingsBySeverity.low ?? 0} static`;
    }),
    row('Stakeholder matrix vs intended', (x) => (x.access ? `${x.access.matrix.differences.length} differences static` : 'not analysed')),
  );
  rows.push(
    row('Accounting: input = curated + quarantined + duplicates', (_x, d) => {
      const a = r.designs[d]!.accounting;
      return `${formatInt(a.input)} = ${formatInt(a.curated)} + ${formatInt(a.quarantined)} + ${formatInt(a.duplicatesDropped)} measured, ${a.invariantHolds ? 'holds' : 'BROKEN'}`;
    }),
    row('Failed / lost partitions', (x) => `${x.failedPartitions} / ${x.missingPartitions} measured`),
  );
  if (designs.some((d) => f(d).quality)) {
    rows.push(row('Drifted / late / no lineage', (x) => (x.quality ? `${formatInt(x.quality.drift.events)} / ${formatInt(x.quality.freshness.late)} / ${formatInt(x.quality.lineage.missing)} measured` : 'not collected')));
  }
  return rows;
}

/** Fixed, per-run and monthly cost side by side, when every design's template was priced. */
function fixedCostRows(r: Results, facts: DecisionFacts, row: (label: string, cell: (x: DesignFacts, d: DesignName) => string) => string[]): string[][] {
  const runs = r.scenario.spec.schedule.runsPerMonth;
  const horizon = Object.values(facts.designs).find((x) => x.cost?.horizonMonth)?.cost?.horizonMonth ?? 1;
  return [
    row(`Cost: fixed/month; per run (own + fixed share); month ${horizon} at ${runs} runs`, (x) => {
      const c = x.cost!;
      return `${formatUsd(c.fixedMonthlyUsd!)} static; ${formatUsd(c.runDependentPerRunUsd ?? c.perRunUsd)} + ${formatUsd(c.amortisedFixedPerRunUsd ?? 0)}; ${formatUsd(c.perMonthUsd)} measured`;
    }),
    row('Scenario budget', (x) => (x.cost!.budget.withinBudget ? 'within' : 'OVER')),
  ];
}

/** The decision map's table (its scenario cell is stated under Recommendation), and each design's fixed-cost lever. */
function decisionMapSection(r: Results, facts: DecisionFacts, extras: Extras): string | undefined {
  const map = facts.model?.decisionMap;
  const levers = designsIn(r)
    .map((d) => ({ d, lever: facts.designs[d]?.cost?.lever }))
    .filter((x) => x.lever)
    .map(({ d, lever }) => `- ${d}: ${lever!.change}.${extras.costTradeOffs ? ` Trade-off: ${lever!.tradeOff}.` : ''}`);
  const out: string[] = [];
  if (map) {
    if (extras.decisionTable) out.push(`**Decision map** (projected; cheapest within the SLA; *: the cheaper misses it):\n\n${decisionMapTable(map)}`);
  }
  if (levers.length) out.push(['**Biggest fixed cost: lever.**', '', ...levers].join('\n'));
  return out.length ? out.join('\n\n') : undefined;
}

function evidence(r: Results, facts: DecisionFacts, extras: Extras): string {
  const designs = designsIn(r);
  if (!designs.length) return 'No design produced results: there is no evidence to show.';
  const out: string[] = [mdTable(['', ...designs], evidenceRows(r, facts))];
  const m = facts.model;
  if (m) {
    const c = m.crossover;

    const range = `${formatVolume(m.curves.volumes[0] ?? 0)}–${formatVolume(m.curves.volumes[m.curves.volumes.length - 1] ?? 0)}`;
    out.push(
      [
        `**Crossover (projected, AWS, ${range} events per run).** ${c.sentence}`,
        ...(extras.crossoverBullets
          ? ['', crossoverBullet('Distributed faster', c.faster, extras), crossoverBullet('Distributed cheaper', c.cheaper, extras), crossoverBullet('Single-node infeasible', c.singleNodeInfeasible, extras)]
          : []),
      ].join('\n'),
    );
    const held = m.validation.heldOut.map((h) => `${h.design} at ${formatVolume(h.events)} events ${formatMs(h.measuredMs)} measured vs ${formatMs(h.predictedMs)} predicted`).join(', ');
    const mem = m.memorySweep && extras.memoryOptima ? ` Lambda memory optima (projected): cost ${m.memorySweep.optima.cost} MB, speed ${m.memorySweep.optima.speed} MB, balanced ${m.memorySweep.optima.balanced} MB.` : '';
    out.push(
      m.validation.heldOut.length
        ? `**Validation (held out).** ${held}: ${m.validation.withinTarget ? 'within' : 'OUTSIDE'} ±${m.validation.targetPct}%${m.validation.note ? ` (${m.validation.note})` : ''}.${mem}`
        : `**Validation: none.** The model was fitted without a held-out volume, so its error is unknown: run \`scalesim sweep ${r.scenario.file}\`.${mem}`,
    );
  } else {
    out.push(`**Crossover: not available.** This run has no sweep, so there is no AWS projection and no crossover volume. Run \`scalesim sweep ${r.scenario.file} --volumes 1e4,1e5,1e6 --project-to 1e9\` for the three volumes and the held-out error.`);
  }
  const map = decisionMapSection(r, facts, extras);
  if (map) out.push(map);
  out.push(bottlenecks(r, extras));
  return out.join('\n\n');
}

/** `- Distributed cheaper only below 600k events. <reasoning>`, without saying the where twice when the reasoning already does. */
function crossoverBullet(what: string, p: CrossoverPoint, extras: Extras): string {
  const where = whereText(p);
  const reasoning = p.reasoning.trim().replace(/[.;]?$/, '.');
  if (!extras.crossoverReasoning) return `- ${what} ${where}.`;
  const text = reasoning.toLowerCase();
  const saysWhere = text.includes(where.toLowerCase()) || (p.volume !== null && text.includes(`${formatVolume(p.volume)} events`.toLowerCase()));
  return saysWhere ? `- ${what}: ${reasoning}` : `- ${what} ${where}. ${reasoning}`;
}

function bottlenecks(r: Results, extras: Extras): string {
  const lines = ['**Bottlenecks.**', ''];
  for (const d of designsIn(r)) {
    const x = r.designs[d]!;
    const stages = Object.entries(x.profile.stages).filter(([, s]) => s.cpuMs > 0);
    const cpu = stages.reduce((a, [, s]) => a + s.cpuMs, 0);
    const top = [...stages].sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, 2);
    const stageText = cpu > 0 && extras.stageDetail ? `; top stages ${top.map(([n, s]) => `${n} ${formatPct(s.cpuMs / cpu)}`).join(', ')} of worker CPU (measured)` : '';
    const inv = invocationsOf(x);
    const invText = inv ? `; ${inv.cold} of ${inv.count} invocations cold, ${inv.throttled} throttled (measured)` : '';
    if (x.bottleneck) {
      const evidence = x.bottleneck.evidence.replace(/\.$/, '');
      lines.push(`- ${d}: **${x.bottleneck.kind}** (measured): ${evidence}.${extras.levers ? ` Lever: ${x.bottleneck.lever}; projected effect: ${x.bottleneck.projectedEffect.replace(/\.$/, '')}.` : ''}`);
    } else {
      lines.push(`- ${d}: not named (run \`scalesim profile\`)${stageText}${invText}.`);
    }
  }
  return lines.join('\n');
}

function risks(r: Results, extras: Extras): string {
  const found = observedRisks(r).slice(0, extras.risks);
  return found.map((x, i) => `${i + 1}. **${x.title}.** ${x.observed} *Mitigation:* ${x.mitigation}`).join('\n');
}

function recommendation(r: Results): string {
  const rec = r.recommendation;
  if (!rec) return 'No recommendation was recorded or derived for this run (results were not completed: see `completeResults`).';
  const out = [
    mdTable(
      ['Field', 'Value'],
      [
        ['decision', rec.decision],
        ['recommended_option', rec.recommended_option],
        ['monitoring_metric', rec.monitoring_metric],
        ['rollback_trigger', rec.rollback_trigger],
        ['minimum_evidence_before_pilot', `${rec.minimum_evidence_before_pilot.length} items, listed under Open questions`],
      ],
    ),
  ];
  if (r.alternatives?.length) {
    out.push(mdTable(['option', 'strength', 'risk', 'evidence'], r.alternatives.map((a) => [a.option, a.strength, a.risk, a.evidence])));
  }
  return out.join('\n\n');
}

function openQuestions(r: Results, facts: DecisionFacts, extras: Extras): string {
  const items = [...(r.recommendation?.minimum_evidence_before_pilot ?? [])];
  const m = facts.model;
  const boundary = m ? singleNodeInfeasibleFrom(m) : null;
  if (boundary && extras.boundaryQuestion) {
    items.push(`Will volume per run approach ${formatVolume(boundary)} events (projected boundary) within the planning horizon? That decides when, not whether.`);
  }
  if (!items.length) items.push('None recorded.');
  return items.map((x) => `- ${x}`).join('\n');
}

function reproduce(r: Results): string {
  const env = r.environment;
  const cost = firstCost(r);
  const versions = Object.entries(env.versions)
    .filter(([k]) => k !== env.emulator.name)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    '```sh',
    r.command,
    '```',
    '',
    `- Scenario: \`${r.scenario.file}\`, sha256 \`${r.scenario.hash}\`, seed ${r.scenario.seed}.`,
    `- Versions: scalesim ${env.scalesimVersion}, node ${env.node}, ${env.emulator.name} ${env.emulator.version ?? '(version unknown)'}, ${versions}.`,
    `- Prices: ${cost ? `\`${cost.priceSnapshot.file}\` dated ${cost.priceSnapshot.date}, sha256 \`${cost.priceSnapshot.sha256.slice(0, 12)}\`` : 'not priced'}.`,
    `- Generated ${r.generatedAt}; results.json schema ${r.schemaVersion}, status ${r.status === 'complete' ? 'complete' : 'INCOMPLETE'}.`,
    ...(migrationNote(r) ? [`- ${migrationNote(r)}`] : []),
    ...designsIn(r).flatMap((d) => {
      const f = faultsOf(r.designs[d]);
      return f && Object.keys(f.injected).length ? [`- Faults injected in ${d}: ${Object.entries(f.injected).map(([k, v]) => `${k}=${v}`).join(', ')}.`] : [];
    }),
  ].join('\n');
}

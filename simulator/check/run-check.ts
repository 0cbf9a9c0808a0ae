import { DESIGNS } from '../../lib/workload/contract';
import { UserError } from '../errors';
import { resolveGates, type GateConfig, type GateFlags } from './config';
import { loadFacts, type FactsOptions, type LoadedFacts } from './facts';
import { GATES } from './gates';
import { CHECK_REPORT_KIND, CHECK_REPORT_VERSION, type CheckReport, type GateResult } from './report-schema';
import { pointOf, RUNTIME_FALLBACK, RUNTIME_POINT } from '../tune/runtime-p95';

/**
 * `scalesim check`: load the facts of the input (and of the baseline), resolve the limits, run every
 * gate of the registry, and return the report every output format renders.
 */

export interface CheckOptions {
  /** A scenario .yaml or a results.json, as the user typed it. */
  readonly input: string;
  /** A results.json, a scenario .yaml or a check report. @default - no baseline: the comparing gates are skipped */
  readonly baseline?: string;
  readonly flags: GateFlags;
  readonly facts: FactsOptions;
}

export interface CheckRun {
  readonly report: CheckReport;
  readonly config: GateConfig;
  readonly input: LoadedFacts;
  readonly baseline?: LoadedFacts;
}

export async function runCheck(o: CheckOptions): Promise<CheckRun> {
  const input = await loadFacts(o.input, o.facts, 'input');
  const config = resolveGates(input.scenario!, o.flags);
  if (!o.baseline) {
    const needs = [config.noNewAccess, config.noNewFindings].filter((s) => s.on && s.explicit).map((s) => s.from);
    if (needs.length) throw new UserError(`${needs.join(' and ')} compare${needs.length === 1 ? 's' : ''} with a baseline: pass --baseline <results.json | scenario.yaml | check report>`);
  }
  const baseline = o.baseline ? await loadFacts(o.baseline, o.facts, 'baseline') : undefined;
  const gates: GateResult[] = GATES.flatMap((g) => g.evaluate({ config, candidate: input.facts, ...(baseline ? { baseline: baseline.facts } : {}) }));
  const failed = gates.filter((g) => g.status === 'fail');
  const checked = gates.filter((g) => g.status !== 'skip');
  const skippedGates = gates.filter((g) => g.status === 'skip');
  const name = (g: GateResult) => `${g.title}${g.design ? ` (${g.design})` : ''}`;
  const skippedText = skippedGates.length ? `; ${skippedGates.length} skipped: ${skippedGates.map(name).join(', ')}` : '';
  const summary = failed.length
    ? `FAIL: ${failed.length} of ${checked.length} checks failed: ${failed.map(name).join(', ')}${skippedText}`
    : `PASS: all ${checked.length} checks passed${skippedText}`;
  const notes = notesFor(input, baseline);
  const report: CheckReport = {
    schemaVersion: CHECK_REPORT_VERSION,
    kind: CHECK_REPORT_KIND,
    verdict: failed.length ? 'fail' : 'pass',
    summary,
    input: input.facts.source,
    ...(baseline ? { baseline: baseline.facts.source } : {}),
    gates,
    notes,
    facts: input.facts,
  };
  return { report, config, input, ...(baseline ? { baseline } : {}) };
}

function notesFor(input: LoadedFacts, baseline: LoadedFacts | undefined): string[] {
  const notes: string[] = [];
  if (input.facts.source.basis === 'static') {
    notes.push(
      'Static check: both templates synthesized in-process (no emulator, no AWS account); IAM scope from the templates; cost and runtime projected from the scenario with placeholder workload rates (`scalesim cost <scenario>` lists them). Check a results.json to gate on measured usage and accounting.',
    );
  } else {
    notes.push('Measured: usage and accounting from the run, priced at list prices with the templates synthesized again; runtime is the run’s AWS projection.');
  }
  const points = [input, ...(baseline ? [baseline] : [])].flatMap((f) => DESIGNS.flatMap((d) => (f.facts.designs[d]?.runtime ? [pointOf(f.facts.designs[d]!.runtime!)] : [])));
  notes.push(`Runtime is read at the ${RUNTIME_POINT.label}${points.some((p) => p !== RUNTIME_POINT) ? `; where a file has no percentiles, at the ${RUNTIME_FALLBACK.label}` : ''}.`);
  if (baseline) {
    const b = baseline.facts.source;
    const i = input.facts.source;
    if (b.scenario !== i.scenario) notes.push(`The baseline is scenario ${b.scenario}, the input ${i.scenario}: resources named after the stack (budgets) differ by name alone.`);
    if (b.kind === 'results') notes.push('The baseline is a results.json: it holds identity policies, not resource policies, so grants through bucket, key and topic policies are compared only against a scenario or check-report baseline.');
  }
  return notes;
}

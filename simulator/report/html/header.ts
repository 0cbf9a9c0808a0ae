import type { DecisionFacts } from '../recommend';
import { formatBudgetUsd, formatInt } from '../format';
import type { Results } from '../../results/results';
import { labelled } from './parts';
import { html, type Html, joinHtml } from './template';

/** The title, what the run was (volume, schedule, SLA, budget, emulator), and the INCOMPLETE banner. */
export function header(r: Results, facts: DecisionFacts): Html {
  const s = r.scenario.spec;
  const run = `${formatInt(facts.volume)} events per run, ${s.schedule.runsPerMonth} runs a month, SLA ${s.sla.deadlineMinutes} min, budget ${formatBudgetUsd(s.budget.perRunUsd)} per run / ${formatBudgetUsd(s.budget.perMonthUsd)} per month`;
  const emulator = `${r.environment.emulator.name} ${r.environment.emulator.version ?? ''}`;
  const labels = html`Labels: ${labelled('', 'measured')} on the emulator, ${labelled('', 'projected')} for AWS, ${labelled('', 'static')} from templates.`;
  const out = [
    html`<h1>${`Design review: ${r.scenario.name}`}</h1>`,
    html`<p class="sub">When does scale require distributed computation? ${run} <span class="label scenario">scenario</span>. Emulator: ${emulator} on ${r.environment.cpus} CPUs. ${labels}</p>`,
  ];
  if (r.status === 'incomplete') {
    out.push(html`<div class="banner" role="alert">INCOMPLETE RUN: not a result. ${r.incompleteReason ?? 'The run did not finish.'}</div>`);
  }
  return joinHtml(out);
}

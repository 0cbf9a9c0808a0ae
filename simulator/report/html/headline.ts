import { formatMs, formatUsd } from '../format';
import type { DecisionFacts } from '../recommend';
import { designsIn, modelHint, whereText } from '../views';
import type { Results } from '../../results/results';
import { card, code, labelled } from './parts';
import { html, type Html, joinHtml } from './template';

/** The headline cards: recommendation, crossover, each design's runtime and cost, IAM scope, accounting. */
export function headline(r: Results, facts: DecisionFacts): Html {
  const designs = designsIn(r);
  const cards: Html[] = [];
  const rec = r.recommendation;
  const option = rec ? rec.recommended_option.replace(/\s*\(.*?\)/g, '').split(',')[0]!.trim() : 'not derived';
  cards.push(card('Recommendation', option, rec ? code(`${rec.decision.split(/(?<=\.) /)[0]}`) : ''));
  const m = facts.model;
  if (m) {
    cards.push(card('Single-node infeasible', labelled(whereText(m.crossover.singleNodeInfeasible), 'projected'), m.crossover.singleNodeInfeasible.reason ?? ''));
  } else {
    cards.push(card('Crossover', 'not available', code(`no model in this run: ${modelHint(r)}`)));
  }
  for (const d of designs) {
    const f = facts.designs[d]!;
    const rt = f.projectedRuntimeMs ? labelled(formatMs(f.projectedRuntimeMs.mid), 'projected') : labelled(formatMs(f.measuredWallMs), 'measured');
    const cost = f.cost ? labelled(`${formatUsd(f.cost.perRunUsd)} per run`, 'measured') : 'cost not analysed';
    cards.push(card(d, rt, html`${cost}; emulator wall ${labelled(formatMs(f.measuredWallMs), 'measured')}`));
  }
  const access = designs.map((d) => [d, facts.designs[d]!.access] as const);
  if (access.some(([, a]) => a)) {
    const scores = joinHtml(access.map(([d, a]) => html`${d} ${a ? a.summary.blastRadiusScore : 'n/a'}`), ' · ');
    cards.push(card('IAM blast radius', html`${scores} <span class="label static">static</span>`));
  } else {
    cards.push(card('IAM scope', 'not analysed'));
  }
  const holds = designs.every((d) => r.designs[d]!.accounting.invariantHolds && !r.designs[d]!.accounting.failedPartitions.length && !r.designs[d]!.accounting.missingPartitions.length);
  cards.push(card('Accounting', holds ? labelled('every partition accounted for', 'measured') : html`<span style="color:var(--bad)">${labelled('partitions failed or lost', 'measured')}</span>`));
  return html`<section aria-label="Headline numbers"><div class="cards">${joinHtml(cards)}</div></section>`;
}

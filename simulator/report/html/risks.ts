import { observedRisks } from '../risks';
import type { Results } from '../../results/results';
import { code, section } from './parts';
import { html, type Html, joinHtml } from './template';

/** The risks this run showed, each with its mitigation. */
export function risksSection(r: Results): Html {
  const items = observedRisks(r).map((x) => html`<li><strong>${x.title}.</strong> ${code(x.observed)} <em>Mitigation:</em> ${code(x.mitigation)}</li>`);
  return section('risks', 'Risks observed in this run', [html`<ul class="risks">${joinHtml(items)}</ul>`]);
}

import type { Results } from '../../results/results';
import { code, section, table } from './parts';
import { html, type Html } from './template';

/** The recommendation's fields as a table, and the alternatives weighed. */
export function recommendationSection(r: Results): Html {
  const rec = r.recommendation;
  const parts: Html[] = [];
  if (!rec) parts.push(html`<p>No recommendation recorded.</p>`);
  else {
    parts.push(
      table(['field', 'value'], [
        ['decision', code(rec.decision)],
        ['recommended_option', code(rec.recommended_option)],
        ['minimum_evidence_before_pilot', html`<ul>${rec.minimum_evidence_before_pilot.map((x) => html`<li>${code(x)}</li>`)}</ul>`],
        ['monitoring_metric', code(rec.monitoring_metric)],
        ['rollback_trigger', code(rec.rollback_trigger)],
      ]),
    );
  }
  if (r.alternatives?.length) parts.push(html`<h3>Alternatives</h3>`, table(['option', 'strength', 'risk', 'evidence'], r.alternatives.map((a) => [code(a.option), code(a.strength), code(a.risk), code(a.evidence)])));
  return section('rec', 'Recommendation', parts);
}

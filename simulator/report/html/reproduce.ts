import { costOf, designsIn, migrationNote } from '../views';
import type { Results } from '../../results/results';
import { section } from './parts';
import { html, type Html } from './template';

/** How to run it again: the command, the scenario and its hash, versions, prices, and the machine. */
export function reproduceSection(r: Results): Html {
  const env = r.environment;
  const cost = designsIn(r).map((d) => costOf(r.designs[d])).find(Boolean);
  const migration = migrationNote(r);
  const prices = cost ? html`<code>${cost.priceSnapshot.file}</code> dated ${cost.priceSnapshot.date}, sha256 <code>${cost.priceSnapshot.sha256.slice(0, 12)}</code>` : 'not priced';
  return section('repro', 'Reproduce', [
    html`<pre><code>${r.command}</code></pre>`,
    html`<ul>`,
    html`<li>Scenario <code>${r.scenario.file}</code>, sha256 <code>${r.scenario.hash}</code>, seed ${r.scenario.seed}</li>`,
    html`<li>scalesim ${env.scalesimVersion}, node ${env.node}, ${`${env.emulator.name} ${env.emulator.version ?? ''}`}, ${Object.entries(env.versions).map(([k, v]) => `${k} ${v}`).join(', ')}</li>`,
    html`<li>Prices: ${prices}</li>`,
    html`<li>Generated ${r.generatedAt}; status ${r.status === 'complete' ? 'complete' : html`<strong>INCOMPLETE</strong>`}; machine: ${`${env.platform}, ${env.cpus} × ${env.cpuModel}, ${env.memoryGb} GB`}</li>`,
    ...(migration ? [html`<li>${migration}</li>`] : []),
    html`</ul>`,
  ]);
}

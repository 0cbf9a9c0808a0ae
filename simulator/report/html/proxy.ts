import { proxyMeasureText, proxyProjectionText, proxyRows } from '../proxy-limits';
import type { Results } from '../../results/results';
import { labelled, section, table } from './parts';
import { html, type Html } from './template';

/** Synthetic proxy vs real sample, measured on both (report/proxy-limits.ts); nothing without a sample. */
export function proxySection(r: Results): Html {
  const p = r.proxyDataLimits;
  if (!p) return html``;
  const rows = proxyRows(r).map((x) => [x.label, labelled(x.synthetic, x.basis), labelled(x.sample, x.basis), x.ratio ? labelled(x.ratio, x.basis) : '']);
  return section('proxy', 'Proxy-data limits: synthetic vs sample', [
    table(['', 'synthetic (proxy)', 'sample (real)', 'sample ÷ synthetic'], rows),
    html`<p>${`${proxyMeasureText(p)} ${proxyProjectionText(p)}`}</p>`,
  ]);
}

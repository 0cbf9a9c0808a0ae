import type { DesignName } from '../../../lib/workload/contract';
import { escapeXml } from '../svg';
import { html, type Html, type HtmlValue, joinHtml, raw } from './template';

/** The building blocks every section of report.html uses: colours, labels, tables, cards. */

export const DESIGN_COLORS: Readonly<Record<DesignName, string>> = { 'single-node': '#1d4ed8', distributed: '#c2410c' };
export const STAGE_COLORS = ['#0f766e', '#14b8a6', '#6366f1', '#a855f7', '#eab308', '#f97316', '#64748b', '#94a3b8'];
export const SERVICE_COLORS: Readonly<Record<string, string>> = { lambda: '#f97316', stepFunctions: '#db2777', fargate: '#2563eb', s3: '#16a34a', logs: '#64748b', network: '#7c3aed', encryption: '#0f766e', monitoring: '#a16207' };

/** Where a number comes from: every number in the report carries one. */
/** `predicted`: the fitted model's prediction of an emulator measurement (a held-out volume), not AWS. */
export type Basis = 'measured' | 'projected' | 'static' | 'scenario' | 'predicted';

/** A value with its basis label. */
export function labelled(text: HtmlValue, label: Basis): Html {
  return html`${text} <span class="label ${label}">${label}</span>`;
}

/** A value computed from two bases, with both labels: `static + measured` (a month), `measured ÷ predicted` (a ratio). */
export function labelledMix(text: HtmlValue, a: Basis, op: '+' | '÷', b: Basis): Html {
  return html`${text} <span class="label ${a}">${a}</span> ${op} <span class="label ${b}">${b}</span>`;
}

/** A table: the first cell of each row is its header cell; `numeric` columns align right. */
export function table(header: readonly HtmlValue[], rows: readonly (readonly HtmlValue[])[], numeric: readonly number[] = [], caption?: string): Html {
  const th = header.map((h) => html`<th scope="col">${h}</th>`);
  const body = joinHtml(rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : numeric.includes(i) ? html`<td class="num">${c}</td>` : html`<td>${c}</td>`))}</tr>`));
  return html`<table>${caption ? html`<caption>${caption}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Tables of more than this many rows start collapsed; the chart above them says the same. */
const OPEN_TABLE_ROWS = 10;

/** A data table under a chart, in a disclosure that is open unless the table is long. */
export function dataTable(summary: string, inner: Html, rows = 0): Html {
  return rows > OPEN_TABLE_ROWS ? html`<details class="data"><summary>${summary}</summary>${inner}</details>` : html`<details class="data" open><summary>${summary}</summary>${inner}</details>`;
}

/** Escaped text with `inline code` (the Markdown the derived texts use) as <code>. */
export function code(text: string): Html {
  return raw(escapeXml(text).replace(/`([^`]+)`/g, '<code>$1</code>'));
}

/** A headline card: a key, a value and an optional note. */
export function card(k: string, v: HtmlValue, n: HtmlValue = ''): Html {
  return html`<div class="card"><div class="k">${k}</div><div class="v">${v}</div>${n ? html`<div class="n">${n}</div>` : ''}</div>`;
}

/** A section with its heading, the parts joined by newlines. */
export function section(id: string, title: string, parts: readonly HtmlValue[]): Html {
  return joinHtml([html`<section aria-labelledby="h-${id}">`, html`<h2 id="h-${id}">${title}</h2>`, ...parts, html`</section>`]);
}

import { ACCESS_MATRIX, PERSONAS, ZONES } from '../../../lib/constructs/access-matrix';
import type { DesignName } from '../../../lib/workload/contract';
import { accessOf, type AccessView, comparisonOf, designsIn, writeLevelActions } from '../views';
import type { Results } from '../../results/results';
import { dataTable, DESIGN_COLORS, labelled, table } from './parts';
import { html, type Html, joinHtml } from './template';

const CAPABILITY_LABELS: Readonly<Record<string, string>> = { operatePipelines: 'pipelines', reviewIam: 'IAM review', viewCostSignals: 'cost signals' };

interface Dimension {
  readonly name: string;
  readonly unit: string;
  readonly values: Readonly<Record<string, number>>;
}

function matrixRows(a: AccessView, capabilities: readonly string[]): Html[] {
  return PERSONAS.map((p) => {
    const zoneCells = ZONES.map((z) => {
      const cell = a.matrix.cells.find((c) => c.persona === p && c.zone === z);
      const intended = cell?.intended ?? ACCESS_MATRIX[p].zones[z];
      const computed = cell?.computed ?? '?';
      return intended === computed ? html`<td class="same">${computed}</td>` : html`<td class="diff" title="intended ${intended}, computed ${computed}">${intended} → ${computed}</td>`;
    });
    const capCells = capabilities.map((c) => {
      const cell = a.matrix.capabilities.find((x) => x.persona === p && x.capability === c);
      if (!cell) return html`<td>—</td>`;
      const yn = (b: boolean) => (b ? 'yes' : 'no');
      return cell.intended === cell.computed ? html`<td class="same">${yn(cell.computed)}</td>` : html`<td class="diff">${yn(cell.intended)} → ${yn(cell.computed)}</td>`;
    });
    return html`<tr><th scope="row">${p}</th>${zoneCells}${capCells}</tr>`;
  });
}

/** One design's stakeholder matrix, intended against computed, its differences and the run-time probe. */
function matrixTable(d: DesignName, a: AccessView): Html {
  const capabilities = [...new Set(a.matrix.capabilities.map((c) => c.capability))];
  const head = html`<tr><th scope="col">persona</th>${ZONES.map((z) => html`<th scope="col">${z}</th>`)}${capabilities.map((c) => html`<th scope="col">${CAPABILITY_LABELS[c] ?? c}</th>`)}</tr>`;
  const diffs = a.matrix.differences;
  const difference = (x: (typeof diffs)[number]) => `${x.persona} / ${x.target}: intended ${x.intended}, computed ${x.computed}${x.extraActions.length ? `; extra ${x.extraActions.join(', ')}` : ''}${x.missingActions.length ? `; missing ${x.missingActions.join(', ')}` : ''}`;
  const probe = a.runtime?.summary;
  return joinHtml([
    html`<h3>${d}: stakeholder matrix, intended vs computed <span class="label static">static</span></h3>`,
    html`<table class="matrix" data-design="${d}"><thead>${head}</thead><tbody>${joinHtml(matrixRows(a, capabilities))}</tbody></table>`,
    diffs.length
      ? html`<p><strong>${diffs.length} difference(s)</strong> (highlighted as intended → computed):</p><ul>${diffs.map((x) => html`<li>${difference(x)}</li>`)}</ul>`
      : html`<p>Computed access equals the intended matrix: no differences.</p>`,
    probe
      ? html`<p>Run-time probe: ${labelled(`${probe.checks} checks, ${probe.enforced} enforced by the emulator, ${probe.evaluated} evaluated, ${probe.mismatches} mismatches`, 'measured')}${probe.mismatchList.length ? html`: ${probe.mismatchList.join('; ')}` : ''}.</p>`
      : '',
  ]);
}

/** One pair of bars per dimension, each dimension scaled to its own maximum (units differ). */
function groupedBarChart(dims: readonly Dimension[], designs: readonly DesignName[]): Html {
  const W = 760;
  const left = 290;
  const right = 130;
  const barH = 14;
  const groupH = designs.length * (barH + 3) + 14;
  const h = 10 + dims.length * groupH + 24;
  const out: Html[] = [
    html`<svg class="chart bar-chart" id="access-chart" viewBox="0 0 ${W} ${h}" role="img" aria-labelledby="access-chart-title access-chart-desc">`,
    html`<title id="access-chart-title">IAM scope comparison</title>`,
    html`<desc id="access-chart-desc">${dims.map((d) => `${d.name}: ${designs.map((x) => `${x} ${d.values[x] ?? 0}`).join(', ')}`).join('; ')}</desc>`,
  ];
  dims.forEach((dim, gi) => {
    const y0 = 10 + gi * groupH;
    const max = Math.max(1, ...designs.map((d) => dim.values[d] ?? 0));
    out.push(html`<text class="bar-label" x="${left - 10}" y="${y0 + groupH / 2 - 2}" text-anchor="end">${dim.name}</text>`);
    designs.forEach((d, i) => {
      const v = dim.values[d] ?? 0;
      const w = ((W - left - right) * v) / max;
      const y = y0 + i * (barH + 3);
      out.push(html`<rect class="segment" x="${left}" y="${y}" width="${Math.max(0, Math.round(w * 10) / 10)}" height="${barH}" fill="${DESIGN_COLORS[d]}"><title>${`${d}, ${dim.name}: ${v} ${dim.unit}`}</title></rect>`, html`<text class="bar-note" x="${left + w + 6}" y="${y + barH - 3}">${`${v} ${dim.unit}`}</text>`);
    });
  });
  const ly = h - 14;
  designs.forEach((d, i) => out.push(html`<rect x="${left + i * 160}" y="${ly}" width="12" height="12" fill="${DESIGN_COLORS[d]}"/><text class="legend" x="${left + i * 160 + 18}" y="${ly + 11}">${d}</text>`));
  out.push(html`</svg>`);
  return joinHtml(out);
}

/** The dimensions compared: the comparison's own, or the four every analysed design has. */
function dimensionsOf(r: Results, analysed: readonly DesignName[]): readonly Dimension[] {
  const cmp = comparisonOf(r)?.access;
  if (cmp?.dimensions) return cmp.dimensions;
  return [
    { name: 'blast radius score', unit: 'points', pick: (a: AccessView) => a.summary.blastRadiusScore },
    { name: 'workload principals', unit: 'principals', pick: (a: AccessView) => a.summary.workloadPrincipals },
    { name: 'write-level actions', unit: 'actions', pick: writeLevelActions },
    { name: 'actions on "*"', unit: 'actions', pick: (a: AccessView) => a.summary.actionsOnStar },
  ].map((x) => ({ name: x.name, unit: x.unit, values: Object.fromEntries(analysed.map((d) => [d, x.pick(accessOf(r.designs[d])!)])) as Record<DesignName, number> }));
}

/** IAM scope per design as bars and a table, each design's stakeholder matrix, and the rule findings. */
export function accessSection(r: Results): Html {
  const designs = designsIn(r);
  const analysed = designs.filter((d) => accessOf(r.designs[d]));
  const head = html`<section aria-labelledby="h-access"><h2 id="h-access">Access scope and stakeholder matrix</h2>`;
  if (!analysed.length) return html`${head}<p>IAM scope: <strong>not analysed</strong> in this run (no <code>designs[*].access</code>). Run <code>scalesim access</code>.</p></section>`;
  const cmp = comparisonOf(r)?.access;
  const dims = dimensionsOf(r, analysed);
  const tableRows = dims.map((dim) => [dim.name, ...analysed.map((d) => labelled(`${dim.values[d] ?? 0} ${dim.unit}`, 'static'))]);
  const findings = analysed.flatMap((d) =>
    accessOf(r.designs[d])!
      .findings.filter((f) => f.category !== 'coverage')
      .map((f) => [d, f.severity, `${f.category} / ${f.rule}`, `${f.principal ? `${f.principal}: ` : ''}${f.message}`]),
  );
  return joinHtml([
    head,
    cmp ? html`<p>${cmp.reasons.slice(0, 3).join('; ')}. Smaller blast radius: <strong>${cmp.smallerBlastRadius}</strong> <span class="label static">static</span>.</p>` : '',
    html`<figure>${groupedBarChart(dims, analysed)}<figcaption>IAM scope per design ${labelled('', 'static')}, from the synthesized templates; each dimension on its own scale.</figcaption></figure>`,
    dataTable('Data table: access scope', table(['dimension', ...analysed], tableRows, [1, 2])),
    ...analysed.map((d) => matrixTable(d, accessOf(r.designs[d])!)),
    findings.length ? html`<h3>Findings</h3>${table(['design', 'severity', 'rule', 'finding'], findings)}` : html`<p>No IAM findings.</p>`,
    html`</section>`,
  ]);
}

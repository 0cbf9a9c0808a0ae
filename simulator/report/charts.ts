import { bandPath, decadeDomain, escapeXml, linearScale, linearTicks, linePath, logScale, logTicks, px, type Scale, timeDomain, timeTicks, type Tick } from './svg';

/**
 * The report's charts as SVG strings: a log–log line chart with bands, measured points, markers and
 * reference lines, and a horizontal stacked bar chart. Pure. Every chart is `role="img"` with a title
 * and a description, and the HTML puts a data table under it.
 */

export interface BandPoint {
  readonly x: number;
  readonly mid: number;
  readonly low: number;
  readonly high: number;
}

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly BandPoint[];
  /** Points from this x on are drawn dashed (e.g. past the volume where the design is infeasible). */
  readonly dashedFrom?: number;
}

export interface MeasuredMark {
  readonly series: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
  /** Held out of the fit: drawn hollow. */
  readonly heldOut: boolean;
  readonly label: string;
}

export interface VerticalMarker {
  readonly x: number;
  readonly label: string;
  /** CSS hook and test hook, e.g. `faster`, `cheaper`, `single-node-infeasible`. */
  readonly kind: string;
}

export interface HorizontalLine {
  readonly y: number;
  readonly label: string;
  readonly kind: string;
}

export interface LogChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly measured: readonly MeasuredMark[];
  readonly markers: readonly VerticalMarker[];
  readonly hlines: readonly HorizontalLine[];
  readonly xFormat: (v: number) => string;
  readonly yFormat: (v: number) => string;
  /**
   * `time`: the y axis steps through TIME_LADDER_MS (1 s, 10 s, 1 min, 10 min, 1 h); `decades`: powers of ten.
   * @default 'decades'
   */
  readonly yAxis?: 'decades' | 'time';
  /** Shade the x range from this value to the right edge, with a label (e.g. "single-node infeasible"). */
  readonly shadeFrom?: { readonly x: number; readonly label: string };
}

const W = 760;
const H = 400;
const M = { left: 78, right: 24, top: 34, bottom: 58 };

export function renderLogChart(spec: LogChartSpec): string {
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x)).concat(spec.measured.map((m) => m.x));
  const ys = spec.series
    .flatMap((s) => s.points.flatMap((p) => [p.low, p.high, p.mid]))
    .concat(spec.measured.map((m) => m.y))
    .concat(spec.hlines.map((h) => h.y));
  const [x0, x1] = [Math.min(...xs.filter((v) => v > 0)), Math.max(...xs)];
  // Nothing to draw (a results file without design results): say so instead of failing on an empty scale.
  if (!(x0 > 0 && x1 > x0) || !ys.some((v) => v > 0 && Number.isFinite(v))) return noDataSvg('log-chart', spec);
  const xScale = logScale([x0, x1], [M.left, W - M.right]);
  const yDomain = spec.yAxis === 'time' ? timeDomain(ys) : decadeDomain(ys);
  const yScale = logScale(yDomain, [H - M.bottom, M.top]);
  return [
    ...svgOpen('log-chart', spec, H),
    gridAndAxes(spec, xScale, yScale),
    ...(spec.shadeFrom && spec.shadeFrom.x < x1 ? infeasibleRegion(spec.id, spec.shadeFrom, xScale) : []),
    ...spec.series.flatMap((s) => seriesPaths(s, xScale, yScale)),
    ...spec.hlines.flatMap((h) => referenceLine(h, yScale)),
    ...spec.markers.flatMap((m, i) => crossoverMarker(m, i, xScale)),
    ...spec.measured.flatMap((m) => measuredDot(m, xScale, yScale)),
    `<defs><pattern id="hatch-${spec.id}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fef2f2"/><line x1="0" y1="0" x2="0" y2="8" stroke="#fca5a5" stroke-width="2"/></pattern></defs>`,
    '</svg>',
  ].join('\n');
}

/** What a chart with nothing to draw shows: its title and "no data to chart", in a short strip. */
function noDataSvg(kind: 'log-chart' | 'scatter-chart', spec: { readonly id: string; readonly title: string }): string {
  return `<svg class="chart ${kind}" id="${escapeXml(spec.id)}" viewBox="0 0 ${W} 60" role="img"><title>${escapeXml(spec.title)}</title><text x="${M.left}" y="34" class="note">${escapeXml(spec.title)}: no data to chart</text></svg>`;
}

/** The opening of a chart: the svg element, labelled by its title and description (`role="img"`). */
function svgOpen(kind: string, spec: { readonly id: string; readonly title: string; readonly description: string }, height: number, width = W): string[] {
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  return [
    `<svg class="chart ${kind}" id="${escapeXml(spec.id)}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId} ${descId}">`,
    `<title id="${titleId}">${escapeXml(spec.title)}</title>`,
    `<desc id="${descId}">${escapeXml(spec.description)}</desc>`,
  ];
}

/** The hatched x range from `from.x` to the right edge, labelled (e.g. "single-node infeasible"). */
function infeasibleRegion(id: string, from: { readonly x: number; readonly label: string }, xScale: Scale): string[] {
  const sx = Math.max(M.left, xScale(from.x));
  return [
    `<g class="infeasible-region"><rect x="${px(sx)}" y="${M.top}" width="${px(W - M.right - sx)}" height="${H - M.top - M.bottom}" fill="url(#hatch-${id})"/>`,
    `<text x="${px(W - M.right - 6)}" y="${H - M.bottom - 8}" text-anchor="end" class="region-label">${escapeXml(from.label)}</text></g>`,
  ];
}

/** A series' projected band and its mid line, dashed from `dashedFrom` on. */
function seriesPaths(s: LineSeries, xScale: Scale, yScale: Scale): string[] {
  const pts = s.points.filter((p) => p.x > 0);
  const out = [
    `<path class="band" d="${bandPath(
      pts.map((p) => xScale(p.x)),
      pts.map((p) => yScale(p.low)),
      pts.map((p) => yScale(p.high)),
    )}" fill="${s.color}" fill-opacity="0.16" stroke="none"><title>${escapeXml(`${s.name}: projected uncertainty band`)}</title></path>`,
  ];
  const cut = s.dashedFrom;
  const solid = cut === undefined ? pts : pts.filter((p) => p.x <= cut);
  const dashed = cut === undefined ? [] : pts.filter((p, i) => p.x >= cut || (i + 1 < pts.length && pts[i + 1]!.x > cut && p.x <= cut));
  out.push(`<path class="projection" d="${linePath(solid.map((p) => [xScale(p.x), yScale(p.mid)]))}" fill="none" stroke="${s.color}" stroke-width="2.5"/>`);
  if (dashed.length > 1) {
    out.push(`<path class="projection infeasible" d="${linePath(dashed.map((p) => [xScale(p.x), yScale(p.mid)]))}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="6 5"/>`);
  }
  return out;
}

/** A labelled horizontal reference line (a budget, an SLA). */
function referenceLine(h: HorizontalLine, yScale: Scale): string[] {
  const y = yScale(h.y);
  if (!Number.isFinite(y)) return [];
  return [
    `<g class="reference ${escapeXml(h.kind)}"><line x1="${M.left}" x2="${W - M.right}" y1="${px(y)}" y2="${px(y)}" stroke="#b91c1c" stroke-width="1.2" stroke-dasharray="2 4"/>`,
    `<text x="${M.left + 6}" y="${px(y - 5)}" class="ref-label">${escapeXml(h.label)}</text></g>`,
  ];
}

/** The `i`-th vertical marker (a crossover), its label stacked one line below the one before. */
function crossoverMarker(m: VerticalMarker, i: number, xScale: Scale): string[] {
  const x = xScale(m.x);
  if (!Number.isFinite(x)) return [];
  const cx = Math.min(Math.max(x, M.left), W - M.right);
  const anchor = cx > W - M.right - 120 ? 'end' : cx < M.left + 120 ? 'start' : 'middle';
  const dx = anchor === 'end' ? -4 : anchor === 'start' ? 4 : 0;
  return [
    `<g class="crossover-marker ${escapeXml(m.kind)}" data-kind="${escapeXml(m.kind)}" data-volume="${m.x}">`,
    `<line x1="${px(cx)}" x2="${px(cx)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#111827" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    // Stacked one line apart so that markers close together keep readable labels.
    `<text x="${px(cx + dx)}" y="${M.top + 14 + i * 15}" text-anchor="${anchor}" class="marker-label">${escapeXml(m.label)}</text>`,
    `<title>${escapeXml(m.label)}</title></g>`,
  ];
}

/** A measured point: filled, or hollow when it was held out of the fit. */
function measuredDot(m: MeasuredMark, xScale: Scale, yScale: Scale): string[] {
  const cx = xScale(m.x);
  const cy = yScale(m.y);
  if (!Number.isFinite(cx) || !Number.isFinite(cy)) return [];
  return [
    `<circle class="measured${m.heldOut ? ' held-out' : ''}" cx="${px(cx)}" cy="${px(cy)}" r="5" fill="${m.heldOut ? '#ffffff' : m.color}" stroke="${m.heldOut ? m.color : '#111827'}" stroke-width="${m.heldOut ? 2.5 : 1}"><title>${escapeXml(m.label)}</title></circle>`,
  ];
}

/** Horizontal grid lines at the y ticks, labelled at the major ones. */
function yGrid(ticks: readonly Tick[], y: (v: number) => number): string[] {
  const out: string[] = [];
  for (const t of ticks) {
    const Y = px(y(t.value));
    out.push(`<line class="grid${t.major ? '' : ' minor'}" x1="${M.left}" x2="${W - M.right}" y1="${Y}" y2="${Y}"/>`);
    if (t.major) out.push(`<text class="tick" x="${M.left - 8}" y="${Y}" dy="4" text-anchor="end">${escapeXml(t.label)}</text>`);
  }
  return out;
}

/** The two axis lines and their labels. */
function axisLines(xLabel: string, yLabel: string): string[] {
  return [
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`,
    `<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}"/>`,
    `<text class="axis-label" x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text class="axis-label" transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  ];
}

function gridAndAxes(spec: LogChartSpec, x: Scale, y: Scale): string {
  const out: string[] = ['<g class="axes">'];
  const xt = logTicks(x.domain[0], x.domain[1], spec.xFormat, 2);
  const yt = spec.yAxis === 'time' ? timeTicks(y.domain[0], y.domain[1]) : logTicks(y.domain[0], y.domain[1], spec.yFormat, 2);
  for (const t of xt) {
    const X = px(x(t.value));
    out.push(`<line class="grid${t.major ? '' : ' minor'}" x1="${X}" x2="${X}" y1="${M.top}" y2="${H - M.bottom}"/>`);
    if (t.major) out.push(`<text class="tick" x="${X}" y="${H - M.bottom + 18}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  out.push(...yGrid(yt, y));
  out.push(...axisLines(spec.xLabel, spec.yLabel), '</g>');
  return out.join('\n');
}

export interface BarSegment {
  readonly name: string;
  readonly value: number;
  readonly color: string;
}

export interface BarRow {
  readonly label: string;
  readonly segments: readonly BarSegment[];
  /** Text after the bar, e.g. the total with its label. */
  readonly note: string;
}

export interface BarChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly rows: readonly BarRow[];
  /** `share`: each bar is 100 % wide (composition); `absolute`: bars share one linear scale. */
  readonly mode: 'share' | 'absolute';
  readonly valueFormat: (v: number) => string;
}

const BW = 760;
const BAR_H = 26;
const BAR_GAP = 22;
const BM = { left: 150, right: 190, top: 12, legend: 30 };

export function renderBarChart(spec: BarChartSpec): string {
  const names = [...new Set(spec.rows.flatMap((r) => r.segments.map((s) => s.name)))];
  // One segment per bar is a plain comparison: no shares inside the bars and no legend (the labels say it).
  const composite = names.length > 1;
  const colors = new Map(spec.rows.flatMap((r) => r.segments.map((s) => [s.name, s.color] as const)));
  const totals = spec.rows.map((r) => r.segments.reduce((a, s) => a + Math.max(0, s.value), 0));
  const maxTotal = Math.max(0, ...totals);
  const width = BW - BM.left - BM.right;
  const legendRows = composite ? Math.ceil(names.length / 4) : 0;
  const h = BM.top + spec.rows.length * (BAR_H + BAR_GAP) + legendRows * 20 + 10;
  const out: string[] = svgOpen('bar-chart', spec, h, BW);
  spec.rows.forEach((row, i) => {
    const y = BM.top + i * (BAR_H + BAR_GAP);
    const total = totals[i]!;
    const scale = spec.mode === 'share' ? (total > 0 ? width / total : 0) : maxTotal > 0 ? width / maxTotal : 0;
    out.push(`<text class="bar-label" x="${BM.left - 10}" y="${y + BAR_H / 2 + 5}" text-anchor="end">${escapeXml(row.label)}</text>`);
    let x = BM.left;
    for (const s of row.segments) {
      const w = Math.max(0, s.value) * scale;
      if (w <= 0) continue;
      const share = total > 0 ? s.value / total : 0;
      out.push(
        `<rect class="segment" x="${px(x)}" y="${y}" width="${px(w)}" height="${BAR_H}" fill="${s.color}"><title>${escapeXml(`${row.label}, ${s.name}: ${spec.valueFormat(s.value)} (${(share * 100).toFixed(1)}%)`)}</title></rect>`,
      );
      if (composite && w > 44) out.push(`<text class="segment-label" x="${px(x + w / 2)}" y="${y + BAR_H / 2 + 4}" text-anchor="middle">${Math.round(share * 100)}%</text>`);
      x += w;
    }
    if (total <= 0) out.push(`<text class="bar-note" x="${BM.left}" y="${y + BAR_H / 2 + 5}">no data</text>`);
    out.push(`<text class="bar-note" x="${px(Math.max(x, BM.left) + 8)}" y="${y + BAR_H / 2 + 5}">${escapeXml(row.note)}</text>`);
  });
  const ly = BM.top + spec.rows.length * (BAR_H + BAR_GAP) + 4;
  (composite ? names : []).forEach((n, i) => {
    const lx = BM.left + (i % 4) * 140;
    const y = ly + Math.floor(i / 4) * 20;
    out.push(`<rect x="${lx}" y="${y}" width="12" height="12" fill="${colors.get(n)}"/>`, `<text class="legend" x="${lx + 18}" y="${y + 11}">${escapeXml(n)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  /** Tooltip text (escaped when rendered). */
  readonly title: string;
  /** `feasible` points take the chart's colour; `infeasible` ones are drawn grey, under the others. */
  readonly feasible: boolean;
}

export interface ScatterMark {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** CSS and test hook, e.g. `pick-balanced`, `current`. */
  readonly kind: string;
}

export interface ScatterChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Colour of the feasible points and the front. */
  readonly color: string;
  readonly points: readonly ScatterPoint[];
  /** The Pareto front, drawn as a step line through its points (sorted by x). */
  readonly front: readonly (readonly [number, number])[];
  /** Labelled marks: the picks, the scenario's current configuration. */
  readonly marks: readonly ScatterMark[];
  /** Vertical reference lines (e.g. the SLA), drawn when inside the x range. */
  readonly vlines: readonly { readonly x: number; readonly label: string; readonly kind: string }[];
  readonly yFormat: (v: number) => string;
}

/**
 * A scatter of points on a log time x axis (TIME_LADDER_MS) against a y axis that is linear when the
 * values span less than a decade and logarithmic otherwise. Infeasible points are grey and drawn first,
 * feasible points in the chart's colour, the front as a step line, marks as labelled rings.
 */
export function renderScatterChart(spec: ScatterChartSpec): string {
  const xs = spec.points.map((p) => p.x).filter((v) => v > 0 && Number.isFinite(v));
  const ys = spec.points.map((p) => p.y).filter((v) => v > 0 && Number.isFinite(v));
  if (!xs.length || !ys.length) return noDataSvg('scatter-chart', spec);
  const [x0, x1] = timeDomain(xs);
  const xScale = logScale([x0, x1], [M.left, W - M.right]);
  const y = scatterYAxis(ys, spec.yFormat);
  const dot = (p: ScatterPoint, cls: string, fill: string, r: number) => {
    const cx = xScale(p.x);
    const cy = y.scale(p.y);
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) return '';
    return `<circle class="${cls}" cx="${px(cx)}" cy="${px(cy)}" r="${r}" fill="${fill}"><title>${escapeXml(p.title)}</title></circle>`;
  };
  return [
    ...svgOpen('scatter-chart', spec, H),
    '<g class="axes">',
    ...timeTicks(x0, x1).flatMap((t) => {
      const X = px(xScale(t.value));
      return [`<line class="grid" x1="${X}" x2="${X}" y1="${M.top}" y2="${H - M.bottom}"/>`, `<text class="tick" x="${X}" y="${H - M.bottom + 18}" text-anchor="middle">${escapeXml(t.label)}</text>`];
    }),
    ...yGrid(y.ticks, y.scale),
    ...axisLines(spec.xLabel, spec.yLabel),
    '</g>',
    ...spec.vlines.filter((v) => v.x >= x0 && v.x <= x1).flatMap((v) => verticalReference(v, xScale)),
    '<g class="points infeasible">',
    ...spec.points.filter((p) => !p.feasible).map((p) => dot(p, 'point infeasible', '#d1d5db', 2.5)),
    '</g>',
    '<g class="points feasible">',
    ...spec.points.filter((p) => p.feasible).map((p) => dot(p, 'point feasible', spec.color, 3)),
    '</g>',
    ...frontPath(spec.front, spec.color, xScale, y.scale),
    ...labelledMarks(spec.marks, xScale, y.scale),
    '</svg>',
  ].join('\n');
}

/** Relative padding of a linear y axis beyond the data, so no point sits on the frame. */
const LINEAR_Y_PAD = 0.08;

/** The scatter's y axis: logarithmic when the values span a decade or more, else linear with a little padding. */
function scatterYAxis(ys: readonly number[], format: (v: number) => string): { scale: Scale; ticks: Tick[] } {
  const yMin = Math.min(...ys);
  const yMax = Math.max(...ys);
  if (yMax / yMin >= 10) {
    const domain = decadeDomain(ys);
    return { scale: logScale(domain, [H - M.bottom, M.top]), ticks: logTicks(domain[0], domain[1], format, 2) };
  }
  const pad = (yMax - yMin) * LINEAR_Y_PAD || yMax * 0.05;
  const domain: [number, number] = [Math.max(0, yMin - pad), yMax + pad];
  return { scale: linearScale(domain, [H - M.bottom, M.top]), ticks: linearTicks(domain[0], domain[1], 5, format) };
}

/** A labelled vertical reference line (e.g. the SLA). */
function verticalReference(v: { readonly x: number; readonly label: string; readonly kind: string }, xScale: Scale): string[] {
  const X = xScale(v.x);
  return [
    `<g class="reference ${escapeXml(v.kind)}"><line x1="${px(X)}" x2="${px(X)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#b91c1c" stroke-width="1.2" stroke-dasharray="2 4"/>`,
    `<text x="${px(X - 4)}" y="${M.top + 12}" text-anchor="end" class="ref-label">${escapeXml(v.label)}</text></g>`,
  ];
}

/** The Pareto front as a step line: from each point, across at its cost to the next point's runtime, then down. */
function frontPath(points: readonly (readonly [number, number])[], color: string, xScale: Scale, yScale: Scale): string[] {
  const front = [...points].sort((a, b) => a[0] - b[0]);
  if (front.length < 2) return [];
  const steps: [number, number][] = [];
  front.forEach(([x, y], i) => {
    steps.push([xScale(x), yScale(y)]);
    const next = front[i + 1];
    if (next) steps.push([xScale(next[0]), yScale(y)]);
  });
  return [`<path class="front" d="${linePath(steps)}" fill="none" stroke="${color}" stroke-width="1.8"/>`];
}

/** Width of a character of the 12 px mark label font, estimated, px. */
const LABEL_CHAR_PX = 6.6;
/** Height of a line of mark labels, px. */
const LABEL_LINE_PX = 14;

/**
 * Marks as rings with labels. Each label is placed above its ring and moved up a line at a time
 * until it overlaps no label placed before it.
 */
function labelledMarks(marks: readonly ScatterMark[], xScale: Scale, yScale: Scale): string[] {
  const placed: { x0: number; x1: number; y: number }[] = [];
  return marks.flatMap((m) => {
    const cx = xScale(m.x);
    const cy = yScale(m.y);
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) return [];
    const anchor = cx > W - M.right - 160 ? 'end' : 'start';
    const dx = anchor === 'end' ? -10 : 10;
    const width = m.label.length * LABEL_CHAR_PX;
    const x0 = anchor === 'end' ? cx + dx - width : cx + dx;
    let ly = cy - 10;
    while (ly > M.top + 10 && placed.some((b) => b.x0 < x0 + width && x0 < b.x1 && Math.abs(b.y - ly) < LABEL_LINE_PX)) ly -= LABEL_LINE_PX;
    placed.push({ x0, x1: x0 + width, y: ly });
    return [
      `<g class="mark ${escapeXml(m.kind)}" data-kind="${escapeXml(m.kind)}">`,
      `<circle cx="${px(cx)}" cy="${px(cy)}" r="7" fill="none" stroke="#111827" stroke-width="2"${m.kind === 'current' ? ' stroke-dasharray="3 2"' : ''}/>`,
      `<text x="${px(cx + dx)}" y="${px(cy + (ly - cy))}" text-anchor="${anchor}" class="marker-label">${escapeXml(m.label)}</text>`,
      `<title>${escapeXml(m.label)}</title></g>`,
    ];
  });
}

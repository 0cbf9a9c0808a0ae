import type { CheckReport, GateItem, GateResult } from '../report-schema';

/**
 * GitHub Actions workflow commands: one `::error` per failed gate item (a new grant, an unpriced
 * resource...), with `file=` and `line=` where CDK recorded where the construct was created
 * (source-locations.ts), so the annotation lands on that line of the pull request's diff; a failed gate
 * with no item gets one `::error` without a file. Skipped gates are `::warning`s, and the verdict is a
 * `::notice`. Pure.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
 */
export function renderCheckGithub(report: CheckReport): string {
  const out: string[] = [];
  for (const g of report.gates) {
    if (g.status === 'fail') {
      const title = `scalesim check: ${g.title}${g.design ? ` (${g.design})` : ''}`;
      if (!g.items.length) out.push(command('error', { title }, g.line));
      for (const i of g.items) out.push(command('error', { ...location(i), title }, itemText(g, i)));
    } else if (g.status === 'skip') {
      out.push(command('warning', { title: `scalesim check: ${g.title} skipped` }, g.line));
    }
  }
  out.push(command(report.verdict === 'fail' ? 'error' : 'notice', { title: 'scalesim check' }, report.summary));
  return `${out.join('\n')}\n`;
}

function itemText(g: GateResult, i: GateItem): string {
  // The line is where CDK created the construct; the frames after it say which call of the app led there.
  const via = i.source && i.source.frames.length > 1 ? ` (created via ${i.source.frames.slice(1, 3).join(' <- ')})` : '';
  return `${i.message}${via} [${g.value}; limit ${g.limit}]`;
}

function location(i: GateItem): Record<string, string> {
  if (!i.source) return {};
  return { file: i.source.file, line: String(i.source.line), ...(i.source.column ? { col: String(i.source.column) } : {}) };
}

function command(kind: 'error' | 'warning' | 'notice', props: Record<string, string>, message: string): string {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${kind}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

/** The escaping @actions/core applies to a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The escaping @actions/core applies to a command's property values. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

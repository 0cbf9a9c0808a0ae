/**
 * Small Markdown building blocks for the memo and the diff. Pure.
 */

/** Escapes the characters that would break a table cell or start inline markup. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown table. `align` is per column: `l` (default) or `r`. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const cells = (r: readonly string[]) => `| ${r.map(mdCell).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (align[i] === 'r' ? ' ---: ' : ' --- ')).join('|')}|`;
  return [cells(header), rule, ...rows.map(cells)].join('\n');
}

/**
 * Words in a Markdown text, the way a reader counts them: tokens with a letter or digit, after the
 * table rules, heading marks, list bullets and emphasis are removed. Used for the memo's 900–1200
 * word target.
 */
export function countWords(markdown: string): number {
  return markdown
    .replace(/^\|?[\s:|-]+\|?$/gm, ' ')
    .replace(/[|#*`>_]/g, ' ')
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}

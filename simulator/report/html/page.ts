import { CSS } from './style';
import { html, type HtmlValue, joinHtml, raw } from './template';

/**
 * The shell of every page scalesim writes (report.html, tune.html): self-contained, no scripts, no
 * fonts, no network (a Content-Security-Policy forbids any fetch), the house CSS inline.
 * `extraCss` is scalesim's own CSS, never a value read from a results file.
 */
export function page(title: string, body: readonly HtmlValue[], extraCss = ''): string {
  return joinHtml([
    html`<!DOCTYPE html>`,
    html`<html lang="en">`,
    html`<head>`,
    html`<meta charset="utf-8">`,
    html`<meta name="viewport" content="width=device-width, initial-scale=1">`,
    // No network at all: the page must render from the file alone.
    html`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    html`<title>${title}</title>`,
    html`<style>${raw(CSS + extraCss)}</style>`,
    html`</head>`,
    html`<body>`,
    html`<main>`,
    ...body,
    html`</main>`,
    html`</body>`,
    html`</html>`,
    '',
  ]).toString();
}

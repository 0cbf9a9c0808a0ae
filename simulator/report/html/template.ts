/**
 * HTML escaped by default. `html\`…\`` escapes every interpolated value unless it is already `Html`:
 * the result of another `html\`…\``, or text marked trusted with `raw()` (the SVG our own chart builders
 * return, the page's CSS). A string from results.json therefore cannot become markup by accident: to
 * insert markup, a caller has to build it with `html` or say `raw` at the call site.
 */
import { escapeXml } from '../svg';

const MARKUP: unique symbol = Symbol('markup');

/** Markup that is safe to insert as is. Only `html`, `raw` and `joinHtml` make one. */
export interface Html {
  readonly [MARKUP]: string;
  toString(): string;
}

function markup(text: string): Html {
  return { [MARKUP]: text, toString: () => text };
}

function isHtml(v: unknown): v is Html {
  return typeof v === 'object' && v !== null && MARKUP in v;
}

/** What an interpolation may hold: text (escaped), numbers, markup, or lists of them; nothing renders as ''. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (isHtml(v)) return v[MARKUP];
  if (Array.isArray(v)) return (v as readonly HtmlValue[]).map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeXml(String(v));
}

/** The tagged template: literal parts as written, every interpolation escaped unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return markup(out);
}

/**
 * Trusted markup, inserted as is. Only for markup scalesim builds itself (the chart builders escape every
 * text they place), never for a value read from results.json.
 */
export function raw(text: string): Html {
  return markup(text);
}

/** The values rendered (escaped unless `Html`) and joined with `separator`. */
export function joinHtml(values: readonly HtmlValue[], separator = '\n'): Html {
  return markup(values.map(render).join(separator));
}

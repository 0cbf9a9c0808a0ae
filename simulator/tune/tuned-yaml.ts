import * as YAML from 'yaml';
import { singleNodeWorkers, type Scenario } from '../scenario/schema';

/**
 * tuned.yaml: the scenario file with the picks written into it. The original text is edited in place
 * (its comments, order and layout kept), one field per knob, so a diff against the original shows
 * exactly what tuning changed. Pure: text in, text out.
 */

/** The scenario fields `scalesim tune` may change. */
const TUNED_FIELDS: readonly (readonly string[])[] = [
  ['workload', 'partitions'],
  ['distributed', 'lambda', 'memoryMiB'],
  ['distributed', 'lambda', 'architecture'],
  ['distributed', 'lambda', 'reservedConcurrency'],
  ['distributed', 'lambda', 'timeoutSeconds'],
  ['distributed', 'map', 'maxConcurrency'],
  ['distributed', 'map', 'partitionsPerInvocation'],
  ['singleNode', 'fargate', 'vcpu'],
  ['singleNode', 'fargate', 'memoryMiB'],
  ['singleNode', 'fargate', 'architecture'],
  ['singleNode', 'workers'],
];

const WORKERS = 'singleNode.workers';

/** A field's value as the file holds it (workers: undefined when the scenario leaves the default). */
function get(s: Scenario, p: readonly string[]): unknown {
  return p.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], s);
}

/** `field: before → after` for every tuned field the file changes. */
export function tunedChanges(original: Scenario, tuned: Scenario): string[] {
  const out: string[] = [];
  for (const p of TUNED_FIELDS) {
    const a = get(original, p);
    const b = get(tuned, p);
    if (a === b || b === undefined) continue;
    const shown = (v: unknown, s: Scenario) => (p.join('.') === WORKERS && v === undefined ? `unset (${singleNodeWorkers(s.singleNode)} by default)` : String(v));
    out.push(`${p.join('.')}: ${shown(a, original)} → ${shown(b, tuned)}`);
  }
  return out;
}

/**
 * The original scenario text with the tuned fields set and a header comment. Each changed scalar is
 * replaced where it stands in the text (so comments, alignment and folded text stay as they were); a
 * field the file does not have yet (singleNode.workers) is added under its block-style parent, after
 * the parent's last field, at that field's indentation. Anything else falls back to re-serializing the
 * document (same content, the yaml library's layout).
 */
export function tunedScenarioText(originalText: string, original: Scenario, tuned: Scenario, header: readonly string[]): string {
  const doc = YAML.parseDocument(originalText, { uniqueKeys: true });
  const changed = TUNED_FIELDS.filter((p) => get(tuned, p) !== undefined && get(original, p) !== get(tuned, p));
  const edits: { start: number; end: number; text: string }[] = [];
  let inPlace = true;
  for (const p of changed) {
    const value = String(get(tuned, p));
    const node = doc.getIn(p, true);
    if (YAML.isScalar(node) && node.range) {
      const [start, end] = node.range;
      // Keep a trailing comment in its column: take the length difference out of (or add it to) the spaces before it.
      const gap = /^( +)#/.exec(originalText.slice(end));
      if (gap) {
        const spaces = Math.max(1, gap[1]!.length - (value.length - (end - start)));
        edits.push({ start, end: end + gap[1]!.length, text: value + ' '.repeat(spaces) });
      } else {
        edits.push({ start, end, text: value });
      }
      continue;
    }
    const parent = doc.getIn(p.slice(0, -1), true);
    const last = YAML.isMap(parent) && !parent.flow ? parent.items[parent.items.length - 1] : undefined;
    const lastKey = last && YAML.isScalar(last.key) ? last.key : undefined;
    const lastValue = last?.value as YAML.Node | null | undefined;
    if (node === undefined && lastKey?.range && lastValue?.range) {
      const indent = lastKey.range[0] - (originalText.lastIndexOf('\n', lastKey.range[0] - 1) + 1);
      const lineEnd = originalText.indexOf('\n', lastValue.range[1]);
      const at = lineEnd === -1 ? originalText.length : lineEnd;
      edits.push({ start: at, end: at, text: `\n${' '.repeat(indent)}${p[p.length - 1]}: ${value}` });
      continue;
    }
    inPlace = false;
  }
  const comment = header.map((l) => `# ${l}`).join('\n');
  if (inPlace) {
    let text = originalText;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    return `${comment}\n${text}`;
  }
  for (const p of changed) doc.setIn(p, get(tuned, p));
  return `${comment}\n${doc.toString({ lineWidth: 0 })}`;
}

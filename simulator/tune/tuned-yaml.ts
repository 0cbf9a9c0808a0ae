import * as YAML from 'yaml';
import { singleNodeWorkers, type Scenario } from '../scenario/schema';

/**
 * tuned.yaml: the scenario file with the picks written into it. The original text is edited in place
 * (its comments, order and layout kept), one field per knob, so a diff against the original shows
 * exactly what tuning changed. Pure: text in, text out.
 */

/** The scenario fields `scalesim tune` may change. */
export const TUNED_FIELDS: readonly (readonly string[])[] = [
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
    const shown = (v: unknown, s: Scenario) => (p.join('.') === WORKERS && v === undefined ? `${singleNodeWorkers(s.singleNode)} (default)` : String(v));
    out.push(`${p.join('.')}: ${shown(a, original)} → ${shown(b, tuned)}`);
  }
  return out;
}

/** The original scenario text with the tuned fields set and a header comment. */
export function tunedScenarioText(originalText: string, original: Scenario, tuned: Scenario, header: readonly string[]): string {
  const doc = YAML.parseDocument(originalText, { uniqueKeys: true });
  for (const p of TUNED_FIELDS) {
    const b = get(tuned, p);
    if (b !== undefined && get(original, p) !== b) doc.setIn(p, b);
  }
  const before = doc.commentBefore ? `\n${doc.commentBefore}` : '';
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n') + before;
  return doc.toString({ lineWidth: 0 });
}

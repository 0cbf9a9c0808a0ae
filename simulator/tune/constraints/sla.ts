import { formatMs } from '../../cost/format';
import type { ConstraintRule } from './rule';

/** The scenario's SLA on the projected runtime at p95; for the single node the message names the task start, which no size shortens. */
export const slaRule: ConstraintRule = {
  kind: 'sla',
  words: 'the SLA',
  limitText: (l) => `${formatMs(l.slaMs)} at p95`,
  describe: (l) => `the SLA (${formatMs(l.slaMs)} at p95)`,
  closest(points, l) {
    const p = points.reduce((a, b) => (b.runtimeP95Ms < a.runtimeP95Ms ? b : a));
    const start = p.startupP95Ms !== undefined ? `, ${formatMs(p.startupP95Ms)} of it the Fargate task start` : '';
    return `the fastest, ${p.label}, takes ${formatMs(p.runtimeP95Ms)} at p95${start} (SLA ${formatMs(l.slaMs)})`;
  },
  check(f, l) {
    if (f.runtimeP95Ms <= l.slaMs) return null;
    const start = f.startupP95Ms !== undefined ? ` (the Fargate task start alone is ${formatMs(f.startupP95Ms)})` : '';
    return `p95 runtime ${formatMs(f.runtimeP95Ms)} > SLA ${formatMs(l.slaMs)}${start}`;
  },
};

import { formatMs, formatMsBand } from '../../report/format';
import { p95Ms, pointOf, RUNTIME_POINT } from '../../tune/runtime-p95';
import { designFacts, designsOf, result, type Gate } from './gate';

/**
 * Projected AWS runtime per design, read at the point tune/runtime-p95.ts names, against
 * --max-runtime-minutes, gates.maxRuntimeMinutes or the SLA. Projected, never measured: emulator wall
 * time says nothing about AWS latency.
 */
export const runtimeGate: Gate = {
  id: 'runtime',
  title: 'p95 runtime',
  heading: 'p95 runtime (projected on AWS)',
  description: `Each design’s projected AWS runtime (${RUNTIME_POINT.label}) at most --max-runtime-minutes, gates.maxRuntimeMinutes or sla.deadlineMinutes.`,
  evaluate({ config, candidate, baseline }) {
    const limitMs = config.maxRuntimeMinutes.value * 60_000;
    const limit = `${formatMs(limitMs)} (${config.maxRuntimeMinutes.from})`;
    return designsOf(candidate).map((design) => {
      const r = designFacts(candidate, design)!.runtime;
      if (!r) return result(this, { design, status: 'skip', value: 'no projection', limit, reason: 'no projected runtime (the results file has none: run `scalesim run` without --no-validate, or check the scenario)' });
      const ms = p95Ms(r);
      const value = `${formatMs(ms)} projected (${pointOf(r).short}; band ${formatMsBand(r.midMs, r.lowMs, r.highMs)}${r.configuration ? `; ${r.configuration}` : ''}${r.infeasible ? `; infeasible: ${r.infeasible}` : ''}${r.resized ? `; ${r.resized}` : ''})`;
      const before = designFacts(baseline, design)?.runtime;
      return result(this, {
        design,
        status: ms > limitMs || r.infeasible || r.resized ? 'fail' : 'pass',
        value,
        limit,
        ...(before ? { baseline: formatMs(p95Ms(before)) } : {}),
      });
    });
  },
};

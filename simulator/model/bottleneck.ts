import type { DesignName } from '../../lib/workload/contract';
import type { Bottleneck, DesignResult } from '../results/design';

/** Thresholds for naming a bottleneck; each rule cites the share it looks at. */
const BOTTLENECK_RULES = {
  /** Throttled attempts as a share of all task attempts. */
  throttleShare: 0.1,
  /** Init time as a share of billed Lambda time. */
  coldStartShare: 0.3,
  /** Slowest partition over the median partition. */
  stragglerRatio: 2.5,
  /** ...and the slowest partition at least this share of the execution wall (else it does not set the run's time). */
  stragglerWallShare: 0.3,
  /** Time outside the work as a share of the execution wall. */
  orchestrationShare: 0.5,
  /** Below this share of CPU in stage wall time (and with no more workers than cores), the run waits on I/O. */
  ioShare: 0.5,
} as const;

/**
 * Names what limits one design's run, with the numbers that show it and the lever that moves it. Pure:
 * reads only the measured design result. Rules are checked from the most to the least specific.
 */
export interface BottleneckContext {
  /** Workers that ran at once on the emulator (task worker pool, or Lambdas in flight). */
  readonly workers: number;
  /** Emulator CPU cores. */
  readonly cpus: number;
}

type Rule = (design: DesignName, r: DesignResult, ctx: BottleneckContext | undefined) => Bottleneck | undefined;

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

export function classifyBottleneck(design: DesignName, r: DesignResult, ctx?: BottleneckContext): Bottleneck {
  for (const rule of RULES) {
    const found = rule(design, r, ctx);
    if (found) return found;
  }
  return cpuBound(design, r, ctx);
}

const throttleBound: Rule = (_design, r) => {
  const inv = r.profile.invocations;
  const attempts = inv ? inv.count + inv.throttled : 0;
  if (!(inv && attempts > 0 && inv.throttled / attempts >= BOTTLENECK_RULES.throttleShare)) return undefined;
  return {
    kind: 'throttle-bound',
    evidence: `${inv.throttled} of ${attempts} invoke attempts were throttled (${pct(inv.throttled / attempts)}); ${r.orchestration.retries} retries`,
    lever: 'raise reserved concurrency to at least the Map MaxConcurrency, or lower MaxConcurrency to the reserved value',
    projectedEffect: `removes ${inv.throttled} retry waits (each ≥ 1 s of backoff) from the critical path`,
  };
};

const coldStartBound: Rule = (_design, r) => {
  const inv = r.profile.invocations;
  if (!(inv && inv.billedMsSum > 0 && inv.initMs.sum / inv.billedMsSum >= BOTTLENECK_RULES.coldStartShare)) return undefined;
  return {
    kind: 'cold-start-bound',
    evidence: `init ${inv.initMs.sum.toFixed(0)} ms of ${inv.billedMsSum} billed ms (${pct(inv.initMs.sum / inv.billedMsSum)}); ${inv.cold} cold starts in ${inv.count} invocations`,
    lever: 'batch more partitions per invocation (partitionsPerInvocation) so each cold start is amortized over more work',
    projectedEffect: `doubling partitions per invocation halves cold starts to about ${Math.ceil(inv.cold / 2)}`,
  };
};

const skewBound: Rule = (design, r) => {
  const s = r.profile.stragglers;
  const wall = r.runtime.measured.wallMs;
  if (!(design === 'distributed' && s.medianMs > 0 && s.ratio >= BOTTLENECK_RULES.stragglerRatio && s.maxMs >= BOTTLENECK_RULES.stragglerWallShare * wall)) return undefined;
  return {
    kind: 'skew-bound',
    evidence: `slowest partition ${s.maxMs.toFixed(0)} ms vs median ${s.medianMs.toFixed(0)} ms (${s.ratio.toFixed(1)}×): ${s.slowest.join(', ')}`,
    lever: 'rebalance: split hot partitions (e.g. by dataset and hour) so no partition is more than about 2× the median',
    projectedEffect: `wall time falls toward the median partition's ${s.medianMs.toFixed(0)} ms per wave instead of ${s.maxMs.toFixed(0)} ms`,
  };
};

const orchestrationBound: Rule = (design, r) => {
  const wall = r.runtime.measured.wallMs;
  const o = r.orchestration;
  if (!(wall > 0 && o.overheadMs / wall >= BOTTLENECK_RULES.orchestrationShare)) return undefined;
  const single = design === 'single-node';
  return {
    kind: 'orchestration-bound',
    evidence: `${o.overheadMs.toFixed(0)} ms of ${wall.toFixed(0)} ms wall (${pct(o.overheadMs / wall)}) is outside the work: ${o.transitions} state transitions${single ? ', task start and polling' : ''}`,
    lever: single ? 'amortize the task start over more data per run (the start is a fixed cost)' : 'batch partitions per invocation to cut iterations and transitions',
    projectedEffect: single ? 'fixed start cost becomes a smaller share as volume grows' : `halving iterations removes about ${Math.round(o.transitions / 2)} transitions`,
  };
};

/** Stage wall and CPU summed over the run's stages, and CPU's share of the wall. */
function stageUse(r: DesignResult): { wallTotal: number; cpuTotal: number; util: number } {
  const stages = Object.values(r.profile.stages);
  const wallTotal = stages.reduce((n, x) => n + x.wallMs, 0);
  const cpuTotal = stages.reduce((n, x) => n + x.cpuMs, 0);
  return { wallTotal, cpuTotal, util: wallTotal > 0 ? cpuTotal / wallTotal : 1 };
}

/**
 * More workers than emulator cores: stage wall time includes waiting for a core, which is not I/O
 * and does not happen on AWS, where each Lambda has its own CPU share. CPU time is what transfers.
 */
function oversubscribed(ctx: BottleneckContext | undefined): ctx is BottleneckContext {
  return ctx !== undefined && ctx.workers > ctx.cpus;
}

const ioBound: Rule = (_design, r, ctx) => {
  const { wallTotal, cpuTotal, util } = stageUse(r);
  if (!(wallTotal > 0 && util < BOTTLENECK_RULES.ioShare && !oversubscribed(ctx))) return undefined;
  const st = r.profile.stages;
  const io = (st.read?.wallMs ?? 0) + (st.decompress?.wallMs ?? 0) + (st.write?.wallMs ?? 0);
  return {
    kind: 'io-bound',
    evidence: `stage CPU is only ${pct(util)} of stage wall time (${cpuTotal.toFixed(0)} of ${wallTotal.toFixed(0)} ms); read + decompress + write take ${pct(io / wallTotal)} of the wall`,
    lever: 'larger objects and parallel ranged GETs; keep compression (it trades I/O for CPU)',
    projectedEffect: 'I/O time scales with bytes, not events: halving bytes per event roughly halves it',
  };
};

/** From the most to the least specific; when none holds, the run is CPU-bound. */
const RULES: readonly Rule[] = [throttleBound, coldStartBound, skewBound, orchestrationBound, ioBound];

function cpuBound(design: DesignName, r: DesignResult, ctx: BottleneckContext | undefined): Bottleneck {
  const { wallTotal, cpuTotal, util } = stageUse(r);
  const top = Object.entries(r.profile.stages).sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, 2);
  const topText = top.map(([name, x]) => `${name} ${pct(cpuTotal > 0 ? x.cpuMs / cpuTotal : 0)}`).join(', ');
  return {
    kind: 'cpu-bound',
    evidence:
      `stage CPU ${cpuTotal.toFixed(0)} ms, led by ${topText}` +
      (oversubscribed(ctx) ? `; ${ctx.workers} workers on ${ctx.cpus} emulator cores, so wall time (${wallTotal.toFixed(0)} ms summed) is mostly waiting for a core` : `; CPU is ${pct(util)} of stage wall time`),
    lever:
      design === 'single-node'
        ? `more vCPUs (the worker pool is sized to them); the ${top[0]?.[0] ?? 'top'} stage is the first place to optimize`
        : `more partitions for more parallel workers; memory above 1,769 MB does not speed up a single-threaded handler; optimize the ${top[0]?.[0] ?? 'top'} stage first`,
    projectedEffect:
      design === 'single-node' ? 'doubling vCPUs roughly halves the compute part of the wall time' : 'doubling partitions at fixed concurrency headroom roughly halves per-invocation time',
  };
}

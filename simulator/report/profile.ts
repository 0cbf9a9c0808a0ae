import type { DesignName } from '../../lib/workload/contract';
import { STAGES } from '../../lib/workload/profile';
import type { DesignResult } from '../results/design';
import type { Results } from '../results/results';

/**
 * `scalesim profile`: where each design's time went, in a terminal-friendly text. Pure: renders from
 * results.json. Every figure here is *measured* on the emulator.
 */
export function renderProfile(r: Results): string {
  const out: string[] = [`Profile of ${r.scenario.name} (${r.workload.events.toLocaleString('en-US')} events, ${r.workload.partitions} partitions); all figures measured on ${r.environment.emulator.name}.`];
  for (const design of ['single-node', 'distributed'] as const) {
    const d = r.designs[design];
    if (d) out.push('', ...designProfile(design, d));
  }
  return out.join('\n') + '\n';
}

function designProfile(design: DesignName, d: DesignResult): string[] {
  const wall = d.runtime.measured.wallMs;
  const lines = [`${design}: ${ms(wall)} wall, ${ms(d.runtime.measured.cpuMs)} worker CPU, execution ${d.executionStatus}`];
  if (d.bottleneck) {
    lines.push(`  bottleneck: ${d.bottleneck.kind.toUpperCase()}: ${d.bottleneck.evidence}`);
    lines.push(`  lever: ${d.bottleneck.lever}; projected effect: ${d.bottleneck.projectedEffect}`);
  }
  const total = STAGES.reduce((n, s) => n + (d.profile.stages[s]?.wallMs ?? 0), 0);
  lines.push('  stage        wall ms     CPU ms        MB   share of stage time');
  for (const s of STAGES) {
    const t = d.profile.stages[s] ?? { wallMs: 0, cpuMs: 0, bytes: 0 };
    const share = total > 0 ? t.wallMs / total : 0;
    lines.push(`  ${s.padEnd(10)} ${fmt(t.wallMs).padStart(9)} ${fmt(t.cpuMs).padStart(10)} ${fmt(t.bytes / 1e6).padStart(9)}   ${bar(share)} ${(share * 100).toFixed(0)}%`);
  }
  const o = d.orchestration;
  lines.push(`  orchestration: ${o.transitions} state transitions, ${o.retries} retries, ${o.caughtFailures} caught failures; ${ms(o.overheadMs)} of the wall (${pct(o.overheadMs, wall)}) outside the work`);
  const inv = d.profile.invocations;
  if (inv) {
    lines.push(`  cold starts: ${inv.cold} of ${inv.count} invocations, init p50 ${ms(inv.initMs.p50)} (${pct(inv.initMs.sum, inv.billedMsSum)} of billed ms); throttled ${inv.throttled}`);
    lines.push(`  invocations: duration p50 ${ms(inv.durationMs.p50)}, p95 ${ms(inv.durationMs.p95)}, max ${ms(inv.durationMs.max)}; max memory ${inv.maxMemoryUsedMb} of ${inv.memorySizeMb} MB`);
  }
  const st = d.profile.stragglers;
  lines.push(`  stragglers: slowest partition ${ms(st.maxMs)} vs median ${ms(st.medianMs)} (${st.ratio.toFixed(2)}×): ${st.slowest.join(', ') || 'n/a'}`);
  lines.push(`  critical path: ${criticalPath(design, d)}`);
  return lines;
}

/** The longest chain of dependent work: the task itself, or the slowest partition plus orchestration. */
function criticalPath(design: DesignName, d: DesignResult): string {
  const o = d.orchestration;
  if (design === 'single-node') {
    const task = (d.usage?.fargate?.taskSeconds ?? []).reduce((a, b) => a + b, 0) * 1000;
    return `state machine → task start → ${d.usage?.fargate?.taskSeconds.length ?? 0} task attempt(s), ${ms(task)} → done; the worker pool's slowest worker sets the task's end`;
  }
  const slowest = d.profile.stragglers.slowest[0] ?? 'n/a';
  return `Map dispatch → slowest iteration (${slowest}, ${ms(d.profile.stragglers.maxMs)} of processing) → Map end; ${o.mapIterations} iterations share ${o.retries ? `${o.retries} retries and ` : ''}the concurrency cap`;
}

function ms(v: number): string {
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v).toLocaleString('en-US')} ms`;
}

function fmt(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(0)}%` : 'n/a';
}

function bar(share: number): string {
  const n = Math.round(share * 20);
  return '█'.repeat(n) + '·'.repeat(20 - n);
}

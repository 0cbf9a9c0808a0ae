import type { Scenario } from '../scenario/schema';

/**
 * The limits one check enforces. Each comes from, in order: the command-line flag, the scenario's
 * `gates:` section, or the scenario's own budget and SLA (a scenario with no `gates:` section is checked
 * against what it already promises). `from` names the source, so every message can say where its limit
 * came from.
 */

export interface GateFlags {
  /** `--max-monthly-usd`. */
  readonly maxMonthlyUsd?: number;
  /** `--max-runtime-minutes`. */
  readonly maxRuntimeMinutes?: number;
  /** `--no-new-access` (false: gate on) or `--new-access` (true: allow new access). */
  readonly newAccess?: boolean;
  /** `--no-new-findings` / `--new-findings`. */
  readonly newFindings?: boolean;
  /** `--no-unpriced` / `--unpriced`. */
  readonly unpriced?: boolean;
}

export interface Limit {
  readonly value: number;
  readonly from: string;
}

export interface Switch {
  readonly on: boolean;
  readonly from: string;
  /** Asked for on the command line: a missing input it needs (a baseline) is a usage error, not a skip. */
  readonly explicit: boolean;
}

export interface GateConfig {
  readonly maxMonthlyUsd: Limit;
  readonly maxRuntimeMinutes: Limit;
  readonly noNewAccess: Switch;
  readonly noNewFindings: Switch;
  readonly noUnpriced: Switch;
  readonly accounting: Switch;
}

export function resolveGates(scenario: Scenario, flags: GateFlags = {}): GateConfig {
  const g = scenario.gates;
  const limit = (flag: number | undefined, flagName: string, field: number | undefined, fieldName: string, fallback: number, fallbackName: string): Limit =>
    flag !== undefined ? { value: flag, from: flagName } : field !== undefined ? { value: field, from: `gates.${fieldName}` } : { value: fallback, from: fallbackName };
  const toggle = (allow: boolean | undefined, flagName: string, field: boolean | undefined, fieldName: string): Switch =>
    allow !== undefined
      ? { on: !allow, from: allow ? `--${flagName}` : `--no-${flagName}`, explicit: !allow }
      : field !== undefined
        ? { on: field, from: `gates.${fieldName}`, explicit: false }
        : { on: true, from: 'default', explicit: false };
  return {
    maxMonthlyUsd: limit(flags.maxMonthlyUsd, '--max-monthly-usd', g?.maxMonthlyUsd, 'maxMonthlyUsd', scenario.budget.perMonthUsd, 'budget.perMonthUsd'),
    maxRuntimeMinutes: limit(flags.maxRuntimeMinutes, '--max-runtime-minutes', g?.maxRuntimeMinutes, 'maxRuntimeMinutes', scenario.sla.deadlineMinutes, 'sla.deadlineMinutes'),
    noNewAccess: toggle(flags.newAccess, 'new-access', g?.noNewAccess, 'noNewAccess'),
    noNewFindings: toggle(flags.newFindings, 'new-findings', g?.noNewFindings, 'noNewFindings'),
    noUnpriced: toggle(flags.unpriced, 'unpriced', g?.noUnpriced, 'noUnpriced'),
    accounting: g ? { on: g.accounting, from: 'gates.accounting', explicit: false } : { on: true, from: 'default', explicit: false },
  };
}

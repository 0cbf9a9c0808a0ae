import { UserError } from '../errors';
import { formatIssues } from '../zod-issues';
import { Scenario, scenarioSchema } from './schema';

/** The workload overrides the CLI takes (`--events`, `--partitions`). */
export interface WorkloadOverrides {
  readonly events?: number;
  readonly partitions?: number;
}

/**
 * The scenario with `--events` / `--partitions` applied, validated again as a whole: an override must
 * obey the same rules as the file (the caps, partitions ≤ events, a crash index below the partition
 * count, an inline Map that fits its history), or the command stops here, before any work, naming the
 * flag. Map batching is clamped as runs always did: fewer partitions than a batch means one batch.
 */
export function withWorkloadOverrides(s: Scenario, o: WorkloadOverrides): Scenario {
  if (o.events === undefined && o.partitions === undefined) return s;
  const workload = { ...s.workload, ...(o.events !== undefined ? { events: o.events } : {}), ...(o.partitions !== undefined ? { partitions: o.partitions } : {}) };
  const ppi = Math.min(s.distributed.map.partitionsPerInvocation, workload.partitions);
  const next: Scenario = { ...s, workload, distributed: { ...s.distributed, map: { ...s.distributed.map, partitionsPerInvocation: ppi } } };
  const r = scenarioSchema.safeParse(next, { reportInput: true });
  if (!r.success) {
    const flags = [o.events !== undefined ? `--events ${o.events}` : '', o.partitions !== undefined ? `--partitions ${o.partitions}` : ''].filter(Boolean).join(' ');
    throw new UserError(`${flags}: the scenario ${s.name} with this override is not valid: ${formatIssues(r.error.issues, { root: scenarioSchema, unknownKeysHint: '(see README, "Scenario format")' })}`);
  }
  return r.data;
}

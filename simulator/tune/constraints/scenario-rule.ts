import { scenarioSchema } from '../../scenario/schema';
import type { ConstraintRule } from './rule';

/**
 * The scenario's own rules (simulator/scenario/schema.ts) on the configured scenario: a configuration
 * the scenario format refuses (e.g. a crash fault index no longer below the partition count, an inline
 * Map that would outgrow its execution history) cannot be written to tuned.yaml.
 */
export const scenarioRule: ConstraintRule = {
  kind: 'scenario-rule',
  describe: () => 'the scenario’s own rules',
  check(f) {
    const parsed = scenarioSchema.safeParse(f.scenario);
    if (parsed.success) return null;
    const issue = parsed.error.issues[0]!;
    return `${issue.path.map(String).join('.') || 'scenario'}: ${issue.message}`;
  },
};

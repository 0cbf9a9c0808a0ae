import { scenarioSchema } from '../../scenario/schema';
import { formatIssues } from '../../zod-issues';
import type { ConstraintRule } from './rule';

/**
 * The scenario's own rules (simulator/scenario/schema.ts) on the configured scenario: a configuration
 * the scenario format refuses (e.g. a crash fault index no longer below the partition count, an inline
 * Map that would outgrow its execution history) cannot be written to tuned.yaml.
 */
export const scenarioRule: ConstraintRule = {
  kind: 'scenario-rule',
  words: 'the scenario’s rules',
  describe: () => 'the scenario’s own rules',
  check(f) {
    const parsed = scenarioSchema.safeParse(f.scenario, { reportInput: true });
    if (parsed.success) return null;
    return formatIssues(parsed.error.issues, { root: scenarioSchema, unknownKeysHint: '(see README, "Scenario format")', max: 1 });
  },
};

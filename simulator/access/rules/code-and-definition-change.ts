import { CODE_AND_DEFINITION_CHANGES } from './action-lists';
import { allowedMatching, finding, names, onStar, Rule } from './rule';

/** Changing function code, a state machine or a task definition means running your own code with the pipeline's roles. */
export const codeAndDefinitionChange: Rule = {
  id: 'code-and-definition-change',
  category: 'infrastructure-modification',
  description: 'Actions that change what the pipeline runs: lambda:UpdateFunctionCode, states:UpdateStateMachine, ecs:RegisterTaskDefinition, cloudformation:UpdateStack...',
  check(s, ctx) {
    const hits = allowedMatching(s, CODE_AND_DEFINITION_CHANGES);
    if (!hits.length) return [];
    const star = onStar(s);
    return [finding(this, s, ctx, star ? 'high' : 'medium', `can change what runs: ${names(hits).join(', ')}${star ? ' on *' : ''}`, names(hits))];
  },
};

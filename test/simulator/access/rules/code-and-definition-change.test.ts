import { codeAndDefinitionChange } from '../../../../simulator/access/rules/code-and-definition-change';
import { identity, run } from './rule-fixtures';

test('code-and-definition-change: what the pipeline runs', async () => {
  expect(run(codeAndDefinitionChange, await identity({ Action: ['lambda:UpdateFunctionCode', 'states:UpdateStateMachine', 'ecs:RegisterTaskDefinition'], Resource: '*' }))[0]).toMatchObject({
    severity: 'high',
    actions: ['ecs:RegisterTaskDefinition', 'lambda:UpdateFunctionCode', 'states:UpdateStateMachine'],
  });
  expect(run(codeAndDefinitionChange, await identity({ Action: 'lambda:UpdateFunctionCode', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } }))[0]!.severity).toBe('medium');
  expect(run(codeAndDefinitionChange, await identity({ Action: 'lambda:InvokeFunction', Resource: '*' }))).toEqual([]);
});

import { passRoleWildcard } from '../../../../simulator/access/rules/pass-role-wildcard';
import { identity, run } from './rule-fixtures';

test('pass-role-wildcard: iam:PassRole on * is high; on a named role it is nothing', async () => {
  expect(run(passRoleWildcard, await identity({ Action: 'iam:PassRole', Resource: '*' }))).toEqual([
    expect.objectContaining({ rule: 'pass-role-wildcard', category: 'privilege-escalation', severity: 'high', principal: 'WorkerRole', statement: 'P#0' }),
  ]);
  expect(run(passRoleWildcard, await identity({ Action: 'iam:*', Resource: 'arn:aws:iam::*:role/*' }))).toHaveLength(1);
  expect(run(passRoleWildcard, await identity({ Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } }))).toEqual([]);
  expect(run(passRoleWildcard, await identity({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }))).toEqual([]);
});

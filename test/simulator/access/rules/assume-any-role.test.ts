import { assumeAnyRole } from '../../../../simulator/access/rules/assume-any-role';
import { identity, run } from './rule-fixtures';

test('assume-any-role: sts:AssumeRole on a wildcard', async () => {
  expect(run(assumeAnyRole, await identity({ Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/*' }))).toHaveLength(1);
  expect(run(assumeAnyRole, await identity({ Action: 'sts:AssumeRole', Resource: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } }))).toEqual([]);
});

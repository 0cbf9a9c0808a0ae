import { iamPermissionsWrite } from '../../../../simulator/access/rules/iam-permissions-write';
import { identity, run } from './rule-fixtures';

test('iam-permissions-write: iam:Put*Policy and credential creation', async () => {
  const f = run(iamPermissionsWrite, await identity({ Action: ['iam:Put*Policy', 'iam:CreateAccessKey'], Resource: '*' }));
  expect(f).toHaveLength(1);
  expect(f[0]!.actions).toEqual(expect.arrayContaining(['iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:CreateAccessKey']));
  expect(run(iamPermissionsWrite, await identity({ Action: ['iam:GetRole', 'iam:ListRolePolicies'], Resource: '*' }))).toEqual([]);
});

import { policyWrite } from '../../../../simulator/access/rules/policy-write';
import { identity, run, rawArn } from './rule-fixtures';

test('policy-write: resource-policy and ACL writes, high on *', async () => {
  expect(run(policyWrite, await identity({ Action: ['s3:PutBucketPolicy', 's3:PutBucketAcl'], Resource: '*' }))[0]).toMatchObject({ severity: 'high', category: 'resource-exposure' });
  expect(run(policyWrite, await identity({ Action: 's3:PutBucketPolicy', Resource: rawArn }))[0]!.severity).toBe('medium');
  expect(run(policyWrite, await identity({ Action: 'iam:PutRolePolicy', Resource: '*' }))).toEqual([]);
});

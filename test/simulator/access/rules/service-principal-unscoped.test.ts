import { servicePrincipalUnscoped } from '../../../../simulator/access/rules/service-principal-unscoped';
import { designCtx, resourcePolicy, run } from './rule-fixtures';

test('service-principal-unscoped: a service principal without aws:SourceAccount/SourceArn', async () => {
  const bare = await resourcePolicy('Other', { Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' });
  expect(run(servicePrincipalUnscoped, bare, designCtx)[0]!.severity).toBe('low');
  const scoped = await resourcePolicy('Other', {
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
  });
  expect(run(servicePrincipalUnscoped, scoped, designCtx)).toEqual([]);
});

import { publicPrincipal } from '../../../../simulator/access/rules/public-principal';
import { designCtx, resourcePolicy, run } from './rule-fixtures';

test('public-principal: Principal "*" unless pinned by a source condition', async () => {
  expect(run(publicPrincipal, await resourcePolicy('Other', { Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }), designCtx)).toHaveLength(1);
  const pinned = await resourcePolicy('Other', { Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } });
  expect(run(publicPrincipal, pinned, designCtx)).toEqual([]);
});

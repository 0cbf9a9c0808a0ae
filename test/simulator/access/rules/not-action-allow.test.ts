import { notActionAllow } from '../../../../simulator/access/rules/not-action-allow';
import { identity, run, rawObjects } from './rule-fixtures';

test('not-action-allow: Allow with NotAction or NotResource', async () => {
  expect(run(notActionAllow, await identity({ NotAction: 'iam:*', Resource: '*' }))[0]!.message).toMatch(/every action except iam:\*/);
  expect(run(notActionAllow, await identity({ Action: 's3:GetObject', NotResource: rawObjects }))[0]!.message).toMatch(/every resource except/);
  expect(run(notActionAllow, await identity({ Action: 's3:GetObject', Resource: rawObjects }))).toEqual([]);
});

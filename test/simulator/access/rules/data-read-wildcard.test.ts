import { dataReadWildcard } from '../../../../simulator/access/rules/data-read-wildcard';
import { identity, run, rawObjects } from './rule-fixtures';

test('data-read-wildcard: s3:GetObject or kms:Decrypt beyond named resources', async () => {
  expect(run(dataReadWildcard, await identity({ Action: 's3:GetObject', Resource: '*' }))[0]).toMatchObject({ category: 'data-exfiltration', severity: 'high' });
  expect(run(dataReadWildcard, await identity({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' }))).toHaveLength(1);
  expect(run(dataReadWildcard, await identity({ Action: 'kms:Decrypt', Resource: '*' }))).toHaveLength(1);
  expect(run(dataReadWildcard, await identity({ Action: 's3:GetObject', Resource: rawObjects }))).toEqual([]);
  expect(run(dataReadWildcard, await identity({ Action: 's3:ListBucket', Resource: '*' }))).toEqual([]);
});

import { dataZoneExternalRead } from '../../../../simulator/access/rules/data-zone-external-read';
import { designCtx, resourcePolicy, run, rawObjects } from './rule-fixtures';

test('data-zone-external-read: a zone bucket policy that lets the public or another account read', async () => {
  const pub = await resourcePolicy('PlatformZonesRaw3116F729', { Principal: '*', Action: 's3:GetObject', Resource: rawObjects });
  expect(run(dataZoneExternalRead, pub, designCtx)[0]!.message).toMatch(/the raw zone's bucket policy lets \* read/);
  const other = await resourcePolicy('PlatformZonesRaw3116F729', { Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 's3:GetObject', Resource: rawObjects });
  expect(run(dataZoneExternalRead, other, designCtx)).toHaveLength(1);
  const own = await resourcePolicy('PlatformZonesRaw3116F729', { Principal: { AWS: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } }, Action: 's3:GetObject', Resource: rawObjects });
  expect(run(dataZoneExternalRead, own, designCtx)).toEqual([]);
  const notZone = await resourcePolicy('Other', { Principal: '*', Action: 's3:GetObject', Resource: '*' });
  expect(run(dataZoneExternalRead, notZone, designCtx)).toEqual([]);
});

import { actionMatches, classifyAction, expandActions, primaryLevel } from '../../../simulator/access/actions';

describe('action expansion and classification', () => {
  it('expands wildcards with iam-expand and classifies with iam-data', async () => {
    const got = await expandActions(['s3:GetObject*']);
    expect(got.map((a) => a.action)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging']));
    expect(got.find((a) => a.action === 's3:GetObject')).toMatchObject({ action: 's3:GetObject', level: 'Read', resourceTypes: expect.arrayContaining(['object']) });
    expect(got.every((a) => a.action.toLowerCase().startsWith('s3:getobject'))).toBe(true);
  });

  it('counts a multi-level action under its most sensitive level', async () => {
    expect((await classifyAction('s3:PutBucketPolicy')).level).toBe('Permissions management');
    expect((await classifyAction('s3:PutBucketTagging')).level).toBe('Tagging');
    expect((await classifyAction('iam:PassRole')).level).toBe('Write');
    expect((await classifyAction('s3:ListBucket')).level).toBe('List');
    expect(primaryLevel('Permissions management, Write')).toBe('Permissions management');
    expect(primaryLevel('Tagging, Write')).toBe('Tagging');
    expect(primaryLevel('Something else')).toBe('Unknown');
  });

  it('keeps an action the reference does not know, as Unknown, rather than dropping it', async () => {
    expect(await expandActions(['s3:NoSuchAction'])).toEqual([{ action: 's3:NoSuchAction', level: 'Unknown', resourceTypes: [] }]);
    expect((await classifyAction('nonsense')).level).toBe('Unknown');
  });

  it('normalizes capitalization and de-duplicates', async () => {
    expect((await expandActions(['S3:getobject', 's3:GetObject'])).map((a) => a.action)).toEqual(['s3:GetObject']);
  });

  it('matches action patterns case-insensitively', () => {
    expect(actionMatches('iam:Put*Policy', 'iam:PutRolePolicy')).toBe(true);
    expect(actionMatches('IAM:PASSROLE', 'iam:PassRole')).toBe(true);
    expect(actionMatches('iam:Pass?ole', 'iam:PassRoles')).toBe(false);
  });
});

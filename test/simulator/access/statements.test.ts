import { analyzeTemplate } from '../../../simulator/access/analyze';
import { CfnResolver } from '../../../simulator/access/cfn';
import { collectStatements, isOtherAccount } from '../../../simulator/access/statements';
import { CfnTemplate } from '../../../simulator/assembly/template';

const trust = { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const template: CfnTemplate = {
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket' },
    Worker: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust,
        Policies: [{ PolicyName: 'own', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } }],
        ManagedPolicyArns: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] },
          { Ref: 'Managed' },
          'arn:aws:iam::111122223333:policy/elsewhere',
        ],
      },
    },
    Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] } } },
    Inline: {
      Type: 'AWS::IAM::Policy',
      Properties: { PolicyName: 'x', Roles: [{ Ref: 'Worker' }], Groups: ['admins'], PolicyDocument: { Statement: { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' } } },
    },
    BucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Bucket' },
        PolicyDocument: {
          Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Worker', 'Arn'] } }, Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] } }],
        },
      },
    },
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Worker', 'Arn'] } }, Action: 'kms:Decrypt', Resource: '*' }] } },
    },
    Fn: { Type: 'AWS::Lambda::Function' },
    Perm: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Fn' }, Principal: 'events.amazonaws.com' } },
  },
};

describe('collecting statements per principal', () => {
  it('gathers role Policies, AWS::IAM::Policy by Roles, in-template managed policies, and flags the rest', () => {
    const c = collectStatements(template, new CfnResolver(template));
    const worker = c.principals.find((p) => p.logicalId === 'Worker')!;
    expect(worker.identity.map((s) => s.source).sort()).toEqual(['inline-policy', 'managed-policy', 'role-policies']);
    expect(worker.trust).toEqual([{ type: 'Service', value: 'lambda.amazonaws.com', refs: [] }]);
    expect(worker.managedPolicies).toEqual([
      { arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', awsManaged: true, expanded: false },
      { arn: 'arn:aws:iam::{AccountId}:policy/{Managed}', awsManaged: false, expanded: true },
      { arn: 'arn:aws:iam::111122223333:policy/elsewhere', awsManaged: false, expanded: false },
    ]);
    expect(worker.unanalysed).toEqual([
      'AWS-managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole is not in the template and cannot be expanded offline; its actions are not counted',
      'managed policy arn:aws:iam::111122223333:policy/elsewhere is defined outside this template; its actions are not counted',
    ]);
    expect(c.unanalysed).toEqual(['Inline is attached to IAM groups, which this analysis does not model']);
    expect(c.resourcePolicies.map((s) => `${s.policyLogicalId}->${s.resourceLogicalId}`)).toEqual(['BucketPolicy->Bucket', 'Key->Key', 'Perm->Fn']);
  });

  it('adds resource-policy grants that name the principal, and says what it could not see', async () => {
    const d = await analyzeTemplate(template, { design: 'distributed' });
    const worker = d.principals.find((p) => p.logicalId === 'Worker')!;
    const viaResource = worker.statements.filter((s) => s.source === 'resource-policy');
    expect(viaResource.map((s) => [s.policyLogicalId, s.resources.map((r) => r.pattern)])).toEqual([
      ['BucketPolicy', ['arn:aws:s3:::{Bucket}/*']],
      // In a key policy, Resource "*" means the key itself.
      ['Key', ['arn:aws:kms:us-east-1:{AccountId}:key/{Key}']],
    ]);
    expect(worker.actionsOnStar).toEqual(['s3:PutObject', 'sns:Publish', 'sqs:SendMessage']);
    expect(d.findings.filter((f) => f.category === 'coverage').map((f) => f.message)).toEqual(expect.arrayContaining([...worker.unanalysed, 'Inline is attached to IAM groups, which this analysis does not model']));
    // The Lambda permission becomes a one-statement resource policy; events.amazonaws.com without a source condition is flagged.
    expect(d.findings.find((f) => f.rule === 'service-principal-unscoped')!.message).toMatch(/Fn allows events\.amazonaws\.com/);
  });

  it('tells another account from the stack’s own', () => {
    expect(isOtherAccount('arn:aws:iam::999988887777:root')).toBe(true);
    expect(isOtherAccount('999988887777')).toBe(true);
    expect(isOtherAccount('arn:aws:iam::{AccountId}:root')).toBe(false);
    expect(isOtherAccount('lambda.amazonaws.com')).toBe(false);
  });
});

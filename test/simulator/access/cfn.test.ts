import { CfnResolver, SELF_ACCOUNT } from '../../../simulator/access/cfn';
import { CfnTemplate } from '../../../simulator/assembly/template';

const template: CfnTemplate = {
  Resources: {
    Raw: { Type: 'AWS::S3::Bucket' },
    Role: { Type: 'AWS::IAM::Role' },
    Sm: { Type: 'AWS::StepFunctions::StateMachine' },
    Task: { Type: 'AWS::ECS::TaskDefinition' },
    Thing: { Type: 'AWS::Custom::Thing' },
  },
  Parameters: { Env: { Type: 'String' } },
  Mappings: { Regions: { 'us-east-1': { Ami: 'ami-123' } } },
};
const r = new CfnResolver(template, { region: 'eu-west-1' });

describe('CfnResolver', () => {
  it('renders Ref and Fn::GetAtt as the ARN format of the type, around a {LogicalId} placeholder', () => {
    expect(r.render({ Ref: 'Raw' })).toEqual({ text: '{Raw}', refs: ['Raw'], exact: true });
    expect(r.render({ 'Fn::GetAtt': ['Raw', 'Arn'] }).text).toBe('arn:aws:s3:::{Raw}');
    expect(r.render({ 'Fn::GetAtt': 'Role.Arn' }).text).toBe(`arn:aws:iam::${SELF_ACCOUNT}:role/{Role}`);
    expect(r.render({ Ref: 'Sm' }).text).toBe(`arn:aws:states:eu-west-1:${SELF_ACCOUNT}:stateMachine:{Sm}`);
    expect(r.render({ 'Fn::GetAtt': ['Sm', 'Name'] }).text).toBe('{Sm}');
    expect(r.render({ 'Fn::GetAtt': ['Thing', 'Endpoint'] }).text).toBe('{Thing.Endpoint}');
    expect(r.render({ Ref: 'Env' }).text).toBe('{Env}');
  });

  it('renders pseudo parameters, Fn::Join and Fn::Sub (bindings, attributes, ${!literal})', () => {
    expect(r.render({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Raw', 'Arn'] }, '/*']] }).text).toBe('arn:aws:s3:::{Raw}/*');
    expect(r.render({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'x', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }]] }).text).toBe(
      `arn:aws:x:eu-west-1:${SELF_ACCOUNT}`,
    );
    expect(r.render({ 'Fn::Sub': '${Raw.Arn}/${Prefix}/*' }).exact).toBe(false);
    expect(r.render({ 'Fn::Sub': ['${Raw.Arn}/${Prefix}/*', { Prefix: 'in' }] }).text).toBe('arn:aws:s3:::{Raw}/in/*');
    expect(r.render({ 'Fn::Sub': 'cdk-${AWS::AccountId}-${!Literal}' }).text).toBe(`cdk-${SELF_ACCOUNT}-\${Literal}`);
  });

  it('evaluates Fn::Select over Fn::Split, as CDK writes task-definition ARNs', () => {
    const split = (i: number) => ({ 'Fn::Select': [i, { 'Fn::Split': [':', { Ref: 'Task' }] }] });
    const expr = { 'Fn::Join': ['', ['arn:', split(1), ':', split(2), ':', split(5), ':*']] };
    expect(r.render(expr)).toEqual({ text: `arn:aws:ecs:task-definition/{Task}:*`, refs: ['Task'], exact: true });
  });

  it('looks values up with Fn::FindInMap', () => {
    expect(r.render({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Ami'] }).exact).toBe(false);
    expect(r.render({ 'Fn::FindInMap': ['Regions', 'us-east-1', 'Ami'] }).text).toBe('ami-123');
  });

  it('marks what it cannot evaluate offline as inexact, with a {?…} placeholder', () => {
    expect(r.render({ 'Fn::If': ['Cond', 'a', 'b'] })).toEqual({ text: '{?If}', refs: [], exact: false });
    expect(r.render({ 'Fn::ImportValue': 'x' }).exact).toBe(false);
    expect(r.render({ Ref: 'Missing' }).text).toBe('{?Ref Missing}');
  });

  it('renders lists element by element and drops AWS::NoValue', () => {
    expect(r.renderList(['*', { Ref: 'Raw' }, { Ref: 'AWS::NoValue' }]).map((x) => x.text)).toEqual(['*', '{Raw}']);
    expect(r.renderList({ 'Fn::Split': [',', 'a,b'] }).map((x) => x.text)).toEqual(['a', 'b']);
    expect(r.renderList(undefined)).toEqual([]);
  });

  it('renders conditions deeply, keeping their structure', () => {
    expect(r.renderDeep({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, Bool: { x: ['true'] } })).toEqual({
      StringEquals: { 'aws:SourceAccount': SELF_ACCOUNT },
      Bool: { x: ['true'] },
    });
  });

  it('names the logical id a direct reference points at', () => {
    expect(CfnResolver.targetOf({ Ref: 'Raw' })).toBe('Raw');
    expect(CfnResolver.targetOf({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('Role');
    expect(CfnResolver.targetOf({ 'Fn::GetAtt': 'Role.Arn' })).toBe('Role');
    expect(CfnResolver.targetOf('literal')).toBeUndefined();
    expect(CfnResolver.targetOf({ 'Fn::Join': ['', []] })).toBeUndefined();
  });
});

import { CfnResolver } from '../../../../simulator/access/cfn';
import { platformMap } from '../../../../simulator/access/platform';
import type { Rule, RuleContext } from '../../../../simulator/access/rules';
import { analyzeStatement } from '../../../../simulator/access/statements';
import type { CfnTemplate, CfnValue } from '../../../../simulator/assembly/template';
import type { AnalyzedStatement, Finding } from '../../../../simulator/results/access';

/** What every IAM risk rule test checks statements against: a raw zone bucket, another bucket, a role and a function. */
const template: CfnTemplate = {
  Resources: {
    PlatformZonesRaw3116F729: { Type: 'AWS::S3::Bucket' },
    Other: { Type: 'AWS::S3::Bucket' },
    TaskRole: { Type: 'AWS::IAM::Role' },
    Fn: { Type: 'AWS::Lambda::Function' },
  },
};
const resolver = new CfnResolver(template);
/** An identity policy's context: a workload principal of the distributed design. */
const ctx: RuleContext = { design: 'distributed', principal: { logicalId: 'WorkerRole', kind: 'workload' }, platform: platformMap(template) };
/** A resource policy's context: no principal of ours. */
export const designCtx: RuleContext = { design: 'distributed', platform: platformMap(template) };

/** An Allow (unless `statement` says otherwise) of the inline identity policy P. */
export async function identity(statement: Record<string, CfnValue>): Promise<AnalyzedStatement> {
  return analyzeStatement({ id: 'P#0', source: 'inline-policy', policyLogicalId: 'P', statement: { Effect: 'Allow', ...statement } }, resolver);
}
/** An Allow (unless `statement` says otherwise) of the bucket policy BP on resource `on`. */
export async function resourcePolicy(on: string, statement: Record<string, CfnValue>): Promise<AnalyzedStatement> {
  return analyzeStatement({ id: 'BP#0', source: 'resource-policy', policyLogicalId: 'BP', resourceLogicalId: on, statement: { Effect: 'Allow', ...statement } }, resolver);
}
export const run = (rule: Rule, s: AnalyzedStatement, c: RuleContext = ctx): Finding[] => rule.check(s, c);
export const rawArn = { 'Fn::GetAtt': ['PlatformZonesRaw3116F729', 'Arn'] };
export const rawObjects = { 'Fn::Join': ['', [rawArn, '/*']] };

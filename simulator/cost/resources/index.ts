import { budgetRule, budgetsActionRule } from './aws-budgets-budget';
import { cloudwatchAlarmRule } from './aws-cloudwatch-alarm';
import { eipRule } from './aws-ec2-eip';
import { flowLogRule } from './aws-ec2-flowlog';
import { natGatewayRule } from './aws-ec2-natgateway';
import { vpcEndpointRule } from './aws-ec2-vpcendpoint';
import { ecsClusterRule } from './aws-ecs-cluster';
import { ecsTaskDefinitionRule } from './aws-ecs-taskdefinition';
import { kmsKeyRule } from './aws-kms-key';
import { lambdaFunctionRule } from './aws-lambda-function';
import { logGroupRule } from './aws-logs-loggroup';
import { s3BucketRule } from './aws-s3-bucket';
import { snsTopicRule } from './aws-sns-topic';
import { stateMachineRule } from './aws-stepfunctions-statemachine';
import { freeTypesRule } from './free';
import type { ResourceRule } from './rule';

export * from './rule';

/** Every pricing rule. Add a rule file and list it here; a type priced twice is an error (a test checks). */
export const RESOURCE_RULES: readonly ResourceRule[] = [
  vpcEndpointRule,
  natGatewayRule,
  eipRule,
  flowLogRule,
  kmsKeyRule,
  cloudwatchAlarmRule,
  budgetRule,
  budgetsActionRule,
  logGroupRule,
  s3BucketRule,
  snsTopicRule,
  ecsClusterRule,
  ecsTaskDefinitionRule,
  lambdaFunctionRule,
  stateMachineRule,
  freeTypesRule,
];

/** The rule for each CloudFormation type. */
export function ruleRegistry(rules: readonly ResourceRule[] = RESOURCE_RULES): ReadonlyMap<string, ResourceRule> {
  const out = new Map<string, ResourceRule>();
  for (const rule of rules) {
    for (const type of rule.types) {
      if (out.has(type)) throw new Error(`two pricing rules for ${type}`);
      out.set(type, rule);
    }
  }
  return out;
}

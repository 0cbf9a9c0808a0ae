import { CfnResource, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { rules } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * Actions that have no resource-level permissions (Service Authorization Reference), so `Resource: *`
 * is the only way to grant them. None of them reads or writes data.
 */
const RESOURCELESS_ACTIONS: readonly string[] = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'ecr:GetAuthorizationToken',
  'cloudwatch:GetMetricData',
  // EcsRunTask (.sync) polls and stops the task it started; task ARNs are not known in advance.
  'ecs:DescribeTasks',
  'ecs:StopTask',
  // Step Functions' own log delivery (vended logs) has no resource-level permissions.
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/** A wildcard finding we accept, and why. Anything not matched stays a synth error. */
export interface WildcardAllowance {
  readonly finding: RegExp;
  readonly reason: string;
}

const WILDCARD_ALLOWANCES: readonly WildcardAllowance[] = [
  {
    finding: /^Resource::<PlatformZones(Raw|Curated|Quarantine|Audit)[0-9A-F]{8}\.Arn>\/\*$/,
    reason:
      'Object-level grant inside one data-zone bucket. Keys are per run and partition, so the object ARN needs a wildcard; the actions are listed one by one.',
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:s3:::<PlatformZonesRaw[0-9A-F]{8}>\/\*$/,
    reason: 'The Distributed Map ItemReader reads the run’s items file from the raw zone; its key is per run.',
  },
  {
    finding: /^Resource::<Worker[0-9A-F]{8}\.Arn>:\*$/,
    reason: 'Invoking versions and aliases of this one worker function.',
  },
  {
    finding: /^Resource::arn:.*Task[0-9A-F]{8}.*:\*$/,
    reason: 'RunTask on revisions of this one task-definition family.',
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:states:[a-z0-9-]+:<AWS::AccountId>:execution:.*:\*$/,
    reason: 'Describe, stop and read the history of executions of this one state machine.',
  },
  {
    finding: /^Resource::<Platform\w+[0-9A-F]{8}\.Arn>:\*$/,
    reason: 'Log streams inside this one log group.',
  },
];

/**
 * Acknowledges the cdk-nag IAM5 findings that are deliberate, by pattern, with a reason. A finding
 * `Resource::*` is acknowledged only when every action granted on `*` is in RESOURCELESS_ACTIONS, so
 * widening a grant to a data action on `*` fails synth.
 */
export class AcknowledgeDeliberateWildcards implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy || node instanceof iam.CfnRole)) return;
    const result = rules.iam.IAMNoWildcardPermissions(node as CfnResource);
    if (!Array.isArray(result)) return;
    for (const finding of result as string[]) {
      const reason = this.reasonFor(node, finding);
      if (reason) Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
  }

  private reasonFor(node: iam.CfnPolicy | iam.CfnRole, finding: string): string | undefined {
    if (finding === 'Resource::*') {
      const actions = actionsOnStar(node);
      const data = actions.filter((a) => !RESOURCELESS_ACTIONS.includes(a));
      return data.length === 0
        ? `Only actions without resource-level permissions are granted on "*": ${actions.join(', ')}.`
        : undefined;
    }
    return WILDCARD_ALLOWANCES.find((a) => a.finding.test(finding))?.reason;
  }
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
}

/** Every action an Allow statement grants on Resource "*". */
function actionsOnStar(node: iam.CfnPolicy | iam.CfnRole): string[] {
  const stack = Stack.of(node);
  const docs: { Statement?: Statement[] }[] = [];
  if (node instanceof iam.CfnPolicy) docs.push(stack.resolve(node.policyDocument));
  else for (const p of (stack.resolve(node.policies) as { policyDocument: { Statement?: Statement[] } }[] | undefined) ?? []) docs.push(p.policyDocument);
  const out = new Set<string>();
  for (const doc of docs) {
    for (const s of doc.Statement ?? []) {
      if (s.Effect !== 'Allow') continue;
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      if (!resources.includes('*')) continue;
      for (const a of Array.isArray(s.Action) ? s.Action : [s.Action ?? '']) out.add(a);
    }
  }
  return [...out].sort();
}

import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ACCESS_MATRIX, Persona, PERSONAS, WORKLOAD_ZONE_ACTIONS, ZONE_ACTIONS, ZONES } from './access-matrix';
import { DataZones } from './data-zones';

export interface AccessModelProps {
  readonly zones: DataZones;
  /**
   * Who may assume the persona roles (an identity-center permission set role, a federation role...).
   * @default the account root, i.e. IAM policies in this account decide
   */
  readonly trustedPrincipal?: iam.IPrincipal;
  /**
   * Require MFA in the session that assumes a persona role. Humans use these roles.
   * @default true
   */
  readonly requireMfa?: boolean;
}

/**
 * One least-privilege role per stakeholder, generated from ACCESS_MATRIX, plus helpers that give the
 * workload roles exactly what the batch needs. Nothing here grants a data action on `Resource: *`.
 */
export class AccessModel extends Construct {
  public readonly roles: Readonly<Record<Persona, iam.Role>>;
  private readonly zones: DataZones;

  constructor(scope: Construct, id: string, props: AccessModelProps) {
    super(scope, id);
    this.zones = props.zones;
    const requireMfa = props.requireMfa ?? true;
    const trusted = props.trustedPrincipal ?? new iam.AccountRootPrincipal();
    const principal = requireMfa
      ? new iam.PrincipalWithConditions(trusted, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })
      : trusted;

    const roles = {} as Record<Persona, iam.Role>;
    for (const persona of PERSONAS) {
      const spec = ACCESS_MATRIX[persona];
      const role = new iam.Role(this, pascal(persona), {
        assumedBy: principal,
        description: `scalesim ${persona}: ${spec.purpose}`,
        maxSessionDuration: Duration.hours(1),
      });
      for (const zone of ZONES) {
        const level = spec.zones[zone];
        if (level !== 'none') props.zones.grant(role, zone, ZONE_ACTIONS[level]);
      }
      roles[persona] = role;
    }
    this.roles = roles;
  }

  /** The exact zone grants a batch worker (Lambda or Fargate task role) needs. */
  grantWorkload(grantee: iam.IGrantable): void {
    for (const zone of ZONES) this.zones.grant(grantee, zone, WORKLOAD_ZONE_ACTIONS[zone]);
  }

  /** Personas that operate pipelines may start, stop and inspect executions of this state machine. */
  grantPipelineOperation(stateMachine: sfn.StateMachine): void {
    for (const persona of PERSONAS) {
      if (!ACCESS_MATRIX[persona].operatePipelines) continue;
      const role = this.roles[persona];
      // Written out instead of grantRead(), which adds states:ListStateMachines/ListActivities on "*".
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'OperatePipeline',
          actions: ['states:StartExecution', 'states:DescribeStateMachine', 'states:ListExecutions'],
          resources: [stateMachine.stateMachineArn],
        }),
      );
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'InspectExecutions',
          actions: ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:StopExecution'],
          resources: [
            Stack.of(this).formatArn({
              service: 'states',
              resource: 'execution',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              resourceName: `${stateMachine.stateMachineName}:*`,
            }),
          ],
        }),
      );
    }
  }

  /** Personas that review IAM may read these roles and their policies, and nothing else in IAM. */
  grantIamReview(reviewed: readonly iam.IRole[]): void {
    const arns = [...reviewed, ...PERSONAS.map((p) => this.roles[p])].map((r) => r.roleArn);
    for (const persona of PERSONAS) {
      if (!ACCESS_MATRIX[persona].reviewIam) continue;
      this.roles[persona].addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ReviewStackRoles',
          actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies'],
          resources: arns,
        }),
      );
    }
  }

  /** Personas that watch cost may read this budget and these alarms. */
  grantCostSignals(budgetArn: string, alarmArns: readonly string[]): void {
    for (const persona of PERSONAS) {
      if (!ACCESS_MATRIX[persona].viewCostSignals) continue;
      const role = this.roles[persona];
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ViewBudget', actions: ['budgets:ViewBudget'], resources: [budgetArn] }));
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'ReadAlarms', actions: ['cloudwatch:DescribeAlarms'], resources: [...alarmArns] }),
      );
      // GetMetricData has no resource-level permissions (Service Authorization Reference), so it needs
      // `*`; it reads metrics, never data.
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadMetrics', actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    }
  }
}

function pascal(kebab: string): string {
  return kebab
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

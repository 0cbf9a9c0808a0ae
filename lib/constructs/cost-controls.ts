import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** The tag the budget filters on; every resource in a design's stack carries it. */
export const DESIGN_TAG_KEY = 'scalesim:design';

export interface CostControlsProps {
  /** The design this stack implements; the budget filters on its tag. */
  readonly design: string;
  /** Monthly budget in USD. */
  readonly monthlyBudgetUsd: number;
  /**
   * Percentage of the budget at which the actual-spend notification fires.
   * @default 80
   */
  readonly actualThresholdPercent?: number;
  /**
   * How long the stack's log groups keep events.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Budgets, alarms and log retention: the controls that keep a design's spend visible and bounded.
 * Concurrency caps and timeouts live on the resources they cap (the Map, the function, the state
 * machine); this construct holds what watches them.
 */
export class CostControls extends Construct {
  public readonly alertTopic: sns.Topic;
  public readonly budget: budgets.CfnBudget;
  public readonly alarms: cloudwatch.Alarm[] = [];
  private readonly logRetention: logs.RetentionDays;

  constructor(scope: Construct, id: string, props: CostControlsProps) {
    super(scope, id);
    if (!(props.monthlyBudgetUsd > 0)) {
      throw new Error(`CostControls: monthlyBudgetUsd must be > 0, got ${props.monthlyBudgetUsd}`);
    }
    const threshold = props.actualThresholdPercent ?? 80;
    if (!(threshold > 0 && threshold <= 1000)) {
      throw new Error(`CostControls: actualThresholdPercent must be in (0, 1000], got ${threshold}`);
    }
    this.logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    // Budgets and CloudWatch must be able to use the key to publish to an encrypted topic; the
    // AWS-managed SNS key does not allow them, so the topic gets its own key.
    const key = new kms.Key(this, 'AlertKey', { enableKeyRotation: true, description: 'Encrypts the cost and failure alert topic' });
    for (const service of ['budgets.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          principals: [new iam.ServicePrincipal(service)],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
    }
    this.alertTopic = new sns.Topic(this, 'Alerts', { masterKey: key, enforceSSL: true });
    this.alertTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'BudgetsPublish',
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        resources: [this.alertTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );

    const subscriber = { subscriptionType: 'SNS', address: this.alertTopic.topicArn };
    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: this.budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyBudgetUsd, unit: 'USD' },
        costFilters: { TagKeyValue: [`user:${DESIGN_TAG_KEY}$${props.design}`] },
      },
      notificationsWithSubscribers: [
        {
          notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
          subscribers: [subscriber],
        },
        {
          notification: { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE' },
          subscribers: [subscriber],
        },
      ],
    });
  }

  /**
   * Budget and alarm names derive from the stack name, so IAM can name them without referencing the
   * resources (two stacks never collide, and the policy does not depend on resource attributes that
   * some emulators cannot resolve).
   */
  get budgetName(): string {
    return `${Stack.of(this).stackName}-monthly`;
  }

  /** ARN of the budget, for IAM (budgets:ViewBudget). */
  get budgetArn(): string {
    return Stack.of(this).formatArn({ service: 'budgets', region: '', resource: 'budget', resourceName: this.budgetName });
  }

  /** ARNs of the alarms, built from their names. */
  get alarmArns(): string[] {
    return this.alarms.map((a) =>
      Stack.of(this).formatArn({ service: 'cloudwatch', resource: 'alarm', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: a.alarmName }),
    );
  }

  /** An explicit log group with retention (no logRetention custom resource). */
  logGroup(id: string): logs.LogGroup {
    return new logs.LogGroup(this, id, { retention: this.logRetention });
  }

  /** Alarm when an execution fails or times out. */
  watchStateMachine(stateMachine: sfn.StateMachine): void {
    this.alarm('ExecutionsFailed', stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }), 'A batch execution failed');
    this.alarm('ExecutionsTimedOut', stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }), 'A batch execution hit its timeout');
  }

  /** Alarm on any metric with a Sum above zero over five minutes. */
  alarm(id: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      metric,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alertTopic));
    this.alarms.push(alarm);
    return alarm;
  }
}

import { App, Duration } from 'aws-cdk-lib';
import { resolveMapKind } from '../../lib/aws-limits';
import { DistributedBatchStack, type DistributedBatchStackProps } from '../../lib/stacks/distributed-stack';
import { SingleNodeBatchStack, type SingleNodeBatchStackProps } from '../../lib/stacks/single-node-stack';
import { singleNodeWorkers, type Scenario } from '../scenario/schema';

/**
 * A scenario as the two design stacks' props. The stacks (lib/stacks) know nothing of the scenario
 * format; this is where it is mapped onto them, for the CDK app (bin/app.ts) and the in-process synth.
 */

/** Stack ids are derived from the scenario name, so two scenarios deploy side by side. */
export function stackIds(scenario: Scenario): { singleNode: string; distributed: string } {
  return { singleNode: `scalesim-${scenario.name}-single-node`, distributed: `scalesim-${scenario.name}-distributed` };
}

export function singleNodeProps(scenario: Scenario): SingleNodeBatchStackProps {
  return {
    description: `scalesim single-node design for scenario ${scenario.name}: one Fargate task processes every partition`,
    env: { region: scenario.region },
    platform: { monthlyBudgetUsd: scenario.budget.perMonthUsd, outputCompression: scenario.workload.outputCompression },
    fargate: scenario.singleNode.fargate,
    timeout: Duration.minutes(scenario.singleNode.timeoutMinutes),
    crashAfterPartitions: scenario.faults.singleNode.crashAfterPartitions,
    workers: singleNodeWorkers(scenario.singleNode),
  };
}

export function distributedProps(scenario: Scenario): DistributedBatchStackProps {
  return {
    description: `scalesim distributed design for scenario ${scenario.name}: a Step Functions Map fans out to Lambda`,
    env: { region: scenario.region },
    platform: { monthlyBudgetUsd: scenario.budget.perMonthUsd, outputCompression: scenario.workload.outputCompression },
    lambda: scenario.distributed.lambda,
    maxConcurrency: scenario.distributed.map.maxConcurrency,
    mapKind: resolveMapKind(scenario),
    timeout: Duration.minutes(scenario.distributed.timeoutMinutes),
  };
}

/** Both design stacks for one scenario, added to an app. */
export function addDesignStacks(app: App, scenario: Scenario): { singleNode: SingleNodeBatchStack; distributed: DistributedBatchStack } {
  const ids = stackIds(scenario);
  return {
    singleNode: new SingleNodeBatchStack(app, ids.singleNode, singleNodeProps(scenario)),
    distributed: new DistributedBatchStack(app, ids.distributed, distributedProps(scenario)),
  };
}

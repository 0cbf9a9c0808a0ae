import { App, Duration } from 'aws-cdk-lib';
import { INLINE_MAP_MAX_CONCURRENCY, INLINE_MAP_MAX_ITEMS } from '../../simulator/scenario/aws-sizes';
import type { Scenario } from '../../simulator/scenario/schema';
import { DistributedBatchStack, DistributedBatchStackProps, MapKind } from './distributed-stack';
import { SingleNodeBatchStack, SingleNodeBatchStackProps } from './single-node-stack';

/** Stack ids are derived from the scenario name, so two scenarios deploy side by side. */
export function stackIds(scenario: Scenario): { singleNode: string; distributed: string } {
  return { singleNode: `scalesim-${scenario.name}-single-node`, distributed: `scalesim-${scenario.name}-distributed` };
}

/** Number of Map items: one per Lambda invocation. */
export function mapItemCount(scenario: Scenario): number {
  return Math.ceil(scenario.workload.partitions / scenario.distributed.map.partitionsPerInvocation);
}

/**
 * `auto` picks a Distributed Map when an inline Map would carry too many items for its execution
 * history, or when the requested concurrency is beyond what an inline Map reaches.
 */
export function resolveMapKind(scenario: Scenario): MapKind {
  const mode = scenario.distributed.map.mode;
  if (mode !== 'auto') return mode;
  return mapItemCount(scenario) > INLINE_MAP_MAX_ITEMS || scenario.distributed.map.maxConcurrency > INLINE_MAP_MAX_CONCURRENCY
    ? 'distributed'
    : 'inline';
}

export function singleNodeProps(scenario: Scenario): SingleNodeBatchStackProps {
  return {
    description: `scalesim single-node design for scenario ${scenario.name}: one Fargate task processes every partition`,
    env: { region: scenario.region },
    platform: { monthlyBudgetUsd: scenario.budget.perMonthUsd, outputCompression: scenario.workload.outputCompression },
    fargate: scenario.singleNode.fargate,
    timeout: Duration.minutes(scenario.singleNode.timeoutMinutes),
    crashAfterPartitions: scenario.faults.singleNode.crashAfterPartitions,
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

/** Both design stacks for one scenario, added to an app. The CDK app (bin/app.ts) and in-process synth share this. */
export function addDesignStacks(app: App, scenario: Scenario): { singleNode: SingleNodeBatchStack; distributed: DistributedBatchStack } {
  const ids = stackIds(scenario);
  return {
    singleNode: new SingleNodeBatchStack(app, ids.singleNode, singleNodeProps(scenario)),
    distributed: new DistributedBatchStack(app, ids.distributed, distributedProps(scenario)),
  };
}

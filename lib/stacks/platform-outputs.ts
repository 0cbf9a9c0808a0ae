import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { PERSONAS, ZONES } from '../constructs/access-matrix';
import { DataPlatform } from '../constructs/data-platform';
import { OUTPUT_KEYS } from '../workload/contract';

/** The stack outputs both designs share (names: OUTPUT_KEYS in lib/workload/contract.ts). */
export function addPlatformOutputs(stack: Stack, platform: DataPlatform, stateMachine: sfn.StateMachine): void {
  new CfnOutput(stack, OUTPUT_KEYS.stateMachineArn, { value: stateMachine.stateMachineArn });
  for (const zone of ZONES) {
    new CfnOutput(stack, OUTPUT_KEYS.bucket(zone), { value: platform.dataZones.buckets[zone].bucketName });
  }
  for (const persona of PERSONAS) {
    new CfnOutput(stack, OUTPUT_KEYS.personaRole(persona), { value: platform.accessModel.roles[persona].roleArn });
  }
  new CfnOutput(stack, OUTPUT_KEYS.alertTopicArn, { value: platform.costControls.alertTopic.topicArn });
}


import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { PERSONAS, ZONES } from '../constructs/access-matrix';
import { DataPlatform } from '../constructs/data-platform';

/**
 * Stack outputs both designs share. The simulator reads these names after deploy (see
 * simulator/deploy), so they are part of the contract: rename one and the deploy tests fail.
 */
export const OUTPUT_KEYS = {
  stateMachineArn: 'StateMachineArn',
  bucket: (zone: string) => `${zone[0].toUpperCase()}${zone.slice(1)}Bucket`,
  personaRole: (persona: string) => `Role${persona.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`,
  alertTopicArn: 'AlertTopicArn',
} as const;

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


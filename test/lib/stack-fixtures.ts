import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fs from 'fs';
import * as path from 'path';
import { DistributedBatchStack } from '../../lib/stacks/distributed-stack';
import { distributedProps, singleNodeProps, stackIds } from '../../simulator/deploy/stack-props';
import { SingleNodeBatchStack } from '../../lib/stacks/single-node-stack';
import { loadScenario } from '../../simulator/scenario/load';
import { Scenario } from '../../simulator/scenario/schema';

const SCENARIOS_DIR = path.join(__dirname, '..', '..', 'scenarios');

export function scenario(name = 'baseline', patch?: (s: Scenario) => Scenario): Scenario {
  const s = loadScenario(path.join(SCENARIOS_DIR, `${name}.yaml`)).scenario;
  return patch ? patch(structuredClone(s)) : s;
}

export interface Synthesized {
  readonly app: App;
  readonly singleNode: SingleNodeBatchStack;
  readonly distributed: DistributedBatchStack;
  readonly templates: { readonly singleNode: Template; readonly distributed: Template };
}

/** An App with the same feature flags `cdk synth` uses (cdk.json), so tests see what users deploy. */
export function testApp(): App {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return new App({ context: cdkJson.context });
}

export function synthScenario(s: Scenario): Synthesized {
  const app = testApp();
  const ids = stackIds(s);
  const singleNode = new SingleNodeBatchStack(app, ids.singleNode, singleNodeProps(s));
  const distributed = new DistributedBatchStack(app, ids.distributed, distributedProps(s));
  return {
    app,
    singleNode,
    distributed,
    templates: { singleNode: Template.fromStack(singleNode), distributed: Template.fromStack(distributed) },
  };
}

export function resourcesOf(t: Template, type: string): Record<string, { Properties?: Record<string, unknown> }> {
  return t.findResources(type) as Record<string, { Properties?: Record<string, unknown> }>;
}

/** Resolves the state machine's DefinitionString (an Fn::Join) into ASL with tokens left as markers. */
export function stateMachineDefinition(t: Template): Record<string, unknown> {
  const sms = resourcesOf(t, 'AWS::StepFunctions::StateMachine');
  const [sm] = Object.values(sms);
  const def = sm.Properties!.DefinitionString as { 'Fn::Join': [string, unknown[]] } | string;
  // Tokens (Ref, GetAtt) sit inside string literals whose quotes are in the neighbouring fragments.
  const text = typeof def === 'string' ? def : def['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return JSON.parse(text) as Record<string, unknown>;
}

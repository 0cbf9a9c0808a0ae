#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addDesignStacks } from '../simulator/deploy/stack-props';
import { isUserError } from '../simulator/errors';
import { DEFAULT_SCENARIO_FILE, loadScenario } from '../simulator/scenario/load';

const app = new App();
const file = (app.node.tryGetContext('scenario') as string | undefined) ?? DEFAULT_SCENARIO_FILE;
let scenario;
try {
  scenario = loadScenario(file).scenario;
} catch (e) {
  if (!isUserError(e)) throw e;
  process.stderr.write(`scalesim: ${e.message}\n`);
  process.exit(2);
}
addDesignStacks(app, scenario);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();

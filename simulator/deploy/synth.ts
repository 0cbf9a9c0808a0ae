import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addDesignStacks } from './stack-props';
import type { Scenario } from '../scenario/schema';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/**
 * Synthesizes both design stacks for a scenario into `outdir`, in-process, with the same feature flags
 * (cdk.json) and the same cdk-nag pack as `npx cdk synth`. Returns the assembly directory.
 */
export function synthesize(scenario: Scenario, outdir: string): string {
  const context = (JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, context });
  addDesignStacks(app, scenario);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app.synth().directory;
}

import { GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { AwsTarget } from '../deploy/aws-clients';
import { clientConfig } from '../emulator/client-config';

/** The environment variable that marks which execution a worker's environments belong to. */
const COLD_START_MARK = 'SCALESIM_EXECUTION';

/**
 * Makes the next invocations of `functionName` start cold, as they do on AWS when a run comes along
 * after the last one's environments were reclaimed: a configuration change retires every warm
 * execution environment (on AWS and in the scalesim gateway alike). Runs of several volumes on one
 * deployed stack then each pay their own cold starts instead of inheriting the previous run's warm
 * environments, which would make the first volume look slower than the line through the others.
 */
export async function retireWarmEnvironments(target: AwsTarget, functionName: string, mark: string, signal?: AbortSignal): Promise<void> {
  const lambda = new LambdaClient({ ...clientConfig(target), maxAttempts: 5 });
  try {
    const cur = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }), { abortSignal: signal });
    const variables = { ...(cur.Environment?.Variables ?? {}), [COLD_START_MARK]: mark };
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: variables } }), { abortSignal: signal });
    // AWS applies a configuration update asynchronously; invoking before it is done would hit the old one.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }), { abortSignal: signal });
      if (c.LastUpdateStatus === undefined || c.LastUpdateStatus === 'Successful') return;
      if (c.LastUpdateStatus === 'Failed') throw new Error(`updating ${functionName} failed: ${c.LastUpdateStatusReason ?? 'no reason given'}`);
      if (Date.now() > deadline) throw new Error(`${functionName} still ${c.LastUpdateStatus} after 120 s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    lambda.destroy();
  }
}

import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineOutput,
  ListTagsForResourceCommand,
  SFNClient,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { EmulatorCredentials } from '../types';

/** What moto executes: Lambda runs in the gateway (`use_docker: false` keeps moto from trying Docker). */
function motoConfig(executeStateMachines: boolean): Record<string, unknown> {
  return { stepfunctions: { execute_state_machine: executeStateMachines }, lambda: { use_docker: false } };
}

/** POST /moto-api/config. moto's execution engine is opt-in (`stepfunctions.execute_state_machine`, off by default). */
export async function setMotoExecution(baseUrl: string, executeStateMachines: boolean): Promise<void> {
  const res = await fetch(`${baseUrl}/moto-api/config`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(motoConfig(executeStateMachines)),
  });
  if (!res.ok) throw new Error(`moto refused its config (HTTP ${res.status}): ${await res.text()}`);
}

/**
 * moto 5.2.1 (issue text in UPSTREAM.md, "sfn-cloudformation-backend"): resources CloudFormation creates land in moto's non-executing Step Functions
 * backend (`stepfunctions_backends`), while StartExecution with `execute_state_machine` on reads the
 * executing one (`stepfunctions_parser_backends`); moto 5.2.1 `stepfunctions/responses.py get_backend`.
 * So: switch execution off, read each state machine, switch it on, and re-create each with the same
 * name, definition, role, type, logging and tags. The ARN is derived from the name, so it is unchanged.
 * Remove when moto's CloudFormation StateMachine resource creates in the backend that executes.
 *
 * Not safe while executions run: the config switch is global to the moto process.
 */
export async function reregisterStateMachines(
  baseUrl: string,
  region: string,
  credentials: EmulatorCredentials,
  arns: readonly string[],
): Promise<readonly string[]> {
  if (arns.length === 0) return arns;
  const sfn = new SFNClient({ region, credentials: { ...credentials }, endpoint: baseUrl, maxAttempts: 2 });
  try {
    await setMotoExecution(baseUrl, false);
    const found: Array<{ sm: DescribeStateMachineOutput; tags: Array<{ key?: string; value?: string }> }> = [];
    const notInCfnBackend: string[] = [];
    try {
      for (const arn of arns) {
        let sm: DescribeStateMachineOutput;
        try {
          sm = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
        } catch (e) {
          if ((e as Error).name !== 'StateMachineDoesNotExist') throw e;
          notInCfnBackend.push(arn);
          continue;
        }
        const tags = (await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })).catch(() => ({ tags: [] }))).tags ?? [];
        found.push({ sm, tags });
      }
    } finally {
      await setMotoExecution(baseUrl, true);
    }
    const out = new Map<string, string>();
    // Created through the API with execution on: already where it executes (this throws if it is nowhere).
    for (const arn of notInCfnBackend) {
      await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      out.set(arn, arn);
    }
    for (const { sm, tags } of found) {
      try {
        const created = await sfn.send(
          new CreateStateMachineCommand({
            name: sm.name!,
            definition: sm.definition!,
            roleArn: sm.roleArn!,
            ...(sm.type ? { type: sm.type } : {}),
            ...(sm.loggingConfiguration ? { loggingConfiguration: sm.loggingConfiguration } : {}),
            ...(sm.tracingConfiguration ? { tracingConfiguration: sm.tracingConfiguration } : {}),
            ...(tags.length ? { tags } : {}),
          }),
        );
        out.set(sm.stateMachineArn!, created.stateMachineArn!);
      } catch (e) {
        if ((e as Error).name !== 'StateMachineAlreadyExists') throw e;
        // Already re-registered (prepareStateMachines called twice): bring the definition up to date.
        await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: sm.stateMachineArn!, definition: sm.definition!, roleArn: sm.roleArn! }));
        out.set(sm.stateMachineArn!, sm.stateMachineArn!);
      }
    }
    return arns.map((a) => out.get(a) ?? a);
  } finally {
    sfn.destroy();
  }
}

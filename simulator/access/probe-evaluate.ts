import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Decision } from '../results/access';

/**
 * Offline evaluation of one request with `@cloud-copilot/iam-simulate`, for the checks the emulator
 * does not enforce. The policies are the deployed ones (read back from the emulator), so this answers
 * "would AWS allow it under these exact policies", not "did the emulator allow it".
 */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: unknown;
}

export interface EvaluationRequest {
  /** The session ARN making the request (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`). */
  readonly principal: string;
  readonly accountId: string;
  readonly action: string;
  readonly resource: string;
  readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  readonly resourcePolicy?: PolicyDocument;
}

export type EvaluationOutcome = { readonly decision: Decision } | { readonly error: string };

export async function evaluateRequest(r: EvaluationRequest): Promise<EvaluationOutcome> {
  const result = await runSimulation(
    {
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.accountId },
        // The probe talks to the emulator over plain HTTP; in AWS the same call is made over TLS, and the
        // zones' TLS-only deny must not decide an evaluation meant to stand for AWS.
        contextVariables: { 'aws:SecureTransport': 'true' },
      },
      identityPolicies: r.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') return { error: result.errors.message };
  return { decision: result.overallResult === 'Allowed' ? 'allow' : 'deny' };
}

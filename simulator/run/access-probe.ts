import { createProbeAdmin, PROBE_ADMIN_UNAUTHENTICATED_CALLS } from '../access/probe-admin';
import { probeAccess, probeTargetsFromOutputs } from '../access/probe';
import { awsClients } from '../deploy/aws-clients';
import { deployStack } from '../deploy/deploy';
import { startMoto } from '../emulator/moto/moto-process';
import type { ProbeResult } from '../results/access';
import { readAssembly } from '../assembly/read';

/**
 * The run-time access probe (issue 6): a moto of its own with IAM enforcement on
 * (INITIAL_NO_AUTH_ACTION_COUNT), because enforcement would break moto's Step Functions engine, which
 * signs its calls with fixed test credentials. The single-node stack is deployed from the same cloud
 * assembly through CloudFormation: the persona roles and zone buckets are the shared data platform,
 * identical in both designs, and this stack needs no Lambda asset. Then every persona is probed.
 */
export async function runAccessProbe(assemblyDir: string, region: string, o: { signal?: AbortSignal; log?: (line: string) => void } = {}): Promise<ProbeResult> {
  const assembly = readAssembly(assemblyDir);
  // No gateway: nothing here executes state machines, so moto's callback port is never used.
  const moto = await startMoto({ gatewayPort: 1, signal: o.signal, env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: String(PROBE_ADMIN_UNAUTHENTICATED_CALLS) } });
  try {
    const endpoint = moto.url;
    const admin = await createProbeAdmin({ endpoint, region });
    const target = { endpoint, region, credentials: admin.credentials };
    const clients = awsClients(target);
    try {
      o.log?.(`access probe: deploying ${assembly['single-node'].stackName} to an IAM-enforcing moto`);
      const deployed = await deployStack(target, clients, assembly['single-node'], { seedBootstrap: true, signal: o.signal });
      o.log?.('access probe: assuming each persona role and trying allowed and forbidden actions per zone');
      return await probeAccess({ endpoint, region, adminCredentials: admin.credentials, ...probeTargetsFromOutputs(deployed.outputs) });
    } finally {
      clients.destroy();
    }
  } finally {
    await moto.stop();
  }
}

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DesignName, ExecutionInput, KEYS, RunManifest, WorkerEvent } from '../../lib/workload/contract';
import type { AwsClients } from '../deploy/aws-clients';
import type { DeployedDesign } from '../deploy/deploy';
import type { Scenario } from '../scenario/schema';

export interface DesignRunContext {
  readonly runId: string;
  readonly deployed: DeployedDesign;
  readonly manifest: RunManifest;
  readonly scenario: Scenario;
  readonly clients: AwsClients;
  readonly signal?: AbortSignal;
}

/** How to start one design's state machine. One entry per design (STYLE.md rule 8). */
export interface DesignRunner {
  executionInput(ctx: DesignRunContext): Promise<ExecutionInput>;
}

/** Splits the run's partitions into Lambda batches of `size`, in manifest order. */
function batchPartitions(runId: string, manifest: RunManifest, size: number): WorkerEvent[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be an integer >= 1, got ${size}`);
  const items: WorkerEvent[] = [];
  for (let i = 0; i < manifest.partitions.length; i += size) {
    items.push({ runId, partitions: manifest.partitions.slice(i, i + size).map((p) => p.key) });
  }
  return items;
}

export const DESIGN_RUNNERS: Readonly<Record<DesignName, DesignRunner>> = {
  'single-node': {
    // The task lists the run's partitions from the manifest itself.
    executionInput: async (ctx) => ({ runId: ctx.runId }),
  },
  distributed: {
    async executionInput(ctx) {
      const items = batchPartitions(ctx.runId, ctx.manifest, ctx.scenario.distributed.map.partitionsPerInvocation);
      if (ctx.deployed.mapKind !== 'distributed') return { runId: ctx.runId, items };
      // A Distributed Map reads its items from S3, so the execution input stays small at any scale.
      const itemsKey = KEYS.items(ctx.runId);
      await ctx.clients.s3.send(
        new PutObjectCommand({ Bucket: ctx.deployed.buckets.raw, Key: itemsKey, Body: JSON.stringify(items), ContentType: 'application/json' }),
        { abortSignal: ctx.signal },
      );
      return { runId: ctx.runId, itemsKey };
    },
  },
};

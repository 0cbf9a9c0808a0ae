import * as fs from 'fs';
import * as path from 'path';
import {
  CloudFormationServiceException,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  Stack,
  StackResourceSummary,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { PERSONAS, Persona, ZONES, Zone } from '../../lib/constructs/access-matrix';
import { writeZip, ZipEntry } from '../emulator/zip';
import { TargetUnreachableError, UserError } from '../errors';
import { clientConfig } from '../emulator/client-config';
import { AwsClients, AwsTarget } from './aws-clients';
import { type DesignStack, type FileAsset, substitutePlaceholders } from '../assembly/read';
import { type DesignName, OUTPUT_KEYS } from '../../lib/workload/contract';
import { MAP_KINDS, type MapKind } from '../../lib/aws-limits';

/** A design stack after CreateStack: what run and collect need to drive and measure it. */
export interface DeployedDesign {
  readonly design: DesignName;
  readonly stackName: string;
  readonly stackId: string;
  readonly stateMachineArn: string;
  readonly buckets: Readonly<Record<Zone, string>>;
  readonly roles: Readonly<Record<Persona, string>>;
  /** Distributed design: the worker's function name. */
  readonly workerFunctionName?: string;
  /** Distributed design: `inline` or `distributed` Map. */
  readonly mapKind?: MapKind;
  /** Single-node design: the task's vCPU count. */
  readonly taskVcpu?: number;
  readonly outputs: Readonly<Record<string, string>>;
  readonly resources: readonly { readonly logicalId: string; readonly type: string; readonly physicalId?: string }[];
  /** Template resources the target did not create (e.g. moto has no CloudFormation model for them). */
  readonly notCreated: readonly { readonly logicalId: string; readonly type: string }[];
  /** Docker image assets recorded but not built or pushed. */
  readonly imagesNotBuilt: readonly string[];
  /** Wall time of publish + CreateStack + wait, ms (measured). */
  readonly deployMs: number;
}

export interface DeployOptions {
  /** Emulators get the bootstrap resources seeded; a real account must already be bootstrapped. */
  readonly seedBootstrap: boolean;
  /** Poll interval while waiting for the stack. @default 250 ms */
  readonly pollMs?: number;
  /** Give up after this long. @default 10 minutes */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

/**
 * Deploys one synthesized stack the way `cdk deploy` would: publish the file assets to the bootstrap
 * bucket, then CreateStack (UpdateStack if it exists) from the template asset, and wait. Resources are
 * never created by hand: what runs is what `cdk synth` produced.
 */
export async function deployStack(target: AwsTarget, clients: AwsClients, stack: DesignStack, opts: DeployOptions): Promise<DeployedDesign> {
  const now = opts.now ?? Date.now;
  const started = now();
  const account = await accountOf(target);
  const env = { account, region: target.region };

  await ensureBootstrap(clients, stack, env, opts.seedBootstrap);
  const templateUrl = await publishAssets(clients, stack, env, opts.signal);
  await createOrUpdateStack(clients, stack, templateUrl, opts.signal);
  const final = await waitForStack(clients, stack.stackName, opts, now);
  const outputs = Object.fromEntries((final.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const resources = await listResources(clients, stack.stackName);
  const created = new Set(resources.map((r) => r.LogicalResourceId));
  const notCreated = Object.entries(stack.template.Resources)
    .filter(([id]) => !created.has(id))
    .map(([logicalId, r]) => ({ logicalId, type: r.Type }));
  return {
    design: stack.design,
    stackName: stack.stackName,
    stackId: final.StackId ?? stack.stackName,
    ...designOutputs(stack.stackName, outputs),
    outputs,
    resources: resources.map((r) => ({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', physicalId: r.PhysicalResourceId })),
    notCreated,
    imagesNotBuilt: stack.imageAssets.map((i) => `${i.repositoryName}:${i.imageTag}`),
    deployMs: now() - started,
  };
}

/** Publishes the stack's file assets to the bootstrap bucket, as `cdk deploy` does; returns the template's URL. */
async function publishAssets(clients: AwsClients, stack: DesignStack, env: { account: string; region: string }, signal: AbortSignal | undefined): Promise<string> {
  let templateUrl: string | undefined;
  const templateName = path.basename(stack.templateFile);
  for (const asset of stack.fileAssets) {
    const bucket = substitutePlaceholders(asset.bucketName, env);
    const key = substitutePlaceholders(asset.objectKey, env);
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: packageAsset(asset) }), { abortSignal: signal });
    if (path.basename(asset.sourcePath) === templateName) templateUrl = `https://s3.${env.region}.amazonaws.com/${bucket}/${key}`;
  }
  if (!templateUrl) throw new Error(`asset manifest of ${stack.stackName} does not publish its template`);
  return templateUrl;
}

/** UpdateStack when the stack exists ("no updates" is not an error), else CreateStack (deleted again on failure). */
async function createOrUpdateStack(clients: AwsClients, stack: DesignStack, templateUrl: string, signal: AbortSignal | undefined): Promise<void> {
  const tags = Object.entries(stack.tags).map(([Key, Value]) => ({ Key, Value }));
  const existing = await describe(clients, stack.stackName);
  if (!existing || existing.StackStatus === 'DELETE_COMPLETE') {
    await clients.cloudformation.send(
      new CreateStackCommand({ StackName: stack.stackName, TemplateURL: templateUrl, Capabilities: [...CAPABILITIES], Tags: tags, OnFailure: 'DELETE' }),
      { abortSignal: signal },
    );
    return;
  }
  try {
    await clients.cloudformation.send(new UpdateStackCommand({ StackName: stack.stackName, TemplateURL: templateUrl, Capabilities: [...CAPABILITIES], Tags: tags }), { abortSignal: signal });
  } catch (e) {
    if (!(e instanceof CloudFormationServiceException && /No updates are to be performed/.test(e.message))) throw e;
  }
}

/** What run and collect read from the stack's outputs (OUTPUT_KEYS); a missing required one names the outputs there are. */
function designOutputs(stackName: string, outputs: Readonly<Record<string, string>>): Pick<DeployedDesign, 'stateMachineArn' | 'buckets' | 'roles' | 'workerFunctionName' | 'mapKind' | 'taskVcpu'> {
  const required = (key: string): string => {
    const v = outputs[key];
    if (!v) throw new Error(`stack ${stackName} has no output ${key}; outputs: ${Object.keys(outputs).join(', ')}`);
    return v;
  };
  return {
    stateMachineArn: required(OUTPUT_KEYS.stateMachineArn),
    buckets: Object.fromEntries(ZONES.map((z) => [z, required(OUTPUT_KEYS.bucket(z))])) as Record<Zone, string>,
    roles: Object.fromEntries(PERSONAS.map((p) => [p, required(OUTPUT_KEYS.personaRole(p))])) as Record<Persona, string>,
    workerFunctionName: outputs[OUTPUT_KEYS.workerFunctionName],
    mapKind: MAP_KINDS.find((k) => k === outputs[OUTPUT_KEYS.mapKind]),
    taskVcpu: outputs[OUTPUT_KEYS.taskVcpu] ? Number(outputs[OUTPUT_KEYS.taskVcpu]) : undefined,
  };
}

async function accountOf(target: AwsTarget): Promise<string> {
  const sts = new STSClient(clientConfig(target));
  try {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    if (!id.Account) throw new Error('GetCallerIdentity returned no account');
    return id.Account;
  } finally {
    sts.destroy();
  }
}

async function ensureBootstrap(clients: AwsClients, stack: DesignStack, env: { account: string; region: string }, seed: boolean): Promise<void> {
  let version: number | undefined;
  try {
    const p = await clients.ssm.send(new GetParameterCommand({ Name: stack.bootstrapVersionParameter }));
    version = Number(p.Parameter?.Value);
  } catch (e) {
    if ((e as { name?: string }).name !== 'ParameterNotFound') throw e;
  }
  if (version === undefined) {
    if (!seed) {
      throw new UserError(`account ${env.account} in ${env.region} is not CDK-bootstrapped: run \`npx cdk bootstrap aws://${env.account}/${env.region}\``);
    }
    // The template's CheckBootstrapVersion rule reads this parameter; without it CreateStack fails (moto: 500).
    await clients.ssm.send(new PutParameterCommand({ Name: stack.bootstrapVersionParameter, Value: '30', Type: 'String', Overwrite: true }));
  } else if (version < stack.requiresBootstrapVersion) {
    throw new UserError(`CDK bootstrap version ${version} in ${env.region} is older than the ${stack.requiresBootstrapVersion} this app needs: run \`npx cdk bootstrap\``);
  }
  const buckets = new Set(stack.fileAssets.map((a) => substitutePlaceholders(a.bucketName, env)));
  for (const bucket of buckets) {
    try {
      await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (e) {
      if (e instanceof TargetUnreachableError) throw e;
      if (!seed) throw new UserError(`the CDK asset bucket ${bucket} is missing: run \`npx cdk bootstrap\``);
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw e;
      await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
  }
}

/** A `zip` asset is a directory zipped with stable entry order; a `file` asset is uploaded as is. */
function packageAsset(asset: FileAsset): Buffer {
  if (asset.packaging === 'file') return fs.readFileSync(asset.sourcePath);
  const entries: ZipEntry[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else entries.push({ name: path.relative(asset.sourcePath, p).split(path.sep).join('/'), data: fs.readFileSync(p), mode: fs.statSync(p).mode & 0o777 });
    }
  };
  walk(asset.sourcePath);
  return writeZip(entries);
}

async function describe(clients: AwsClients, stackName: string): Promise<Stack | undefined> {
  try {
    const r = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    return r.Stacks?.[0];
  } catch (e) {
    if (e instanceof CloudFormationServiceException && /does not exist/.test(e.message)) return undefined;
    throw e;
  }
}

async function waitForStack(clients: AwsClients, stackName: string, opts: DeployOptions, now: () => number): Promise<Stack> {
  const deadline = now() + (opts.timeoutMs ?? 10 * 60_000);
  const poll = opts.pollMs ?? 250;
  for (;;) {
    opts.signal?.throwIfAborted();
    const s = await describe(clients, stackName);
    const status = s?.StackStatus ?? 'DELETE_COMPLETE';
    if (status.endsWith('_COMPLETE') && !status.includes('ROLLBACK') && status !== 'DELETE_COMPLETE') return s!;
    if (status.endsWith('_FAILED') || status.includes('ROLLBACK') || status === 'DELETE_COMPLETE') {
      throw new Error(`stack ${stackName} ended ${status}${s?.StackStatusReason ? `: ${s.StackStatusReason}` : ''}`);
    }
    if (now() > deadline) throw new Error(`stack ${stackName} still ${status} after ${Math.round((opts.timeoutMs ?? 600_000) / 1000)} s`);
    await new Promise((r) => setTimeout(r, poll));
  }
}

async function listResources(clients: AwsClients, stackName: string): Promise<StackResourceSummary[]> {
  const out: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const r = await clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    out.push(...(r.StackResourceSummaries ?? []));
    token = r.NextToken;
  } while (token);
  return out;
}

import * as fs from 'fs';
import * as path from 'path';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { AssetManifestArtifact, CloudAssembly, type CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { DESIGNS, type DesignName } from '../../lib/workload/contract';
import { UserError } from '../errors';
import type { CfnTemplate } from './template';

/**
 * The one reader of a cloud assembly (`cdk.out`), built on the CloudAssembly API that aws-cdk-lib
 * exports (`aws-cdk-lib/cx-api`): it validates the manifest and its schema version, finds the stack
 * artifacts, their templates, asset manifests and metadata. Deploy, access and cost read the two design
 * stacks through `readAssembly`.
 *
 * A design's stack is the stack artifact whose id ends in `-single-node` or `-distributed` (the ids
 * simulator/deploy/stack-props.ts gives them); an assembly must hold exactly one of each.
 */

/** A file asset and where `cdk deploy` would publish it (placeholders such as `${AWS::AccountId}` unresolved). */
export interface FileAsset {
  readonly id: string;
  /** Absolute path of the file or directory in the assembly. */
  readonly sourcePath: string;
  readonly packaging: 'zip' | 'file';
  readonly bucketName: string;
  readonly objectKey: string;
}

/** A Docker image asset: recorded, not built (no container engine is assumed). */
export interface ImageAsset {
  readonly id: string;
  readonly directory: string;
  readonly repositoryName: string;
  readonly imageTag: string;
}

/** One design's stack of a cloud assembly. */
export interface DesignStack {
  readonly design: DesignName;
  /** The artifact id; for these stacks also the CloudFormation stack name. */
  readonly stackId: string;
  readonly stackName: string;
  /** Absolute path of the template file. */
  readonly templateFile: string;
  readonly template: CfnTemplate;
  /**
   * The region the stack was synthesized for.
   * @default - environment-agnostic (`unknown-region`)
   */
  readonly region?: string;
  /** Each resource's construct path (`aws:cdk:path`, e.g. `scalesim-baseline-distributed/Worker/Resource`), by logical id. */
  readonly resourcePaths: Readonly<Record<string, string>>;
  /**
   * Each resource's `aws:cdk:creationStack` (the app's call stack when it created the construct, library
   * frames folded into `...X in aws-cdk-lib...`), by logical id; resources without one are absent.
   */
  readonly creationStacks: Readonly<Record<string, readonly string[]>>;
  readonly fileAssets: readonly FileAsset[];
  readonly imageAssets: readonly ImageAsset[];
  readonly tags: Readonly<Record<string, string>>;
  /** SSM parameter holding the bootstrap version the template's CheckBootstrapVersion rule reads. */
  readonly bootstrapVersionParameter: string;
  readonly requiresBootstrapVersion: number;
}

const SYNTH_HINT = 'run `npx cdk synth` first, or pass --assembly <dir>';
const DEFAULT_BOOTSTRAP_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
const DEFAULT_BOOTSTRAP_VERSION = 6;

/** Both design stacks of the cloud assembly in `dir`. Every problem is a one-line UserError that says what to do. */
export function readAssembly(dir: string): Record<DesignName, DesignStack> {
  const assembly = openAssembly(dir);
  const stacks = assembly.stacks;
  const out = {} as Record<DesignName, DesignStack>;
  for (const design of DESIGNS) {
    const matches = stacks.filter((s) => s.id.endsWith(`-${design}`));
    if (matches.length !== 1) {
      throw new UserError(
        `${path.join(dir, 'manifest.json')} has ${matches.length} stacks whose id ends in -${design} (stacks: ${stacks.map((s) => s.id).join(', ') || 'none'}); expected exactly one: run \`npx cdk synth\` for one scenario`,
      );
    }
    out[design] = designStack(design, matches[0]!);
  }
  return out;
}

function openAssembly(dir: string): CloudAssembly {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new UserError(`no cloud assembly at ${dir} (${manifestFile} does not exist): ${SYNTH_HINT}`);
  try {
    return new CloudAssembly(dir);
  } catch (e) {
    throw new UserError(`no usable cloud assembly at ${dir} (${manifestFile} cannot be read: ${firstLine(e)}): ${SYNTH_HINT}`);
  }
}

function designStack(design: DesignName, stack: CloudFormationStackArtifact): DesignStack {
  const region = stack.environment.region;
  return {
    design,
    stackId: stack.id,
    stackName: stack.stackName,
    templateFile: stack.templateFullPath,
    template: templateOf(design, stack),
    ...(region && region !== 'unknown-region' ? { region } : {}),
    ...metadataByLogicalId(stack),
    ...assetsOf(stack),
    tags: stack.tags,
    bootstrapVersionParameter: stack.bootstrapStackVersionSsmParameter ?? DEFAULT_BOOTSTRAP_PARAMETER,
    requiresBootstrapVersion: stack.requiresBootstrapStackVersion ?? DEFAULT_BOOTSTRAP_VERSION,
  };
}

/**
 * Construct path and creation stack of each logical id, from the stack's metadata (manifest.json and its
 * `additionalMetadataFile`, merged by the CloudAssembly API and read once here: the getter reads the file
 * on every call). A logical id and its creation stack are entries of the same construct path.
 */
function metadataByLogicalId(stack: CloudFormationStackArtifact): Pick<DesignStack, 'resourcePaths' | 'creationStacks'> {
  const resourcePaths: Record<string, string> = {};
  const creationStacks: Record<string, readonly string[]> = {};
  for (const [constructPath, entries] of Object.entries(stack.metadata)) {
    const logicalId = entries.find((e) => e.type === ArtifactMetadataEntryType.LOGICAL_ID)?.data;
    if (typeof logicalId !== 'string') continue;
    resourcePaths[logicalId] = constructPath.replace(/^\//, '');
    const frames = entries.find((e) => e.type === ArtifactMetadataEntryType.CREATION_STACK)?.data;
    if (Array.isArray(frames)) creationStacks[logicalId] = frames.filter((f): f is string => typeof f === 'string');
  }
  return { resourcePaths, creationStacks };
}

function templateOf(design: DesignName, stack: CloudFormationStackArtifact): CfnTemplate {
  let template: unknown;
  try {
    template = stack.template;
  } catch (e) {
    throw new UserError(`cannot read the ${design} template ${stack.templateFullPath}: ${firstLine(e)}; run \`npx cdk synth\` again`);
  }
  const resources = (template as { Resources?: unknown } | null)?.Resources;
  if (typeof resources !== 'object' || resources === null) {
    throw new UserError(`${stack.templateFullPath} is not a CloudFormation template (no Resources); run \`npx cdk synth\` again`);
  }
  return template as CfnTemplate;
}

function assetsOf(stack: CloudFormationStackArtifact): Pick<DesignStack, 'fileAssets' | 'imageAssets'> {
  const fileAssets: FileAsset[] = [];
  const imageAssets: ImageAsset[] = [];
  for (const manifest of stack.dependencies.filter(AssetManifestArtifact.isAssetManifestArtifact)) {
    const base = path.dirname(manifest.file);
    const contents = manifest.contents;
    for (const [id, f] of Object.entries(contents.files ?? {})) {
      for (const dest of Object.values(f.destinations)) {
        fileAssets.push({ id, sourcePath: path.join(base, f.source.path ?? ''), packaging: f.source.packaging ?? 'file', bucketName: dest.bucketName, objectKey: dest.objectKey });
      }
    }
    for (const [id, img] of Object.entries(contents.dockerImages ?? {})) {
      for (const dest of Object.values(img.destinations)) {
        imageAssets.push({ id, directory: path.join(base, img.source.directory ?? ''), repositoryName: dest.repositoryName, imageTag: dest.imageTag });
      }
    }
  }
  return { fileAssets, imageAssets };
}

/** Replaces the `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` placeholders of an asset destination. */
export function substitutePlaceholders(s: string, env: { account: string; region: string; partition?: string }): string {
  return s
    .replace(/\$\{AWS::AccountId\}/g, env.account)
    .replace(/\$\{AWS::Region\}/g, env.region)
    .replace(/\$\{AWS::Partition\}/g, env.partition ?? 'aws');
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
}

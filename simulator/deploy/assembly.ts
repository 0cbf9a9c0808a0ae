import * as fs from 'fs';
import * as path from 'path';
import { DESIGNS, DesignName } from '../../lib/workload/contract';
import { UserError } from '../errors';

/** One stack of a cloud assembly, as the deployer needs it. */
export interface AssemblyStack {
  readonly design: DesignName;
  readonly stackName: string;
  readonly templateFile: string;
  readonly template: CfnTemplate;
  readonly fileAssets: readonly FileAsset[];
  /** Docker image assets are recorded, not built: no container engine is assumed. */
  readonly imageAssets: readonly ImageAsset[];
  readonly tags: Readonly<Record<string, string>>;
  readonly bootstrapVersionParameter: string;
  readonly requiresBootstrapVersion: number;
}

export interface FileAsset {
  readonly id: string;
  readonly sourcePath: string;
  readonly packaging: 'zip' | 'file';
  readonly bucketName: string;
  readonly objectKey: string;
}

export interface ImageAsset {
  readonly id: string;
  readonly directory: string;
  readonly repositoryName: string;
  readonly imageTag: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, unknown>;
}

interface Manifest {
  artifacts?: Record<
    string,
    {
      type: string;
      properties?: {
        templateFile?: string;
        file?: string;
        tags?: Record<string, string>;
        requiresBootstrapStackVersion?: number;
        bootstrapStackVersionSsmParameter?: string;
      };
      dependencies?: string[];
      displayName?: string;
    }
  >;
}

interface AssetManifest {
  files?: Record<string, { source: { path: string; packaging?: 'zip' | 'file' }; destinations: Record<string, { bucketName: string; objectKey: string }> }>;
  dockerImages?: Record<string, { source: { directory: string }; destinations: Record<string, { repositoryName: string; imageTag: string }> }>;
}

/** Reads the two design stacks of a cloud assembly (`cdk.out`). */
export function readAssembly(dir: string): Record<DesignName, AssemblyStack> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new UserError(`no cloud assembly at ${dir}: run \`npx cdk synth\` first (or pass --assembly DIR)`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const artifacts = manifest.artifacts ?? {};
  const out: Partial<Record<DesignName, AssemblyStack>> = {};
  for (const [id, art] of Object.entries(artifacts)) {
    if (art.type !== 'aws:cloudformation:stack') continue;
    const design = DESIGNS.find((d) => id.endsWith(`-${d}`));
    if (!design) continue;
    if (out[design]) throw new UserError(`cloud assembly ${dir} has two ${design} stacks (${out[design]!.stackName}, ${id}); synthesize one scenario at a time`);
    const templateFile = path.join(dir, art.properties?.templateFile ?? `${id}.template.json`);
    const assetArtifact = (art.dependencies ?? []).map((d) => artifacts[d]).find((a) => a?.type === 'cdk:asset-manifest');
    const assets: AssetManifest = assetArtifact?.properties?.file
      ? (JSON.parse(fs.readFileSync(path.join(dir, assetArtifact.properties.file), 'utf8')) as AssetManifest)
      : {};
    const fileAssets: FileAsset[] = [];
    for (const [assetId, f] of Object.entries(assets.files ?? {})) {
      for (const dest of Object.values(f.destinations)) {
        fileAssets.push({ id: assetId, sourcePath: path.join(dir, f.source.path), packaging: f.source.packaging ?? 'file', bucketName: dest.bucketName, objectKey: dest.objectKey });
      }
    }
    const imageAssets: ImageAsset[] = [];
    for (const [assetId, img] of Object.entries(assets.dockerImages ?? {})) {
      for (const dest of Object.values(img.destinations)) {
        imageAssets.push({ id: assetId, directory: path.join(dir, img.source.directory), repositoryName: dest.repositoryName, imageTag: dest.imageTag });
      }
    }
    out[design] = {
      design,
      stackName: id,
      templateFile,
      template: JSON.parse(fs.readFileSync(templateFile, 'utf8')) as CfnTemplate,
      fileAssets,
      imageAssets,
      tags: art.properties?.tags ?? {},
      bootstrapVersionParameter: art.properties?.bootstrapStackVersionSsmParameter ?? '/cdk-bootstrap/hnb659fds/version',
      requiresBootstrapVersion: art.properties?.requiresBootstrapStackVersion ?? 6,
    };
  }
  for (const d of DESIGNS) {
    if (!out[d]) throw new UserError(`cloud assembly ${dir} has no ${d} stack; synthesize it with \`npx cdk synth\``);
  }
  return out as Record<DesignName, AssemblyStack>;
}

/** Replaces `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` placeholders of the asset manifest. */
export function substitutePlaceholders(s: string, env: { account: string; region: string; partition?: string }): string {
  return s
    .replace(/\$\{AWS::AccountId\}/g, env.account)
    .replace(/\$\{AWS::Region\}/g, env.region)
    .replace(/\$\{AWS::Partition\}/g, env.partition ?? 'aws');
}

import * as fs from 'fs';
import * as path from 'path';
import type { SourceLocation } from './report-schema';

/**
 * Where the CDK app created each resource, read from the cloud assembly's metadata.
 *
 * aws-cdk-lib 2.x records an `aws:cdk:creationStack` entry for every L1 resource (CfnElement) by
 * default: the call stack at creation, reduced to the app's own frames ("just my code"; library frames
 * are folded into `...X in aws-cdk-lib...`). The context key `aws:cdk:disable-creation-stack-traces`
 * turns it off, and `CDK_DEBUG=true` (or `cdk synth --debug`) turns it back on. It lands in the
 * assembly's metadata (manifest.json or `<stack>.metadata.json`), not in the template, next to the
 * `aws:cdk:logicalId` entry of the same construct path. The separate `aws:cdk:trace` of metadata entries
 * exists only with `--debug`/CDK_DEBUG and is not needed here.
 *
 * What it gives is where the resource was created: for an IAM policy, the first grant that created the
 * role's default policy, not the line that added a later statement (CDK records no per-statement trace).
 */

interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
}

interface Manifest {
  readonly artifacts?: Readonly<Record<string, { readonly metadata?: Record<string, MetadataEntry[]>; readonly additionalMetadataFile?: string }>>;
}

/** Logical id → source location, for one stack of an assembly. Missing metadata gives an empty map. */
export function readSourceLocations(assemblyDir: string, stackId: string, root: string): Map<string, SourceLocation> {
  const out = new Map<string, SourceLocation>();
  const manifest = readJson(path.join(assemblyDir, 'manifest.json')) as Manifest | undefined;
  const artifact = manifest?.artifacts?.[stackId];
  if (!artifact) return out;
  const metadata: Record<string, MetadataEntry[]> = { ...(artifact.metadata ?? {}) };
  if (artifact.additionalMetadataFile) Object.assign(metadata, readJson(path.join(assemblyDir, artifact.additionalMetadataFile)) ?? {});
  for (const entries of Object.values(metadata)) {
    if (!Array.isArray(entries)) continue;
    const logicalId = entries.find((e) => e.type === 'aws:cdk:logicalId' && typeof e.data === 'string')?.data as string | undefined;
    const stack = entries.find((e) => e.type === 'aws:cdk:creationStack' && Array.isArray(e.data))?.data as unknown[] | undefined;
    if (!logicalId || !stack) continue;
    const location = locationFromFrames(stack.filter((f): f is string => typeof f === 'string'), root);
    if (location) out.set(logicalId, location);
  }
  return out;
}

/** `fn (/abs/file.ts:12:5)` or `/abs/file.ts:12:5`; library summaries (`...X in aws-cdk-lib...`) do not parse. */
const FRAME = /^\s*(?:at\s+)?(?:(.*?)\s+\()?((?:[A-Za-z]:)?[^():]+):(\d+)(?::(\d+))?\)?\s*$/;

/**
 * The innermost frame of the app's own code, relative to `root`, with the user frames after it; undefined
 * when no frame is a file under `root` (outside node_modules).
 */
export function locationFromFrames(frames: readonly string[], root: string): SourceLocation | undefined {
  const user: { file: string; line: number; column?: number; text: string }[] = [];
  for (const frame of frames) {
    const m = FRAME.exec(frame);
    if (!m || frame.includes('...')) continue;
    const abs = m[2]!;
    if (!path.isAbsolute(abs) || abs.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const rel = path.relative(root, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const file = rel.split(path.sep).join('/');
    const line = Number(m[3]);
    const column = m[4] ? Number(m[4]) : undefined;
    user.push({ file, line, ...(column ? { column } : {}), text: `${m[1] ? `${m[1]} ` : ''}(${file}:${line}${column ? `:${column}` : ''})` });
  }
  const first = user[0];
  if (!first || !(first.line > 0)) return undefined;
  return { file: first.file, line: first.line, ...(first.column ? { column: first.column } : {}), frames: user.slice(0, 4).map((u) => u.text) };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

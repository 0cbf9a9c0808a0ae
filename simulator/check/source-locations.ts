import * as path from 'path';
import type { SourceLocation } from './report-schema';

/**
 * Where the CDK app created each resource, from the creation stacks that simulator/assembly/read.ts
 * reads out of the cloud assembly's metadata (`DesignStack.creationStacks`).
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

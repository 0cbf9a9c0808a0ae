import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ManifestPartition, RunManifest } from '../../lib/workload/contract';
import { ManifestError, parseManifest } from '../../lib/workload/run-manifest';
import { UserError } from '../errors';
import { describeErrno } from '../io/errno';
import { parseUserJson, readUserText } from '../io/read-user-file';

/**
 * A generated run folder (manifest.json + partitions/) checked against its own manifest before anything
 * uses it: `scalesim process` on a folder a user hands it, and `scalesim run` reusing the data cache.
 * The manifest must be well formed, list at least one partition, and its counts must be whole numbers
 * that add up to its total; every partition must be a regular file of the recorded size whose sha256 is
 * the recorded one. So an edited count, a truncated, corrupted or swapped partition, or a directory in
 * a partition's place is refused before processing, not discovered as a crash halfway or, worse, not
 * at all. (That each partition really holds its recorded number of lines is checked as the processor
 * reads it: see `countMismatches`.)
 */

/** Largest manifest read: about 1M partitions with their ground-truth counts. */
export const MAX_MANIFEST_BYTES = 1_000_000_000;

export interface VerifyOptions {
  /**
   * How messages name the folder.
   * @default - the path as given
   */
  readonly display?: string;
  readonly signal?: AbortSignal;
}

export async function verifyRunDirectory(dir: string, o: VerifyOptions = {}): Promise<RunManifest> {
  const display = o.display ?? dir;
  const manifestFile = path.join(dir, 'manifest.json');
  const shown = `${display}/manifest.json`.replace(/\/+/g, '/');
  const raw = parseUserJson(readUserText(manifestFile, { what: 'manifest', display: shown, maxBytes: MAX_MANIFEST_BYTES }), shown);
  let manifest: RunManifest;
  try {
    manifest = parseManifest(raw, shown).manifest;
  } catch (e) {
    if (e instanceof ManifestError) throw new UserError(e.message);
    throw e;
  }
  const bad = (msg: string): never => {
    throw new UserError(`${shown}: ${msg}; regenerate the folder with scalesim generate`);
  };
  if (manifest.partitions.length === 0) bad('lists no partitions, so there is nothing to process');
  let sum = 0;
  manifest.partitions.forEach((p: ManifestPartition, i: number) => {
    for (const k of ['events', 'bytes'] as const) {
      const v: unknown = p[k];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad(`partitions[${i}].${k}: expected a whole number >= 0, got ${JSON.stringify(v)}`);
    }
    if (typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256)) bad(`partitions[${i}].sha256: expected 64 hex digits, got ${JSON.stringify(p.sha256)?.slice(0, 70)}`);
    sum += p.events;
  });
  if (manifest.events !== undefined) {
    if (typeof manifest.events !== 'number' || !Number.isSafeInteger(manifest.events) || manifest.events < 0) bad(`events: expected a whole number >= 0, got ${JSON.stringify(manifest.events)}`);
    if (manifest.events !== sum) bad(`events says ${manifest.events} in total, but its partitions add up to ${sum}: the manifest was edited or is corrupt`);
  }
  for (const p of manifest.partitions) {
    o.signal?.throwIfAborted();
    await verifyPartition(path.join(dir, 'partitions', p.key), `${display}/partitions/${p.key}`.replace(/\/+/g, '/'), p, o.signal);
  }
  return manifest;
}

async function verifyPartition(file: string, shown: string, p: ManifestPartition, signal?: AbortSignal): Promise<void> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    throw new UserError(`${shown}: cannot read this partition of the manifest: ${describeErrno(e)}; regenerate the folder with scalesim generate`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new UserError(`${shown}: is not a regular file (the manifest lists it as a partition); regenerate the folder with scalesim generate`);
    if (st.size !== p.bytes) throw new UserError(`${shown}: is ${st.size} bytes, the manifest says ${p.bytes}: the file was changed, truncated or swapped; regenerate the folder with scalesim generate`);
    const hash = crypto.createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
    if (hash.digest('hex') !== p.sha256) throw new UserError(`${shown}: its sha256 is not the one in the manifest: the file was changed or swapped with another; regenerate the folder with scalesim generate`);
  } finally {
    await fh.close();
  }
}

/**
 * Partitions whose processed input differs from the manifest's line count (a manifest whose counts were
 * edited consistently passes verifyRunDirectory; the processor's own count catches it).
 */
export function countMismatches(manifest: RunManifest, outcomes: readonly { key: string; status: string; accounting?: { input: number } }[]): string[] {
  const expected = new Map(manifest.partitions.map((p) => [p.key, p.events]));
  return outcomes
    .filter((o) => o.status === 'ok' && o.accounting && o.accounting.input !== expected.get(o.key))
    .map((o) => `${o.key}: the manifest says ${expected.get(o.key)} events, the file holds ${o.accounting!.input}`);
}

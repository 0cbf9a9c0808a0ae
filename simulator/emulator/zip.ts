import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

/**
 * Lambda deployment packages: written with fflate (sync, in memory) and read with yauzl (zip64, data
 * descriptors, Unix modes). scalesim must not depend on a zip or unzip binary being installed.
 */

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  /** Unix mode bits, e.g. 0o755 for an executable. @default 0o644 */
  readonly mode?: number;
}

/** "Made by" host 3 is Unix: only then do the high 16 bits of the external attributes hold a mode. */
const MADE_BY_UNIX = 3;
const REGULAR_FILE = 0o100000;
/** A fixed timestamp (the zip epoch), so the same files always make the same bytes. */
const ZIP_EPOCH = new Date(1980, 0, 1);

/** A deflated zip of `entries` (for the deploy step, tests and tools that build Lambda packages in memory). */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const files: Zippable = {};
  for (const e of entries) {
    files[e.name] = [e.data, { level: 6, mtime: ZIP_EPOCH, os: MADE_BY_UNIX, attrs: ((REGULAR_FILE | (e.mode ?? 0o644)) << 16) >>> 0 }];
  }
  return Buffer.from(zipSync(files));
}

function openZip(zip: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    fromBuffer(zip, { lazyEntries: true }, (err, zipfile) => (err ? reject(new Error(`not a zip file: ${err.message}`)) : resolve(zipfile)));
  });
}

function entryData(zipfile: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zipfile.openReadStream(entry, (err, stream) => {
      if (err) return reject(new Error(`could not read zip entry ${entry.fileName}: ${err.message}`));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e: Error) => reject(new Error(`could not read zip entry ${entry.fileName}: ${e.message}`)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

function entryMode(entry: Entry): number | undefined {
  const mode = entry.versionMadeBy >> 8 === MADE_BY_UNIX ? (entry.externalFileAttributes >>> 16) & 0o777 : 0;
  return mode || undefined;
}

/** Every entry of `zip`, in archive order. Names that are absolute or climb with `..` are rejected. */
export async function readZip(zip: Buffer): Promise<ZipEntry[]> {
  const zipfile = await openZip(zip);
  const entries: ZipEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zipfile.on('error', (e: Error) => reject(new Error(`corrupt zip: ${e.message}`)));
    zipfile.on('end', () => resolve());
    zipfile.on('entry', (entry: Entry) => {
      entryData(zipfile, entry).then((data) => {
        const mode = entryMode(entry);
        entries.push(mode ? { name: entry.fileName, data, mode } : { name: entry.fileName, data });
        zipfile.readEntry();
      }, reject);
    });
    zipfile.readEntry();
  });
  return entries;
}

/** Extracts into `dir`, refusing entries that would escape it. */
export async function extractZip(zip: Buffer, dir: string): Promise<void> {
  const root = path.resolve(dir);
  for (const e of await readZip(zip)) {
    const target = path.resolve(root, e.name);
    if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`zip entry escapes the target directory: ${e.name}`);
    if (e.name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, e.data);
    if (e.mode) chmodSync(target, e.mode);
  }
}

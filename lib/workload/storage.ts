import * as fs from 'fs';
import * as path from 'path';
import { errorMessage } from './error-message';

/**
 * The processor's only view of storage: four zones, whole-object writes, streamed reads. Two
 * implementations: LocalStorage (here, for `scalesim process` and tests) and S3Storage
 * (s3-storage.ts, inside AWS or against an emulator).
 */

export const ZONES = ['raw', 'curated', 'quarantine', 'audit'] as const;
export type Zone = (typeof ZONES)[number];

export type StorageErrorCode = 'not_found' | 'invalid_key' | 'io';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type Body = Buffer | string | readonly Buffer[];

export interface WorkloadStorage {
  /** Stream an object's bytes. Rejects with a StorageError `not_found` when it does not exist. */
  read(zone: Zone, key: string): Promise<AsyncIterable<Buffer>>;
  /** A whole object (small ones: the manifest). */
  readAll(zone: Zone, key: string): Promise<Buffer>;
  /** Whole-object write; replaces what was there, so a retried partition overwrites its own outputs. */
  put(zone: Zone, key: string, body: Body, contentType?: string): Promise<void>;
  /** Write only if absent (S3 If-None-Match: *). True when this call created the object. */
  putIfAbsent(zone: Zone, key: string, body: Body): Promise<boolean>;
  /** OpenLineage dataset namespace of a zone: `s3://bucket` or `file:///abs/dir`. */
  namespace(zone: Zone): string;
  /** A serializable description, so a worker thread can open the same storage. */
  readonly config: StorageConfig;
}

export type StorageConfig =
  | { readonly kind: 'local'; readonly roots: Readonly<Record<Zone, string>>; readonly stripPrefix?: string }
  | { readonly kind: 's3'; readonly buckets: Readonly<Record<Zone, string>> };

export function bodyBuffer(body: Body): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  return Buffer.concat(body as Buffer[]);
}

/**
 * Zones as directories. With `stripPrefix` (e.g. `local/`), keys must start with it and it is
 * removed, so a generated directory (`<dir>/manifest.json`, `<dir>/partitions/…`) serves as the raw
 * zone of one run and outputs land directly under each zone's directory.
 */
export class LocalStorage implements WorkloadStorage {
  readonly config: StorageConfig;

  constructor(
    private readonly roots: Readonly<Record<Zone, string>>,
    private readonly stripPrefix?: string,
  ) {
    const abs = {} as Record<Zone, string>;
    for (const z of Object.keys(roots) as Zone[]) abs[z] = path.resolve(roots[z]);
    this.roots = abs;
    this.config = { kind: 'local', roots: abs, ...(stripPrefix ? { stripPrefix } : {}) };
  }

  /** The file a key maps to. Rejects keys that would escape the zone's directory. */
  pathOf(zone: Zone, key: string): string {
    let k = key;
    if (this.stripPrefix !== undefined) {
      if (!k.startsWith(this.stripPrefix)) throw new StorageError('invalid_key', `key ${key} is outside this run (expected prefix ${this.stripPrefix})`);
      k = k.slice(this.stripPrefix.length);
    }
    const parts = k.split('/');
    if (k.length === 0 || path.isAbsolute(k) || parts.some((p) => p === '..' || p === '.' || p === '')) {
      throw new StorageError('invalid_key', `invalid object key ${JSON.stringify(key)}`);
    }
    return path.join(this.roots[zone], ...parts);
  }

  async read(zone: Zone, key: string): Promise<AsyncIterable<Buffer>> {
    const file = this.pathOf(zone, key);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (e) {
      throw toStorageError(e, `${zone}:${key}`);
    }
    return handle.createReadStream({ highWaterMark: 1024 * 1024 });
  }

  async readAll(zone: Zone, key: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.pathOf(zone, key));
    } catch (e) {
      throw toStorageError(e, `${zone}:${key}`);
    }
  }

  async put(zone: Zone, key: string, body: Body): Promise<void> {
    const file = this.pathOf(zone, key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half an object (as with S3's whole-object PUT).
    const tmp = `${file}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
    try {
      // A list of chunks is written as is (writeFile takes an iterable): no concatenated copy.
      await fs.promises.writeFile(tmp, typeof body === 'string' || Buffer.isBuffer(body) ? body : (body as readonly Buffer[]));
      await fs.promises.rename(tmp, file);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true });
      throw toStorageError(e, `${zone}:${key}`);
    }
  }

  async putIfAbsent(zone: Zone, key: string, body: Body): Promise<boolean> {
    const file = this.pathOf(zone, key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    try {
      await fs.promises.writeFile(file, bodyBuffer(body), { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw toStorageError(e, `${zone}:${key}`);
    }
  }

  namespace(zone: Zone): string {
    return `file://${this.roots[zone]}`;
  }
}

function toStorageError(e: unknown, what: string): StorageError {
  if (e instanceof StorageError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new StorageError('not_found', `${what} not found`);
  return new StorageError('io', `${what}: ${errorMessage(e)}`);
}

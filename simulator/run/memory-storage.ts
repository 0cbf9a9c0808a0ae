import { bodyBuffer, type Body, type StorageConfig, StorageError, type WorkloadStorage, type Zone } from '../../lib/workload/storage';

/**
 * The four zones in memory, for processing data in-process without a disk or an emulator (the
 * proxy-data measurement: run/proxy-limits.ts). Its `config` cannot open the same storage in a worker
 * thread (there is no shared memory behind it), so it is for single-threaded use only.
 */
export class MemoryStorage implements WorkloadStorage {
  readonly config: StorageConfig = { kind: 'local', roots: { raw: 'memory:raw', curated: 'memory:curated', quarantine: 'memory:quarantine', audit: 'memory:audit' } };
  private readonly objects = new Map<string, Buffer[]>();

  async read(zone: Zone, key: string): Promise<AsyncIterable<Buffer>> {
    const o = this.objects.get(`${zone}:${key}`);
    if (!o) throw new StorageError('not_found', `${zone}:${key} not found`);
    return (async function* () {
      yield* o;
    })();
  }

  async readAll(zone: Zone, key: string): Promise<Buffer> {
    const o = this.objects.get(`${zone}:${key}`);
    if (!o) throw new StorageError('not_found', `${zone}:${key} not found`);
    return Buffer.concat(o);
  }

  async put(zone: Zone, key: string, body: Body): Promise<void> {
    this.objects.set(`${zone}:${key}`, typeof body === 'string' || Buffer.isBuffer(body) ? [bodyBuffer(body)] : [...(body as readonly Buffer[])]);
  }

  async putIfAbsent(zone: Zone, key: string, body: Body): Promise<boolean> {
    if (this.objects.has(`${zone}:${key}`)) return false;
    await this.put(zone, key, body);
    return true;
  }

  namespace(zone: Zone): string {
    return `memory://${zone}`;
  }

  /** An object's bytes, or undefined when it does not exist. */
  object(zone: Zone, key: string): Buffer | undefined {
    const o = this.objects.get(`${zone}:${key}`);
    return o ? Buffer.concat(o) : undefined;
  }

  /** Total bytes stored in a zone under a prefix. */
  bytes(zone: Zone, prefix = ''): number {
    let n = 0;
    for (const [k, v] of this.objects) if (k.startsWith(`${zone}:${prefix}`)) for (const b of v) n += b.length;
    return n;
  }
}

import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ENV } from './contract';
import { Body, StorageConfig, StorageError, WorkloadStorage, ZONES, Zone, bodyBuffer } from './storage';
import { errorMessage } from './error-message';

/** The zones as S3 buckets. */
export class S3Storage implements WorkloadStorage {
  readonly config: StorageConfig;

  constructor(
    private readonly client: S3Client,
    private readonly buckets: Readonly<Record<Zone, string>>,
  ) {
    this.config = { kind: 's3', buckets };
  }

  /** Buckets from the contract's environment variables; throws naming every missing one. */
  static fromEnv(env: Readonly<Record<string, string | undefined>>, client = createS3Client(env)): S3Storage {
    return new S3Storage(client, bucketsFromEnv(env));
  }

  async read(zone: Zone, key: string): Promise<AsyncIterable<Buffer>> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.buckets[zone], Key: key }));
      // In Node the SDK's body is an http.IncomingMessage: an async iterable of Buffers.
      return out.Body as unknown as AsyncIterable<Buffer>;
    } catch (e) {
      throw this.error(e, zone, key);
    }
  }

  async readAll(zone: Zone, key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for await (const c of await this.read(zone, key)) chunks.push(c);
    } catch (e) {
      throw this.error(e, zone, key);
    }
    return Buffer.concat(chunks);
  }

  async put(zone: Zone, key: string, body: Body, contentType = contentTypeOf(key)): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.buckets[zone], Key: key, Body: bodyBuffer(body), ContentType: contentType }));
    } catch (e) {
      throw this.error(e, zone, key);
    }
  }

  async putIfAbsent(zone: Zone, key: string, body: Body): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.buckets[zone], Key: key, Body: bodyBuffer(body), ContentType: contentTypeOf(key), IfNoneMatch: '*' }),
      );
      return true;
    } catch (e) {
      const status = (e as S3ServiceException).$metadata?.httpStatusCode;
      // 412: it exists. 409: a concurrent conditional write won the race.
      if (status === 412 || status === 409) return false;
      throw this.error(e, zone, key);
    }
  }

  namespace(zone: Zone): string {
    return `s3://${this.buckets[zone]}`;
  }

  private error(e: unknown, zone: Zone, key: string): StorageError {
    if (e instanceof StorageError) return e;
    const where = `s3://${this.buckets[zone]}/${key}`;
    const name = (e as { name?: string }).name;
    const status = (e as S3ServiceException).$metadata?.httpStatusCode;
    if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) return new StorageError('not_found', `${where} not found`);
    return new StorageError('io', `${where}: ${errorMessage(e)}`);
  }
}

export function bucketsFromEnv(env: Readonly<Record<string, string | undefined>>): Record<Zone, string> {
  const names: Record<Zone, string> = {
    raw: ENV.rawBucket,
    curated: ENV.curatedBucket,
    quarantine: ENV.quarantineBucket,
    audit: ENV.auditBucket,
  };
  const missing = ZONES.filter((z) => !env[names[z]]).map((z) => names[z]);
  if (missing.length > 0) throw new Error(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: the stack sets the bucket names`);
  const out = {} as Record<Zone, string>;
  for (const z of ZONES) out[z] = env[names[z]]!;
  return out;
}

/**
 * Default SDK configuration: credentials come from the default provider chain as usual. Region and
 * endpoint are read from `env` (the same variables the SDK itself reads, AWS_REGION and
 * AWS_ENDPOINT_URL), so the function depends on its argument only. Emulators serve buckets by path,
 * not by virtual host, hence forcePathStyle whenever an endpoint is set.
 */
export function createS3Client(env: Readonly<Record<string, string | undefined>>): S3Client {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3Client({
    // Lambda and ECS always set AWS_REGION; the fallback only serves a bare local emulator.
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.json')) return 'application/json';
  if (key.endsWith('.ndjson')) return 'application/x-ndjson';
  if (key.endsWith('.gz')) return 'application/gzip';
  return 'application/octet-stream';
}
